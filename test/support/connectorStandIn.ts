import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A conversation member as the roster API returns it: Teams gives the Entra object id as `objectId`. */
export interface RosterMember {
  id: string;
  name: string;
  objectId: string;
}

export interface ConnectorCall {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The activity replied to (POST) or updated (PUT); absent for a plain send. */
  activityId?: string;
  /** The id this stand-in gave the activity (POST), or the updated id (PUT). */
  resultId: string;
  activity: { type: string; text?: string; attachments?: { contentType: string; content: any }[]; id?: string };
}

/**
 * A local stand-in for the Bot Connector service (the `serviceUrl` of each activity): it speaks
 * the same REST routes the bot calls to reply, send proactively, update a card in place and read
 * a conversation's members (the Teams roster API), and records every send so tests can see what
 * each user was shown.
 */
export class ConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  private server?: Server;
  private sequence = 0;
  url = '';
  /** Set to make the next calls fail, as an unreachable connector would. */
  failing = false;
  /**
   * Conversations (a chat, or a channel with its threads) whose sends and updates Teams refuses
   * with 403, as when a user blocked the bot; the Connector client does not retry that itself.
   */
  readonly failingConversations = new Set<string>();
  /** Sends and updates held unanswered until `answer()`, as a Teams that takes the request in and does not reply. */
  private held?: { until: Promise<void>; release: () => void; count: number };
  /** The members of each team, channel or chat, by conversation id, for the roster API. */
  readonly rosters = new Map<string, RosterMember[]>();

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const body = await readBody(req);
      const held = this.held;
      if (held && /\/activities/.test(req.url ?? '')) {
        held.count++;
        await held.until;
        held.count--;
      }
      const roster = /^\/v3\/conversations\/([^/]+)\/members$/.exec((req.url ?? '').split('?')[0]!);
      if (roster && req.method === 'GET' && !this.failing) {
        const members = this.rosters.get(decodeURIComponent(roster[1]!));
        res.statusCode = members ? 200 : 404;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(members ?? { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } }));
        return;
      }
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec((req.url ?? '').split('?')[0]!);
      if (!match || (req.method !== 'POST' && req.method !== 'PUT') || this.failing) {
        res.statusCode = this.failing ? 503 : 404;
        res.end();
        return;
      }
      const conversationId = decodeURIComponent(match[1]!);
      if ([...this.failingConversations].some((id) => conversationId === id || conversationId.startsWith(`${id};`))) {
        res.statusCode = 403;
        res.end();
        return;
      }
      const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
      const resultId = req.method === 'PUT' ? activityId! : `act-${++this.sequence}`;
      this.calls.push({ method: req.method, conversationId, activityId, resultId, activity: JSON.parse(body || '{}') });
      // restify patches Node's response prototype, so writeHead does not chain here.
      res.statusCode = 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: resultId }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  /** From now on, sends and updates get no answer until `answer()`. */
  stopAnswering(): void {
    let release = () => undefined as void;
    const until = new Promise<void>((resolve) => (release = resolve));
    this.held = { until, release, count: 0 };
  }

  /** How many sends and updates are waiting for an answer. */
  get waiting(): number {
    return this.held?.count ?? 0;
  }

  /** Answers the held sends and updates, in the order they came, and every one after. */
  answer(): void {
    this.held?.release();
    this.held = undefined;
  }

  async stop(): Promise<void> {
    this.answer();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
