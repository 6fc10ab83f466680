import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import '../src/config/zodMessages.js';
import { readEnv } from '../src/config/env.js';
import { loadNetwork } from '../src/config/loadNetwork.js';
import { localInstant } from '../src/domain/roster.js';
import { startBot } from '../src/main.js';
import { ConnectorStandIn } from '../test/support/connectorStandIn.js';
import { CONSULT_FORM } from '../test/support/consultForm.js';
import { fileWrites as counters, fsyncLatency } from './fileWrites.js';
import { against, figure, log, notMeasured, percentile, processWriteBytes, profilePhase, removeDir, report, seconds, sortedCopy, tempDir, treeSize, type Figure } from './lib.js';
import { createSchema, dropSchema, otherSessions, schemaBytes, walBetween, walPosition, unreachable, type Schema } from './postgres.js';
import { postgres100k, seedDemoPostgres, seedDemoStore, SECRET, store100k } from './sharedStore.js';

/**
 * 2. The consult request path, end to end: a GP presses "Versturen" on the consult form
 * (an adaptiveCard/action invoke with verb consult.submit) → validation, routing, the consult
 * stored (durably), the offer card sent to the on-call specialist through the Bot Connector
 * stand-in, the card handles and the audit trail written → the status card comes back.
 *
 * The real bot runs in this process (startBot, local mode) on a store seeded with 1k, 10k and
 * 100k consults (1% still open), once on the file store and once on PostgreSQL (DATABASE_URL
 * pointing at a private schema; the audit trail stays in files there too), with its clock at the coming Monday 10:00 (Amsterdam) plus the
 * elapsed time: office hours, so the sub-region's office roster answers, and every step
 * deadline lies in the future of any later benchmark that starts the bot on the same store
 * (the 100k store is shared with benchmark 5). Disk writes are counted at the FileHandle (every
 * store and audit write goes through one): the bytes handed to writeFile/appendFile and the
 * number of fsyncs. On PostgreSQL the bytes are the write-ahead log records that change the
 * schema's tables and indexes (every change is written there first, pages follow at
 * checkpoints; read with pg_walinspect, so other users of a shared server are left out) plus the
 * audit trail's file appends.
 *
 * Targets (issue #15): at 100k stored with 10 clients, PostgreSQL ≥ 300 req/s with p99 < 100 ms;
 * the file store no worse than it was before the split (≈ 140 req/s, p99 50–80 ms, with 4 clients);
 * bytes written per request flat from 1k to 100k stored (within 10 % of the 1k figure).
 */

const LEVELS = (process.env.BENCH_CONSULT_LEVELS ?? '1000,10000,100000').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_CONSULT_REQUESTS ?? 600);
const WARMUP = Number(process.env.BENCH_CONSULT_WARMUP ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONSULT_CONCURRENCY ?? 10);
const STORES = (process.env.BENCH_CONSULT_STORES ?? 'file,postgres').split(',') as ('file' | 'postgres')[];
const TODAY_FILE_STORE = { throughput: 140, p99: 80 };
const FLAT = 1.1;
/** The coming Monday, 10:00 in Amsterdam. */
const BASE = (() => {
  const day = new Date(Date.now() + 86_400_000);
  while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() + 1);
  return new Date(localInstant(day.toISOString().slice(0, 10), '10:00'));
})();

const { directory } = loadNetwork('data');
const gp = directory.person('anna-de-vries')!;
const specialists = directory.regions.flatMap((r) => r.people).filter((p) => p.role === 'specialist');
const connector = new ConnectorStandIn();
await connector.start();

/**
 * Statements the bot sends to PostgreSQL, counted at pg's Client (every pool and transaction
 * client, pg-boss's included, since they run in this process); only while `statements.on`.
 */
const statements = { on: false, count: 0 };
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (statements.on) statements.count++;
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof clientQuery;

