import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
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
}): Promise<RunningServer> {
  const server = restify.createServer({ name: 'pz-consultbot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.get('/healthz', (_req, res, next) => {
    if (options.isReady()) res.send(200, { status: 'ok' });
    else res.send(503, { status: 'starting' });
    next();
  });

  server.post('/api/messages', async (req, res) => {
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
