import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import '../../src/config/zodMessages.js';
import { readEnv } from '../../src/config/env.js';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import type { Consult } from '../../src/domain/consult.js';
import { startBot, type RunningBot, type StartOptions } from '../../src/main.js';
import { ConnectorStandIn, type ConnectorCall } from './connectorStandIn.js';
import { TeamsChannel } from './teamsChannel.js';

export type { TeamsChannel };
import { hurryRetries, postgresUrl, privateSchema, shiftWaitingJobs } from './postgres.js';
import { CONSULT_FORM } from './consultForm.js';

export { CONSULT_FORM };

export const DEMO_SECRET = 'test-secret-for-patient-references-0123456789';
export const DOWNLOAD_SECRET = 'test-secret-for-download-links-0123456789';
export const AUDIT_KEY = 'test-key-for-the-audit-trail-0123456789abcdef';
const { directory } = loadNetwork('data');

/** A settable clock, so tests can say when things happen. */
export class TestClock {
  private readonly movedListeners: ((byMs: number) => void)[] = [];
  constructor(private current = new Date('2026-11-23T10:00:00+01:00')) {}
  get now(): Date {
    return this.current;
  }
  set now(to: Date) {
    const byMs = to.getTime() - this.current.getTime();
    this.current = new Date(to);
    for (const listener of this.movedListeners) listener(byMs);
  }
  read = (): Date => new Date(this.current);
  advanceMinutes(minutes: number): void {
    this.now = new Date(this.current.getTime() + minutes * 60_000);
  }
  /** Hears each move of the clock, by how much (negative when set back). */
  onMoved(listener: (byMs: number) => void): void {
    this.movedListeners.push(listener);
  }
}

export type StoreKind = 'file' | 'postgres';

/** The stores a bot-level test runs on: the file store, and PostgreSQL when a server is reachable. */
export const testStores = (): StoreKind[] => (postgresUrl() ? ['file', 'postgres'] : ['file']);

/**
 * The real bot (restify, Teams AI, the file store or PostgreSQL in a schema of its own) on a
 * random loopback port, in local mode, with a Bot Connector stand-in receiving everything it sends.
 * The store is the `store` option, else PZ_TEST_STORE, else the file store.
 */
/** What a Teams user talks to: a bot's address, the Connector stand-in it answers through, and its consults. */
export interface UserHost {
  readonly connector: ConnectorStandIn;
  readonly url: string;
  consultByRef(ref: string): Promise<Consult | undefined>;
}

export class BotUnderTest implements UserHost {
  readonly connector = new ConnectorStandIn();
  readonly clock = new TestClock();
  bot!: RunningBot;
  storeDir = '';
  dataDir = 'data';

  env: Record<string, string> = {};
  startOptions: StartOptions = {};
  /** The PostgreSQL schema of this bot, when it runs on PostgreSQL. */
  database?: { url: string; schema: string; drop: () => Promise<void> };
  /** The waiting jobs moved with the clock so far (PostgreSQL): what runs due jobs waits for it. */
  private jobsMoved: Promise<void> = Promise.resolve();

  /** Where the bot's log goes; silent unless a test gives a logger to read it. */
  logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

