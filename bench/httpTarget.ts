import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application } from '@microsoft/teams-ai';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, type Activity } from 'botbuilder';
import { pino } from 'pino';
import '../src/config/zodMessages.js';
import { readEnv } from '../src/config/env.js';
import { startBot } from '../src/main.js';
import { BotMetrics } from '../src/http/metrics.js';
import { DownloadDesk } from '../src/reports/downloads.js';
import { FileDownloads } from '../src/store/file/downloads.js';
import { startServer } from '../src/server.js';

/**
 * The system under test of benchmark 1, in a process of its own so that it has a core to itself
 * while autocannon and the Bot Connector stand-in use the other:
 *
 *   tsx bench/httpTarget.ts pz     PZ-Consultbot (startBot, local mode, a fresh temp store)
 *   tsx bench/httpTarget.ts echo   a bare Teams AI Application that echoes, served by the same
 *                                   startServer (restify, body parser, activity check, local-mode
 *                                   authentication, TeamsAdapter.process)
 *
 * Prints `READY <url>` when listening; stops on SIGTERM.
 */

const mode = process.argv[2];
const storeDir = await mkdtemp(join(tmpdir(), `pz-bench-http-${mode}-`));
const env = readEnv({
  BOT_LOCAL_DEV: 'true',
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: 'data',
  STORE_DIR: storeDir,
  PATIENT_REF_SECRET: 'bench-secret-for-patient-references-0123456789',
  DOWNLOAD_LINK_SECRET: 'bench-secret-for-download-links-0123456789',
  AUDIT_KEY: 'bench-key-for-the-audit-trail-0123456789abcdef',
  LOG_LEVEL: 'silent',
});
const logger = pino({ level: 'silent' });

let stop: () => Promise<void>;
let url: string;
if (mode === 'pz') {
  const bot = await startBot(env, logger);
  url = bot.server.url;
  stop = () => bot.stop();
} else if (mode === 'echo') {
  // Exactly as main.ts builds the adapter and the authentication, with the same (empty) credentials.
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: env.MICROSOFT_APP_ID,
    MicrosoftAppPassword: env.MICROSOFT_APP_PASSWORD,
    MicrosoftAppType: env.MICROSOFT_APP_TYPE,
    MicrosoftAppTenantId: env.MICROSOFT_APP_TENANT_ID,
  });
  const adapter = new TeamsAdapter({}, credentials);
  const authentication = new ConfigurationBotFrameworkAuthentication({}, credentials);
  const app = new Application({ adapter, botAppId: env.MICROSOFT_APP_ID, removeRecipientMention: true, startTypingTimer: false, longRunningMessages: false });
  app.activity(ActivityTypes.Message, async (context) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  });
  const server = await startServer({
    adapter,
    handleTurn: (context) => app.run(context).then(() => undefined),
    host: env.HOST,
    port: env.PORT,
    logger,
    isReady: () => true,
    allowedTenantIds: env.ALLOWED_TENANT_IDS,
    authenticateHeader: (authorization) => authentication.authenticateRequest({ channelId: '', serviceUrl: '' } as Partial<Activity> as Activity, authorization),
    authenticate: (activity, authorization) => authentication.authenticateRequest({ channelId: activity.channelId, serviceUrl: activity.serviceUrl } as Partial<Activity> as Activity, authorization),
    recordTenantRefusal: async () => undefined,
    downloads: new DownloadDesk(new FileDownloads(join(storeDir, 'exports')), env.DOWNLOAD_LINK_SECRET, () => new Date()),
    // The echo bot stores nothing: it reports a file store that is always there.
    store: { kind: 'file', reachable: async () => true },
    jobsHealthy: async () => true,
    metrics: new BotMetrics(),
  });
  url = server.url;
  stop = () => server.close();
} else {
  console.error('usage: tsx bench/httpTarget.ts pz|echo');
  process.exit(2);
}

process.on('SIGTERM', () => {
  void stop()
    .then(() => rm(storeDir, { recursive: true, force: true }))
    .then(() => process.exit(0));
});
// Straight to stdout: once the bot runs, console output is routed to its (silent) logger.
process.stdout.write(`READY ${url}\n`);