const activity = (person: { id: string; name: string; aadObjectId: string }, fields: Record<string, unknown>) => ({
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  channelId: 'msteams',
  serviceUrl: connector.url,
  from: { id: `29:${person.id}`, name: person.name, aadObjectId: person.aadObjectId },
  recipient: { id: '28:pz-consultbot', name: 'PZ-Consultbot' },
  conversation: { id: `a:1on1-${person.id}`, conversationType: 'personal', tenantId: 'tenant-demo' },
  channelData: { tenant: { id: 'tenant-demo' } },
  locale: 'nl-NL',
  ...fields,
});

async function post(url: string, body: object): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

/** One press of "Versturen" on a fresh consult form; resolves with the latency in ms. */
async function submit(url: string): Promise<number> {
  const formId = randomUUID();
  const data = {
    formId,
    ...CONSULT_FORM,
    localPatientNumber: 'HIS-4711',
    dimensions: 'fysiek,psychisch',
    question: 'Toenemende onrust en benauwdheid, palliatieve sedatie overwegen? Graag advies over dosering.',
  };
  const started = performance.now();
  const { status, text } = await post(url, activity(gp, { type: 'invoke', name: 'adaptiveCard/action', replyToId: `form-${formId}`, value: { action: { type: 'Action.Execute', verb: 'consult.submit', data }, trigger: 'manual' } }));
  const ms = performance.now() - started;
  if (status !== 200 || !/Consultaanvraag C-[0-9A-Z]{4}/.test(text)) throw new Error(`submit answered ${status}: ${text.slice(0, 300)}`);
  return ms;
}

async function runConcurrently(url: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started < count) {
        started++;
        latencies.push(await submit(url));
      }
    }),
  );
  return latencies;
}

interface Stored {
  /** STORE_DIR for the bot: the whole store, or on PostgreSQL just the audit trail. */
  dir: string;
  schema?: Schema;
  cleanup: () => Promise<void>;
}

/** The store at `level` consults: the shared 100k one when bench/run.ts seeded it, else a fresh one. */
async function stored(kind: 'file' | 'postgres', level: number): Promise<Stored> {
  if (kind === 'file') {
    const shared = level === 100_000 ? await store100k() : undefined;
    const dir = shared?.dir ?? (await tempDir(`consults-${level}`));
    if (!shared) {
      const seeded = seedDemoStore(dir, level);
      log(`${level} consults seeded in ${seconds(seeded.ms)} (${seeded.files} files, ${(seeded.bytes / 1e6).toFixed(0)} MB)`);
    }
    return { dir, cleanup: async () => void (!shared || shared.owned ? await removeDir(dir) : undefined) };
  }
  if (level === 100_000) {
    const shared = await postgres100k();
    return { dir: shared.dir, schema: shared.schema, cleanup: async () => void (shared.owned ? await Promise.all([dropSchema(shared.schema.name), removeDir(shared.dir)]) : undefined) };
  }
  const schema = await createSchema(`consults_${level}`);
  const dir = await tempDir(`consults-pg-${level}`);
  const seeded = await seedDemoPostgres(schema, dir, level);
  log(`${level} consults seeded in PostgreSQL in ${seconds(seeded.ms)} (${(seeded.bytes / 1e6).toFixed(0)} MB of tables and indexes)`);
  return { dir, schema, cleanup: async () => void (await Promise.all([dropSchema(schema.name), removeDir(dir)])) };
}

interface Measured {
  throughput: number;
  p50: number;
  p99: number;
  bytes: number;
  notes: { bytes: string; throughput: string };
}

