import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './connectorStandIn.js';

export interface CreatedMeeting {
  organizer: string;
  body: { subject?: string; startDateTime?: string; endDateTime?: string };
  joinWebUrl: string;
}

/**
 * A local stand-in for Microsoft Graph and the identity platform's token endpoint: the bot asks
 * for a client-credentials token (POST /{tenant}/oauth2/v2.0/token) and creates Teams meetings
 * with it (POST /v1.0/users/{organizer}/onlineMeetings). It refuses a wrong secret or token as
 * Entra and Graph do, and records every meeting it made.
 */
export class GraphStandIn {
  readonly created: CreatedMeeting[] = [];
  readonly tokensIssued: string[] = [];
  /** Set to make onlineMeetings answer 503, as Graph does when it is throttled or down. */
  failing = false;
  url = '';
  private server?: Server;

  constructor(readonly app = { tenantId: 'tenant-demo', clientId: 'pz-consultbot-graph', clientSecret: 'graph-secret-for-tests-0123456789abcdef' }) {}

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const body = await readBody(req);
      const path = (req.url ?? '').split('?')[0]!;
      const send = (status: number, json: unknown) => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(json));
      };
      if (req.method === 'POST' && path === `/${this.app.tenantId}/oauth2/v2.0/token`) {
        const form = new URLSearchParams(body);
        const valid = form.get('grant_type') === 'client_credentials' && form.get('client_id') === this.app.clientId && form.get('client_secret') === this.app.clientSecret && form.get('scope') === 'https://graph.microsoft.com/.default';
        if (!valid) return send(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
        const token = randomUUID();
        this.tokensIssued.push(token);
        return send(200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
      }
      const meeting = /^\/v1\.0\/users\/([^/]+)\/onlineMeetings$/.exec(path);
      if (req.method === 'POST' && meeting) {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!token || !this.tokensIssued.includes(token)) return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } });
        if (this.failing) return send(503, { error: { code: 'ServiceNotAvailable', message: 'Service unavailable.' } });
        const parsed = JSON.parse(body || '{}') as CreatedMeeting['body'];
        if (!parsed.startDateTime || !parsed.endDateTime) return send(400, { error: { code: 'BadRequest', message: 'startDateTime and endDateTime are required.' } });
        const id = randomUUID();
        const joinWebUrl = `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${id}%40thread.v2/0`;
        this.created.push({ organizer: decodeURIComponent(meeting[1]!), body: parsed, joinWebUrl });
        return send(201, { id, joinWebUrl, subject: parsed.subject, startDateTime: parsed.startDateTime, endDateTime: parsed.endDateTime });
      }
      send(404, { error: { code: 'NotFound', message: 'Resource not found.' } });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** The bot's settings for this stand-in. */
  env(): Record<string, string> {
    return { GRAPH_TENANT_ID: this.app.tenantId, GRAPH_CLIENT_ID: this.app.clientId, GRAPH_CLIENT_SECRET: this.app.clientSecret, GRAPH_URL: this.url, GRAPH_LOGIN_URL: this.url };
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