  static async start(options: { storeDir?: string; dataDir?: string; env?: Record<string, string>; logger?: Logger; store?: StoreKind; now?: Date } & StartOptions = {}): Promise<BotUnderTest> {
    const harness = new BotUnderTest();
    if (options.now) harness.clock.now = options.now;
    harness.startOptions = {
      ...(options.model ? { model: options.model } : {}),
      ...(options.modelTimeoutMs ? { modelTimeoutMs: options.modelTimeoutMs } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    };
    harness.dataDir = options.dataDir ?? 'data';
    if (options.logger) harness.logger = options.logger;
    harness.env = options.env ?? {};
    await harness.connector.start();
    harness.storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'pz-store-')));
    if ((options.store ?? process.env.PZ_TEST_STORE) === 'postgres') {
      if (!postgresUrl()) throw new Error('PZ_TEST_STORE=postgres, but no PostgreSQL is reachable');
      const database = await privateSchema();
      harness.database = database;
      // pg-boss hands out jobs by the database's clock, which a test cannot set: when the test's
      // clock moves, every waiting job moves the other way by as much, so what is due by the
      // test's clock is due in the database.
      harness.clock.onMoved((byMs) => {
        harness.jobsMoved = harness.jobsMoved.then(() => shiftWaitingJobs(database.schema, byMs));
      });
    }
    await harness.boot();
    return harness;
  }

  /** Starts the bot on this harness's store; by default returns once the jobs due at start-up have run. */
  async boot(options: { waitForDueJobs?: boolean } = {}): Promise<void> {
    const env = readEnv({
      BOT_LOCAL_DEV: 'true',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: this.dataDir,
      STORE_DIR: this.storeDir,
      PATIENT_REF_SECRET: DEMO_SECRET,
      DOWNLOAD_LINK_SECRET: DOWNLOAD_SECRET,
      AUDIT_KEY,
      LOG_LEVEL: 'silent',
      ...(this.database ? { DATABASE_URL: this.database.url } : {}),
      ...this.env,
    });
    const bot = await startBot(env, this.logger, this.clock.read, this.startOptions);
    // Every way due jobs are run (tick, the poll loops, retryDeliveries) goes through drain: it first lets the waiting
    // jobs catch up with the clock's last move, so a job due by the test's clock is never missed by a fetch just before.
    const drain = bot.store.jobRunner.drain.bind(bot.store.jobRunner);
    bot.store.jobRunner.drain = async (queues) => {
      await this.jobsMoved;
      return drain(queues);
    };
    this.bot = bot;
    if (options.waitForDueJobs ?? true) await this.bot.caughtUp;
  }

  /**
   * A bot where Anna (GP) and Els (specialist PZ) are in conversation: Anna asked a consult with
   * `fields` over CONSULT_FORM and Els accepted it. Frank has the bot installed too.
   */
  static async inConversation(fields: Record<string, string> = {}): Promise<{ harness: BotUnderTest; gp: TeamsUser; els: TeamsUser; consult: Consult }> {
    const harness = await BotUnderTest.start();
    const [gp, els] = [harness.user('anna-de-vries'), harness.user('els-vermeulen')];
    await Promise.all([gp.install(), els.install(), harness.user('frank-geurts').install()]);
    const { consult } = await gp.requestConsult(fields);
    await els.press('consult.accept', { consultId: consult.id });
    return { harness, gp, els, consult };
  }

  get url(): string {
    return this.bot.server.url;
  }

  consultByRef(ref: string): Promise<Consult | undefined> {
    return this.bot.store.consults.byRef(ref);
  }

  /**
   * Lets the outbox retry what Teams did not take: the next retry falls due (the clock moves three
   * minutes on the file store, past any of the outbox's retry delays; on PostgreSQL the waiting
   * retries are made due), and due deliveries and dead letters run.
   */
  async retryDeliveries(): Promise<void> {
    if (this.database) await hurryRetries(this.database.schema);
    else this.clock.advanceMinutes(3);
    await this.bot.store.jobRunner.drain(['outbox-deliver', 'outbox-undeliverable']);
  }

  /** Stops the bot and starts it again on the same store, as after a restart. */
  async restart(): Promise<void> {
    await this.bot.stop();
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    await this.connector.stop();
    await rm(this.storeDir, { recursive: true, force: true });
    await this.database?.drop();
  }

  /** A network member from `data/`, talking to the bot in their 1:1 chat. */
  user(personId: string): TeamsUser {
    const person = directory.person(personId);
    if (!person) throw new Error(`no person ${personId} in data/`);
    return new TeamsUser(this, person.id, person.name, person.aadObjectId);
  }

  /** A channel of a team in which the bot is installed, with these people in its roster (served by the connector stand-in). */
  channel(name: string, members: readonly TeamsUser[]): TeamsChannel {
    const channel = new TeamsChannel(this, `19:${name}@thread.tacv2`, `19:team-${name}@thread.tacv2`);
    this.connector.rosters.set(channel.channelId, members.map((member) => ({ id: `29:${member.personId}`, name: member.name, objectId: member.aadObjectId })));
    return channel;
  }

  /** A Teams user who is not in the network configuration. */
  stranger(): TeamsUser {
    return new TeamsUser(this, 'stranger', 'Onbekende Gebruiker', randomUUID());
  }
}

export class TeamsUser {
  readonly conversationId: string;

  constructor(
    private readonly harness: UserHost,
    readonly personId: string,
    readonly name: string,
    readonly aadObjectId: string,
  ) {
    this.conversationId = `a:1on1-${personId}`;
  }

  activity(fields: Record<string, unknown>) {
    return {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.harness.connector.url,
      from: { id: `29:${this.personId}`, name: this.name, aadObjectId: this.aadObjectId },
      recipient: { id: '28:pz-consultbot', name: 'PZ-Consultbot' },
      conversation: { id: this.conversationId, conversationType: 'personal', tenantId: 'tenant-demo' },
      channelData: { tenant: { id: 'tenant-demo' } },
      locale: 'nl-NL',
      ...fields,
    };
  }