async function measure(kind: 'file' | 'postgres', level: number, store: Stored): Promise<Measured> {
  // Everyone the plan may address has the bot installed, so each request makes exactly one offer.
  const startedAt = Date.now();
  const env = readEnv({ BOT_LOCAL_DEV: 'true', HOST: '127.0.0.1', PORT: '0', DATA_DIR: 'data', STORE_DIR: store.dir, ...(store.schema ? { DATABASE_URL: store.schema.url } : {}), PATIENT_REF_SECRET: SECRET, DOWNLOAD_LINK_SECRET: SECRET, AUDIT_KEY: SECRET, LOG_LEVEL: 'silent' });
  const bot = await startBot(env, pino({ level: 'silent' }), () => new Date(BASE.getTime() + (Date.now() - startedAt)));
  const pool = store.schema ? new pg.Pool({ connectionString: store.schema.url, max: 1 }) : undefined;
  try {
    const url = bot.server.url;
    for (const person of [gp, ...specialists]) await post(url, activity(person, { type: 'conversationUpdate', membersAdded: [{ id: '28:pz-consultbot' }] }));
    await runConcurrently(url, WARMUP);
    connector.calls.length = 0;
    const before = { tree: await treeSize(store.dir), io: await processWriteBytes(), wal: pool && (await walPosition(pool)), schema: pool && (await schemaBytes(pool, store.schema!.name)) };
    Object.assign(counters, { on: true, bytes: 0, writes: 0, fsyncs: 0 });
    Object.assign(statements, { on: true, count: 0 });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let others = 0;
    const sampling = pool && setInterval(() => void otherSessions(pool).then((n) => (others = Math.max(others, n)), () => undefined), 500);
    const latencies = await profilePhase(`consult-submit-${kind}-${level}`, () => runConcurrently(url, REQUESTS));
    const elapsedMs = performance.now() - t0;
    if (sampling) clearInterval(sampling);
    const cpu = process.cpuUsage(cpu0);
    statements.on = false;
    counters.on = false;
    const after = { tree: await treeSize(store.dir), io: await processWriteBytes(), wal: pool && (await walPosition(pool)), schema: pool && (await schemaBytes(pool, store.schema!.name)) };
    const offers = connector.calls.filter((call) => call.method === 'POST' && call.conversationId !== `a:1on1-${gp.id}` && JSON.stringify(call.activity).includes('Consultaanbod')).length;
    if (offers !== REQUESTS) throw new Error(`${REQUESTS} requests made ${offers} offers`);
    const sorted = sortedCopy(latencies);
    const per = (n: number) => n / REQUESTS;
    const files = { bytes: per(counters.bytes), writes: per(counters.writes), fsyncs: per(counters.fsyncs), growth: per(after.tree.bytes - before.tree.bytes), allocated: per(after.tree.allocated - before.tree.allocated) };
    const block = before.io !== undefined && after.io !== undefined ? per(after.io - before.io) : undefined;
    const walAll = pool ? await walBetween(pool, store.schema!.name, before.wal!, after.wal!) : { all: 0, ours: 0 };
    const wal = per(walAll.ours ?? walAll.all);
    const schemaGrowth = pool ? per(after.schema! - before.schema!) : 0;
    const cpuMs = (cpu.user + cpu.system) / 1000 / REQUESTS;
    const fileNote = `${files.bytes.toFixed(0)} B in ${files.writes.toFixed(1)} file writes/appends with ${files.fsyncs.toFixed(1)} fsyncs; files grow ${files.growth.toFixed(0)} B (${files.allocated.toFixed(0)} B allocated)`;
    const blockNote = block !== undefined ? `; ${block.toFixed(0)} B reached the block device from this process (/proc/self/io)` : '';
    const result: Measured = {
      throughput: (REQUESTS / elapsedMs) * 1000,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      bytes: files.bytes + wal,
      notes: {
        bytes: pool
          ? `${wal.toFixed(0)} B of PostgreSQL WAL ${walAll.ours !== undefined ? `for this schema's tables and indexes (pg_walinspect; ${per(walAll.fullPages ?? 0).toFixed(0)} B of it full-page images; the whole server wrote ${per(walAll.all).toFixed(0)} B per request, with up to ${others} other active sessions)` : `(cluster-wide, pg_walinspect not available: includes up to ${others} other active sessions)`} + ${fileNote} (the audit trail); tables and indexes grow ${schemaGrowth.toFixed(0)} B${blockNote}`
          : `payload of ${fileNote}${blockNote}`,
        throughput: `${CONCURRENCY} concurrent clients; each request = validate, route, store, offer to the on-call specialist via the stand-in, card handles, audit; ${cpuMs.toFixed(1)} ms CPU per request in this process (bot + client + stand-in${pool ? `; not PostgreSQL); ${per(statements.count).toFixed(1)} SQL statements per request (the job queue's polling and this benchmark's sampling of other sessions every 0.5 s included)` : ')'}`,
      },
    };
    log(`${kind} ${level}: ${result.throughput.toFixed(1)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms; ${result.bytes.toFixed(0)} B per request: ${result.notes.bytes}`);
    return result;
  } finally {
    await pool?.end();
    await bot.stop();
  }
}

