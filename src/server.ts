import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Request, Response } from 'restify';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { parseActivity, tenantOf, type InboundActivity } from './http/activity.js';
import { NOT_AN_ACTIVITY, NOT_JSON, readJsonBody, refusalByHeaders, TOO_LARGE } from './http/inbound.js';
import { runTurn } from './http/turn.js';
import type { DownloadDesk } from './reports/downloads.js';
import type { Storage } from './store/store.js';
import { mayScrape, type BotMetrics } from './http/metrics.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Fixed answers: nothing from the request or from an error ever goes back to the caller. */
const FIXED_ERRORS: Record<number, string> = {
  400: NOT_AN_ACTIVITY.error,
  401: 'niet geauthenticeerd',
  403: 'tenant niet toegestaan',
  404: 'niet gevonden',
  405: 'methode niet toegestaan',
  413: TOO_LARGE.error,
  415: NOT_JSON.error,
};
const fixedError = (status: number): string => FIXED_ERRORS[status] ?? (status >= 500 ? 'verwerking mislukt; probeer het opnieuw' : 'verzoek geweigerd');
const NOT_AUTHENTICATED = { status: 401, error: fixedError(401) };
const TENANT_REFUSED = { status: 403, error: fixedError(403) };

/**
 * restify serving the Bot Framework endpoint, export downloads and a readiness check; nothing
 * else lives here. On /api/messages nothing is read before the token is checked: the headers
 * first (JSON, not compressed, not too large), then the token, then at most 256 KB of body,
 * then its shape, the full token check against it (serviceUrl claim), the tenant, and only then the turn.
 */
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
  /**
   * Rejects unless the Authorization header carries a Bot Framework token that is valid in
   * itself (signature, issuer, audience, expiry); resolves in local mode. Runs before the body is read.
   */
  authenticateHeader: (authorization: string) => Promise<unknown>;
  /** The full check once the activity is known: also its channel and the token's serviceUrl claim. */
  authenticate: (activity: InboundActivity, authorization: string) => Promise<unknown>;
  /** Records an authenticated activity refused for its tenant, before it is answered. */
  recordTenantRefusal: (activity: InboundActivity, detail: string) => Promise<void>;
  downloads: DownloadDesk;
  /** Which store the bot runs on, and whether it answers now, for /healthz. */
  store: Pick<Storage, 'kind' | 'reachable'>;
  /** Whether the job runner runs and reaches its queue, for /healthz. */
  jobsHealthy: () => Promise<boolean>;
  metrics: BotMetrics;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken?: string;
}): Promise<RunningServer> {
  const { logger } = options;
  const server = restify.createServer({ name: 'pz-consultbot', handleUncaughtExceptions: false });
  // restify's own errors (unknown path, wrong method, a handler that threw) carry its message,
  // which may repeat the request's path; the caller sees a fixed text instead.
  server.on('restifyError', (_req: Request, _res: Response, error: { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) logger.error({ status }, 'request failed');
    error.toJSON = () => ({ error: fixedError(status) });
    callback();
  });

  server.on('after', (_req: Request, res: Response, route: { spec?: { path?: unknown } } | null) => {
    options.metrics.countRequest(typeof route?.spec?.path === 'string' ? route.spec.path : 'other', res.statusCode);
  });

  // Ready, the store answers and the jobs run: a load balancer sends no traffic to an instance that lost its database.
  server.get('/healthz', async (_req, res) => {
    if (!options.isReady()) {
      res.send(503, { status: 'starting', store: options.store.kind });
      return;
    }
    const [reachable, jobs] = await Promise.all([options.store.reachable(), options.jobsHealthy()]);
    const status = !reachable ? 'store-unreachable' : !jobs ? 'jobs-not-running' : 'ok';
    res.send(status === 'ok' ? 200 : 503, { status, store: options.store.kind, jobs: jobs ? 'running' : 'not-running' });
  });

  server.get('/metrics', async (req, res) => {
    if (!mayScrape(req.header('authorization'), options.metricsToken)) {
      res.send(401, { error: fixedError(401) });
      return;
    }
    const body = await options.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
    res.end(body);
  });

  // Export files, behind signed single-use links that the bot gives one coordinator in chat.
  server.get('/downloads', async (req, res) => {
    const token = new URL(req.url ?? '', 'http://localhost').searchParams.get('token') ?? '';
    const result = await options.downloads.redeem(token);
    // The link is opened in a browser: a sentence it shows as it is, not JSON.
    if (!result.ok) {
      const text = Buffer.from(`${result.message}\n`, 'utf8');
      res.writeHead(result.status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': text.length, 'cache-control': 'no-store' });
      res.end(text);
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
    const byHeaders = refusalByHeaders(req.headers);
    if (byHeaders) return refuse(req, res, byHeaders);
    const authorization = req.header('authorization') ?? '';
    if (!(await passes(() => options.authenticateHeader(authorization), logger))) return refuse(req, res, NOT_AUTHENTICATED);
    const read = await readJsonBody(req);
    if (!read.ok) return refuse(req, res, read.refusal);
    const activity = parseActivity(read.body);
    if (!activity) return refuse(req, res, NOT_AN_ACTIVITY);
    // Checked here as well as in the adapter: the adapter answers some invalid tokens (a bad
    // signature) with 500. Whatever is wrong with a token, the answer is 401 and nothing runs.
    if (!(await passes(() => options.authenticate(activity, authorization), logger))) return refuse(req, res, NOT_AUTHENTICATED);
    const tenant = tenantOf(activity);
    const tenantProblem =
      'conflict' in tenant ? 'tegenstrijdige tenantvelden' : options.allowedTenantIds.length > 0 && !options.allowedTenantIds.includes(tenant.tenantId) ? 'tenant niet toegestaan' : undefined;
    if (tenantProblem) {
      logger.warn({ ...('tenantId' in tenant ? { tenantId: tenant.tenantId } : { tenantConflict: true }) }, 'activity refused for its tenant');
      await options.recordTenantRefusal(activity, tenantProblem);
      return refuse(req, res, TENANT_REFUSED);
    }
    const answer = await runTurn(options.adapter, activity, req.headers, options.handleTurn, logger);
    if (answer.status >= 400) res.send(answer.status, { error: fixedError(answer.status) });
    else if (answer.body === undefined) res.send(answer.status);
    else res.send(answer.status, answer.body);
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

/** True when `check` resolves; a rejection is logged by its class only (its message may quote the token). */
async function passes(check: () => Promise<unknown>, logger: Logger): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    logger.warn({ reason: (error as Error)?.name }, 'request refused: not authenticated');
    return false;
  }
}

/**
 * Answers with a fixed status and text. A body left unread is discarded as it arrives, never
 * stored or inflated, and the connection is closed after the answer.
 */
function refuse(req: Request, res: Response, refusal: { status: number; error: string }): void {
  if (!req.complete) {
    res.setHeader('connection', 'close');
    req.resume();
  }
  res.send(refusal.status, { error: refusal.error });
}
