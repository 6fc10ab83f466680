import {
  type Activity,
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';
import { TeamsAdapter, type PromptCompletionModel } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import './config/zodMessages.js';
import type { Env } from './config/env.js';
import { demoSecretsIn } from './config/secrets.js';
import { loadNetwork } from './config/loadNetwork.js';
import { createBotApplication, runBotTurn } from './bot/app.js';
import { TeamsNotifier } from './bot/teamsNotifier.js';
import { Router } from './domain/routing.js';
import { AcpService } from './services/acpService.js';
import { ConsultService } from './services/consultService.js';
import { GraphOnlineMeetings } from './graph/onlineMeetings.js';
import { MdoChannels } from './services/mdoChannels.js';
import { MdoService } from './services/mdoService.js';
import { TeamsMeetings } from './services/teamsMeetings.js';
import { TeamsMdoNotifier } from './bot/mdoNotifier.js';
import { DownloadDesk } from './reports/downloads.js';
import type { AuditTrail } from './store/auditLog.js';
import { openAuditTrail, openStorage } from './store/openStorage.js';
import type { Storage } from './store/store.js';
import { RosterImports } from './services/rosterImport.js';
import { RosterChanges } from './services/rosterChanges.js';
import { BotAudit } from './bot/botAudit.js';
import { Deliveries } from './bot/deliveries.js';
import { configuredModel, ModelAssistant } from './bot/modelAssistant.js';
import { routeConsoleTo } from './logger.js';
import { startServer, type RunningServer } from './server.js';
import { deliver, DeliverySchema } from './services/outbox.js';
import { deliverMdo, isMdoDelivery } from './services/mdoOutbox.js';
import { BotMetrics } from './http/metrics.js';
import { RosterDuties } from './bot/rosterDuties.js';

/**
 * What the token is checked against before the body is read. With no channel and no serviceUrl
 * botbuilder checks the signature, issuer, audience and expiry and skips the two checks that
 * need the activity (channel endorsement, serviceUrl claim); those run once the body is read.
 */
const HEADER_ONLY: Partial<Activity> = { channelId: '', serviceUrl: '' };

/** How often housekeeping runs: expired download links, old activity claims, new roster imports. */
const HOUSEKEEPING_MS = 5 * 60_000;

/**
 * The public Azure Bot Framework endpoints, with the token-validation ones replaced where the
 * environment says so. botbuilder uses none of its defaults once any endpoint is given, so all
 * of them are passed.
 */
function authenticationEndpoints(env: Env): ConfigurationBotFrameworkAuthenticationOptions {
  if (!env.BOT_OPENID_METADATA_URL && !env.BOT_TOKEN_ISSUER) return {};
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: env.BOT_TOKEN_ISSUER ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: env.BOT_OPENID_METADATA_URL ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

export interface RunningBot {
  server: RunningServer;
  store: Storage;
  auditTrail: AuditTrail;
  consults: ConsultService;
  mdo: MdoService;
  router: Router;
  /** Runs now whatever is due by the bot's clock (for tests, whose clock jumps; in service, jobs do this on time). */
  tick(): Promise<void>;
  /** Settles once the jobs due at start-up have run (or failed for a retry): what tests wait for before their first turn. */
  caughtUp: Promise<void>;
  stop(): Promise<void>;
}

/** Wires configuration, storage, the Teams AI application and the HTTP server, then listens. */
/** What tests may put in place of the outside world's edge. */
export interface StartOptions {
  /** A language model to use instead of the configured endpoint (a test double). */
  model?: PromptCompletionModel;
  modelTimeoutMs?: number;
  /** Gives outgoing calls their token instead of Microsoft's login service (a test stand-in); checks incoming app ids as usual. */
  credentials?: ServiceClientCredentialsFactory;
}

export async function startBot(env: Env, logger: Logger, clock: () => Date = () => new Date(), options: StartOptions = {}): Promise<RunningBot> {
  const { directory, pools, rosters } = loadNetwork(env.DATA_DIR);
  // Production refuses them (see EnvSchema); here they are allowed, and said once.
  const demoSecrets = demoSecretsIn(env);
  if (demoSecrets.length > 0) logger.warn({ variables: demoSecrets }, "public demo secrets from .env.example in use: local mode only, never in production");
  const store = await openStorage(env, clock);
  const rosterImports = new RosterImports(store.rosters);
  const rosterChanges = new RosterChanges(store, clock);
  const router = new Router(directory, pools, rosters, rosterImports.shiftsOf, rosterChanges);
  // Asked before every routing decision: the reads go out together, not one after the other.
  const refreshRouting = async () => {
    await Promise.all([rosterImports.refresh(router), rosterChanges.refresh(router)]);
  };
  const credentials = options.credentials ?? new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: env.MICROSOFT_APP_ID,
    MicrosoftAppPassword: env.MICROSOFT_APP_PASSWORD,
    MicrosoftAppType: env.MICROSOFT_APP_TYPE,
    MicrosoftAppTenantId: env.MICROSOFT_APP_TENANT_ID,
  });
  const adapter = new TeamsAdapter(authenticationEndpoints(env), credentials);
  const authentication = new ConfigurationBotFrameworkAuthentication(authenticationEndpoints(env), credentials);
  const auditTrail = await openAuditTrail(env, store, logger);
  const audit = new BotAudit(auditTrail, clock, logger);
  const notifier = new TeamsNotifier(adapter, env.MICROSOFT_APP_ID, store, directory, audit, logger, async (consult) => (await store.acps.get(consult.patientRef))?.summary.akkoordMetDelen === 'ja');
  // The MDO notifier asks the ACP rule, which asks the MDO service: bound late, through `acps`.
  const mdoNotifier: TeamsMdoNotifier = new TeamsMdoNotifier(notifier, store, directory, audit, clock, async (personId: string, patientRef: string): Promise<boolean> => {
    const person = directory.person(personId);
    return Boolean(person && (await acps.forMdoParticipant(person, patientRef)));
  }, async (seriesId) => (await mdo.allSeries()).find((series) => series.id === seriesId));
  const teamsMeetings = env.GRAPH_CLIENT_ID
    ? new TeamsMeetings(directory, new GraphOnlineMeetings({ tenantId: env.GRAPH_TENANT_ID, clientId: env.GRAPH_CLIENT_ID, clientSecret: env.GRAPH_CLIENT_SECRET, graphUrl: env.GRAPH_URL, loginUrl: env.GRAPH_LOGIN_URL }, logger, clock))
    : undefined;
  const mdo: MdoService = new MdoService(store, directory, router, mdoNotifier, clock, teamsMeetings);
  const mdoChannels = new MdoChannels(store, directory, clock);
  const acps: AcpService = new AcpService(store, env.PATIENT_REF_SECRET, clock, (personId: string): Promise<ReadonlySet<string>> => mdo.mdoPatientsOf(personId));
  const languageModel = options.model
    ? { model: options.model }
    : configuredModel({ endpoint: env.LLM_ENDPOINT, apiKey: env.LLM_API_KEY, model: env.LLM_MODEL, allowedHosts: env.LLM_ALLOWED_HOSTS });
  if (languageModel.refused) logger.warn({ reason: languageModel.refused }, 'language model not used');
  const downloads = new DownloadDesk(store.downloads, env.DOWNLOAD_LINK_SECRET, clock);
  let publicBaseUrl = env.PUBLIC_BASE_URL ?? '';
  const deliveries = new Deliveries(store.activities);
  const consults = new ConsultService(store, directory, router, notifier, env.PATIENT_REF_SECRET, clock, refreshRouting);
  const duties = new RosterDuties(store, directory, router, {
    reachable: (personIds) => notifier.reachable(personIds),
    send: async (personId, text) => (await notifier.inConversation(personId, (context) => context.sendActivity(text))) !== undefined,
  }, audit, clock, refreshRouting);
  const app = createBotApplication({
    adapter,
    botAppId: env.MICROSOFT_APP_ID,
    store,
    directory,
    router,
    refreshRouting,
    consults,
    notifier,
    duties,
    mdo,
    mdoNotifier,
    mdoChannels,
    clock,
    audit,
    deliveries,
    auditTrail,
    downloads,
    patientRefSecret: env.PATIENT_REF_SECRET,
    acps,
    attachmentHosts: env.ATTACHMENT_HOSTS,
    attachmentsFromLoopback: env.BOT_LOCAL_DEV,
    acpMaxAgeMonths: env.ACP_MAX_AGE_MONTHS,
    ...(languageModel.model ? { modelAssistant: new ModelAssistant(languageModel.model, logger, options.modelTimeoutMs) } : {}),
    publicBaseUrl: () => publicBaseUrl,
    logger,
  });

  let ready = false;
  const server = await startServer({
    adapter,
    handleTurn: (context) => runBotTurn(app, context),
    host: env.HOST,
    port: env.PORT,
    logger,
    isReady: () => ready,
    allowedTenantIds: env.ALLOWED_TENANT_IDS,
    authenticateHeader: (authorization) => authentication.authenticateRequest(HEADER_ONLY as Activity, authorization),
    authenticate: (activity, authorization) => authentication.authenticateRequest({ channelId: activity.channelId, serviceUrl: activity.serviceUrl } as Partial<Activity> as Activity, authorization),
    recordTenantRefusal: (activity, detail) => {
      const person = directory.personByAadObjectId(activity.from.aadObjectId);
      return audit.record({ activity, ...(person ? { person } : {}) }, 'tenant.check', 'geweigerd', { detail });
    },
    downloads,
    store,
    jobsHealthy: () => store.jobRunner.healthy(),
    metrics: new BotMetrics({ consults: store.consults, jobs: store.jobRunner }),
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
  });
  publicBaseUrl ||= server.url;
  const housekeeping = async (): Promise<void> => {
    await refreshRouting();
    // Heals the roster chains after a swap or an import moved a shift; planned jobs stay as they are.
    await duties.planAll();
    await downloads.sweep();
    await deliveries.sweep();
  };
  const jobs = store.jobRunner;
  jobs.handle('consult-step', async (data) => {
    if (typeof data.consultId === 'string') await consults.escalate(data.consultId);
  });
  jobs.handle('consult-renotify', async (data) => {
    if (typeof data.consultId === 'string' && typeof data.index === 'number') await consults.renotify(data.consultId, data.index);
  });
  jobs.handle('outbox-deliver', (data) => deliver(data, { consults: store.consults, notifier, mdo: (delivery) => deliverMdo(delivery, store, mdoNotifier) }));
  jobs.handle('outbox-undeliverable', async (data) => {
    const parsed = DeliverySchema.safeParse(data);
    if (!parsed.success) return;
    const delivery = parsed.data;
    await (isMdoDelivery(delivery) ? mdo.undeliverable(delivery) : consults.undeliverable(delivery));
  });
  // Each run plans the next: one chain of jobs, keyed by due time, however many instances run it.
  jobs.handle('mdo-due', async () => {
    await mdo.runDue();
    const next = await mdo.nextDueAt();
    await store.jobs.schedule({ queue: 'mdo-due', key: next.toISOString(), data: {}, runAt: next });
  });
  const nextHousekeeping = () => new Date(Math.ceil((clock().getTime() + 1) / HOUSEKEEPING_MS) * HOUSEKEEPING_MS);
  jobs.handle('housekeeping', async () => {
    await housekeeping();
    const next = nextHousekeeping();
    await store.jobs.schedule({ queue: 'housekeeping', key: next.toISOString(), data: {}, runAt: next });
  });
  jobs.handle('roster-handover', (data) => duties.handover(data));
  jobs.handle('roster-warnings', (data) => duties.warn(data));
  jobs.handle('roster-absence-end', (data) => duties.endAbsence(data));
  jobs.observe((event) => {
    if (event.outcome !== 'done') logger.warn({ queue: event.queue, outcome: event.outcome, err: { message: event.error } }, 'job failed');
  });
  const tick = async (): Promise<void> => {
    await housekeeping();
    await consults.escalateDue();
    await consults.renotifyDue();
    await mdo.runDue();
    await jobs.drain();
  };
  // Catches up on what fell due while no instance ran (the consults only: their messages go out
  // through the worker); then the job chains keep time.
  await consults.catchUp();
  await store.jobs.schedule({ queue: 'mdo-due', key: `start:${clock().toISOString()}`, data: {}, runAt: clock() });
  await store.jobs.schedule({ queue: 'housekeeping', key: nextHousekeeping().toISOString(), data: {}, runAt: nextHousekeeping() });
  await refreshRouting();
  await duties.planAll();
  await jobs.start();
  const restoreConsole = routeConsoleTo(logger);
  // Ready before what is due has run: the poll loops deliver it, and a Teams that does not answer
  // must not keep a restarted instance from taking turns (each failed send takes seconds).
  ready = true;
  const caughtUp = jobs.drain().then(
    () => undefined,
    () => undefined,
  );
  logger.info({ url: server.url, regions: directory.regions.length, rosters: rosters.length, openConsults: (await store.consults.open()).length, store: store.kind, localDev: env.BOT_LOCAL_DEV }, 'PZ-Consultbot ready');
  return {
    server,
    store,
    auditTrail,
    consults,
    mdo,
    router,
    tick,
    caughtUp,
    stop: async () => {
      await server.close();
      restoreConsole();
      await store.close();
    },
  };
}