const figures: Figure[] = [];
const fsync = await fsyncLatency();
log(`one durable small-file write on this disk (write + fsync + fsync dir): p50 ${fsync.p50.toFixed(2)} ms, p99 ${fsync.p99.toFixed(2)} ms`);
figures.push(figure('disk: durable small write (write+fsync+dir fsync) p50', 'ms', fsync.p50, 100, `p99 ${fsync.p99.toFixed(2)} ms; what one store write costs at least on this machine`));
const noPostgres = STORES.includes('postgres') ? await unreachable() : undefined;

try {
  for (const kind of STORES) {
    const storeName = kind === 'file' ? 'file store' : 'PostgreSQL';
    const top = Math.max(...LEVELS);
    if (kind === 'postgres' && noPostgres) {
      figures.push(
        notMeasured(`consult submit (${storeName}): throughput, 100k stored`, 'req/s', noPostgres, { atLeast: 300 }),
        notMeasured(`consult submit (${storeName}): latency p99, 100k stored`, 'ms', noPostgres, { below: 100 }),
        notMeasured(`consult submit (${storeName}): bytes written per request, 100k vs 1k stored`, '×', noPostgres, { below: FLAT }),
      );
      continue;
    }
    let first: { level: number; values: Measured } | undefined;
    for (const level of LEVELS) {
      const store = await stored(kind, level);
      let values: Measured;
      try {
        values = await measure(kind, level, store);
      } finally {
        await store.cleanup();
      }
      const label = `${level >= 1000 ? `${level / 1000}k` : level} stored`;
      // From the second level on, the first level is the baseline: a ratio near 1 means flat.
      first ??= { level, values };
      const base = first.level === level ? undefined : first.values;
      const vs = base ? `; ratio = against ${first.level / 1000}k stored` : '';
      const targets = level === 100_000 && CONCURRENCY >= 10;
      const goal = kind === 'postgres' ? { throughput: 300, p99: 100, why: '' } : { ...TODAY_FILE_STORE, why: '; target: no worse than before the split (≈ 140 req/s with a p99 of 50–80 ms, then with 4 clients)' };
      const throughput = figure(`consult submit (${storeName}): throughput, ${label}`, 'req/s', values.throughput, REQUESTS, `${values.notes.throughput}${vs}${targets ? goal.why : ''}`, base?.throughput);
      const p99 = figure(`consult submit (${storeName}): latency p99, ${label}`, 'ms', values.p99, REQUESTS, vs.slice(2), base?.p99);
      figures.push(
        targets ? against(throughput, { atLeast: goal.throughput }) : throughput,
        figure(`consult submit (${storeName}): latency p50, ${label}`, 'ms', values.p50, REQUESTS, vs.slice(2), base?.p50),
        targets ? against(p99, { below: goal.p99 }) : p99,
        figure(`consult submit (${storeName}): bytes written per request, ${label}`, 'B', values.bytes, REQUESTS, `${values.notes.bytes}${vs}`, base?.bytes),
      );
      if (base && level === top) {
        figures.push(
          against(
            figure(`consult submit (${storeName}): bytes written per request, ${label} vs ${first.level / 1000}k`, '×', values.bytes / base.bytes, REQUESTS, `flat means the same bytes per request however many consults are stored: ${values.bytes.toFixed(0)} B against ${base.bytes.toFixed(0)} B`),
            { below: FLAT },
          ),
        );
      }
    }
  }
} finally {
  await connector.stop();
}
await report('2. Consult request path', figures);
