import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { z } from 'zod/v4';
import type { DownloadDesk } from './reports/downloads.js';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The largest activity the bot accepts; a consult form is a few kilobytes. */
const MAX_BODY_BYTES = 256 * 1024;

/** restify serving the Bot Framework endpoint and a readiness check; nothing else lives here. */
export async function startServer(options: {
  adapter: TeamsAdapter;
  handleTurn: (context: TurnContext) => Promise<void>;
  host: string;
  port: number;
  logger: Logger;
  /** Readiness: false until start-up work (such as offering stored requests) is done. */
  isReady: () => boolean;
  /** When not empty, activities from any other Microsoft 365 tenant are refused. */
  allowedTenantIds: readonly string[];
  /** Rejects when the request does not carry a valid Bot Framework token (resolves in local mode). */
  authenticate: (activity: Activity, authorization: string) => Promise<unknown>;
  downloads: DownloadDesk;
}): Promise<RunningServer> {
  const server = restify.createServer({ name: 'pz-consultbot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.get('/healthz', (_req, res, next) => {
    if (options.isReady()) res.send(200, { status: 'ok' });
    else res.send(503, { status: 'starting' });
    next();
  });

  // Export files, behind signed single-use links that the bot gives one coordinator in chat.
  server.get('/downloads', async (req, res) => {
    const token = new URL(req.url ?? '', 'http://localhost').searchParams.get('token') ?? '';
    const result = await options.downloads.redeem(token);
    if (!result.ok) {
      res.send(result.status, { error: result.message });
      return;
    }
    res.writeHead(200, {
      'content-type': result.file.contentType,
      'content-disposition': `attachment; filename="${result.file.name}"`,
      'content-length': result.file.data.length,
      'cache-control': 'no-store',
    });
    res.end(result.file.data);
  });

  server.post('/api/messages', async (req, res) => {
    if (!isActivityShaped(req.body)) {
      res.send(400, { error: 'geen geldige Bot Framework-activiteit' });
      return;
    }
    // Checked here as well as in the adapter: the adapter answers some invalid tokens (a bad
    // signature) with 500. Whatever is wrong with a token, the answer is 401 and nothing runs.
    try {
      await options.authenticate(req.body as Activity, req.header('authorization') ?? '');
    } catch (error) {
      options.logger.warn({ reason: (error as Error).name }, 'request refused: not authenticated');
      res.send(401, { error: 'niet geauthenticeerd' });
      return;
    }
    if (options.allowedTenantIds.length > 0 && !options.allowedTenantIds.includes(tenantOf(req.body))) {
      options.logger.warn({ tenantId: tenantOf(req.body) }, 'activity from a tenant that is not allowed');
      res.send(403, { error: 'tenant niet toegestaan' });
      return;
    }
    try {
      await options.adapter.process(req, res, options.handleTurn);
    } catch (error) {
      options.logger.error({ err: error }, 'turn failed');
      if (!res.headersSent) res.send(500);
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      }),
  };
}

function tenantOf(body: unknown): string {
  const activity = body as { conversation?: { tenantId?: string }; channelData?: { tenant?: { id?: string } } } | undefined;
  return (activity?.channelData?.tenant?.id ?? activity?.conversation?.tenantId ?? '').toLowerCase();
}

/** The least an activity needs before the Bot Framework adapter may look at it; the rest passes through. */
const ActivityShape = z.looseObject({
  type: z.string().min(1),
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  from: z.looseObject({ id: z.string().min(1) }),
  recipient: z.looseObject({ id: z.string() }),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

function isActivityShaped(body: unknown): boolean {
  return ActivityShape.safeParse(body).success;
}