  /** POSTs an activity to /api/messages as Teams would; returns the HTTP status and body. */
  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.harness.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Error responses may be plain text.
    }
    return { status: response.status, body };
  }

  /** The user installs the bot: Teams sends a conversationUpdate adding the bot. */
  async install(): Promise<void> {
    await this.post(this.activity({ type: 'conversationUpdate', membersAdded: [{ id: '28:pz-consultbot' }] }));
  }

  async say(text: string): Promise<void> {
    const { status } = await this.post(this.activity({ type: 'message', text }));
    if (status !== 200) throw new Error(`message answered ${status}`);
  }

  /**
   * Presses an Action.Execute button on the card in message `cardActivityId` (by default the
   * latest card this user received), as Teams does; returns the card shown instead.
   */
  async press(verb: string, data: Record<string, unknown>, cardActivityId = this.cards().at(-1)?.activityId): Promise<any> {
    const invoke = this.activity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      replyToId: cardActivityId,
    });
    const { status, body } = await this.post(invoke);
    if (status !== 200) throw new Error(`invoke answered ${status}`);
    return body?.value;
  }

  /** `consult`, fill in the form (CONSULT_FORM with `fields` over it), submit: returns the card shown instead of the form. */
  async submitConsultForm(fields: Record<string, string> = {}): Promise<{ card: any; formActivityId: string; formId: string }> {
    await this.say('consult');
    const form = this.lastCard();
    const card = await this.press('consult.submit', { ...form.card.actions[0].data, ...CONSULT_FORM, ...fields }, form.activityId);
    return { card, formActivityId: form.activityId, formId: form.card.actions[0].data.formId };
  }

  /** Asks for a consult as a GP does and returns the stored consult, the status card and the message holding it. */
  async requestConsult(fields: Record<string, string> = {}): Promise<{ consult: Consult; card: any; cardActivityId: string }> {
    const { card, formActivityId } = await this.submitConsultForm(fields);
    const ref = /C-[0-9A-Z]{4}/.exec(cardText(card))?.[0];
    const consult = ref ? await this.harness.consultByRef(ref) : undefined;
    if (!consult) throw new Error(`no consult was made: ${cardText(card)}`);
    return { consult, card, cardActivityId: formActivityId };
  }

  /**
   * Closes a consult as a specialist does: opens the close form for `contactCount` contacts and
   * submits what it shows (the default contact dates included) with `fields` filled in over it.
   */
  async closeConsult(consultId: string, fields: Record<string, string>): Promise<any> {
    const contactCount = fields.contactCount ?? '1';
    const form = await this.press('consult.closeForm', { consultId, contactCount });
    return this.press('consult.close', { ...inputDefaults(form), ...fields, consultId, contactCount });
  }

  /** Everything the bot sent to or updated in this user's chat, oldest first. */
  calls(): ConnectorCall[] {
    return this.harness.connector.calls.filter((call) => call.conversationId === this.conversationId);
  }

  /** Texts of the plain messages this user received. */
  messages(): string[] {
    return this.calls()
      .filter((call) => call.method === 'POST' && call.activity.text)
      .map((call) => call.activity.text!);
  }

  /** The cards this user received as new messages, with the id of the message that holds each. */
  cards(): { activityId: string; card: any }[] {
    return this.calls()
      .filter((call) => call.method === 'POST' && call.activity.attachments?.length)
      .map((call) => ({ activityId: call.resultId, card: call.activity.attachments![0]!.content }));
  }

  lastCard(): { activityId: string; card: any } {
    const cards = this.cards();
    if (cards.length === 0) throw new Error(`${this.personId} received no card`);
    return cards[cards.length - 1]!;
  }

  /** The card as it now stands in message `activityId`, after any in-place updates. */
  currentCard(activityId: string): any {
    const versions = this.calls().filter((call) => call.resultId === activityId && call.activity.attachments?.length);
    return versions[versions.length - 1]?.activity.attachments![0]!.content;
  }
}

/** All visible text of a card (text blocks, facts, buttons), for assertions a reader would make. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === 'TextBlock' && typeof record.text === 'string') parts.push(record.text);
    if (typeof record.title === 'string' && typeof record.value === 'string') parts.push(`${record.title}: ${record.value}`);
    if (typeof record.type === 'string' && record.type.startsWith('Action.') && typeof record.title === 'string') parts.push(`[${record.title}]`);
    Object.values(record).forEach(visit);
  };
  visit(card);
  return parts.join('\n');
}

/** The Action.Execute verbs a card offers. */
export function cardVerbs(card: unknown): string[] {
  const verbs: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute' && typeof record.verb === 'string' && record.verb !== 'consult.refresh') verbs.push(record.verb);
    Object.values(record).forEach(visit);
  };
  visit((card as { body?: unknown; actions?: unknown }) && { body: (card as any).body, actions: (card as any).actions });
  return verbs;
}

/** The values a card's inputs start with, keyed by input id: what Teams submits when the user changes nothing. */
export function inputDefaults(card: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Input.') && typeof record.id === 'string' && record.value !== undefined) values[record.id] = String(record.value);
    Object.values(record).forEach(visit);
  };
  visit((card as { body?: unknown }).body);
  return values;
}

/** The one-time download link a download card shows after its button was pressed (the URL of its "… openen" button). */
export function oneTimeLink(card: unknown): string {
  let url: string | undefined;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.OpenUrl' && typeof record.url === 'string') url ??= record.url;
    Object.values(record).forEach(visit);
  };
  visit(card);
  if (!url) throw new Error(`no download link on the card: ${cardText(card)}`);
  return url;
}
