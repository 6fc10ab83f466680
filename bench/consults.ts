import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import '../src/config/zodMessages.js';
import { readEnv } from '../src/config/env.js';
import { loadNetwork } from '../src/config/loadNetwork.js';
import { localInstant } from '../src/domain/roster.js';
import { startBot } from '../src/main.js';
import { ConnectorStandIn } from '../test/support/connectorStandIn.js';
import { CONSULT_FORM } from '../test/support/consultForm.js';
import { figure, log, percentile, processWriteBytes, profilePhase, removeDir, report, seconds, sortedCopy, tempDir, treeSize, type Figure } from './lib.js';
import { seedDemoStore, SECRET, store100k } from './sharedStore.js';

/**
 * 2. The consult request path, end to end: a GP presses "Versturen" on the consult form
 * (an adaptiveCard/action invoke with verb consult.submit) → validation, routing, the consult
 * stored (durably), the offer card sent to the on-call specialist through the Bot Connector
 * stand-in, the card handles and the audit trail written → the status card comes back.
 *
 * The real bot runs in this process (startBot, local mode) on a store seeded with 1k, 10k and
 * 100k consults (1% still open), with its clock at the coming Monday 10:00 (Amsterdam) plus the
 * elapsed time: office hours, so the sub-region's office roster answers, and every step
 * deadline lies in the future of any later benchmark that starts the bot on the same store
 * (the 100k store is shared with benchmark 5). Disk writes are counted at the FileHandle (every
 * store and audit write goes through one): the bytes handed to writeFile/appendFile and the
 * number of fsyncs.
 */

const LEVELS = (process.env.BENCH_CONSULT_LEVELS ?? '1000,10000,100000').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_CONSULT_REQUESTS ?? 600);
const WARMUP = Number(process.env.BENCH_CONSULT_WARMUP ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONSULT_CONCURRENCY ?? 4);
/** The coming Monday, 10:00 in Amsterdam. */
const BASE = (() => {
  const day = new Date(Date.now() + 86_400_000);
  while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() + 1);
  return new Date(localInstant(day.toISOString().slice(0, 10), '10:00'));
})();

// Count what reaches the disk through FileHandle (lowdb's DurableJsonFile and the audit trail).
const counters = { on: false, bytes: 0, writes: 0, fsyncs: 0 };
{
  const probePath = join(await tempDir('probe'), 'probe');
  const handle = await open(probePath, 'w');
  const proto = Object.getPrototypeOf(handle) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  await handle.close();
  await rm(join(probePath, '..'), { recursive: true, force: true });
  for (const method of ['writeFile', 'appendFile'] as const) {
    const original = proto[method]!;
    proto[method] = function (this: unknown, data: unknown, ...rest: unknown[]) {
      if (counters.on) {
        counters.writes++;
        counters.bytes += typeof data === 'string' ? Buffer.byteLength(data) : ArrayBuffer.isView(data) ? data.byteLength : 0;
      }
      return original.call(this, data, ...rest);
    };
  }
  const sync = proto.sync!;
  proto.sync = function (this: unknown) {
    if (counters.on) counters.fsyncs++;
    return sync.call(this);
  };
}

/** How long one small durable write (write, fsync, fsync the directory) takes on this disk. */
async function fsyncLatency(samples = 100): Promise<{ p50: number; p99: number }> {
  const dir = await tempDir('fsync');
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const file = await open(join(dir, `f${i}.tmp`), 'w');
    await file.writeFile('{"x":1}'.repeat(300));
    await file.sync();
    await file.close();
    const d = await open(dir, 'r');
    await d.sync();
    await d.close();
    times.push(performance.now() - started);
  }
  await removeDir(dir);
  const sorted = sortedCopy(times);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const { directory } = loadNetwork('data');
const gp = directory.person('anna-de-vries')!;
const specialists = directory.regions.flatMap((r) => r.people).filter((p) => p.role === 'specialist');
const connector = new ConnectorStandIn();
await connector.start();

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

const figures: Figure[] = [];
let first: { level: number; values: { throughput: number; p50: number; p99: number; bytes: number } } | undefined;
const fsync = await fsyncLatency();
log(`one durable small-file write on this disk (write + fsync + fsync dir): p50 ${fsync.p50.toFixed(2)} ms, p99 ${fsync.p99.toFixed(2)} ms`);
figures.push(figure('disk: durable small write (write+fsync+dir fsync) p50', 'ms', fsync.p50, 100, `p99 ${fsync.p99.toFixed(2)} ms; what one store write costs at least on this machine`));

try {
  for (const level of LEVELS) {
    const shared = level === 100_000 ? await store100k() : undefined;
    const storeDir = shared?.dir ?? (await tempDir(`consults-${level}`));
    try {
      if (!shared) {
        const seeded = seedDemoStore(storeDir, level);
        log(`${level} consults seeded in ${seconds(seeded.ms)} (${seeded.files} files, ${(seeded.bytes / 1e6).toFixed(0)} MB)`);
      }
      // Everyone the plan may address has the bot installed, so each request makes exactly one offer.
      const startedAt = Date.now();
      const env = readEnv({ BOT_LOCAL_DEV: 'true', HOST: '127.0.0.1', PORT: '0', DATA_DIR: 'data', STORE_DIR: storeDir, PATIENT_REF_SECRET: SECRET, DOWNLOAD_LINK_SECRET: SECRET, AUDIT_KEY: SECRET, LOG_LEVEL: 'silent' });
      const bot = await startBot(env, pino({ level: 'silent' }), () => new Date(BASE.getTime() + (Date.now() - startedAt)));
      try {
        const url = bot.server.url;
        for (const person of [gp, ...specialists]) await post(url, activity(person, { type: 'conversationUpdate', membersAdded: [{ id: '28:pz-consultbot' }] }));
        await runConcurrently(url, WARMUP);
        connector.calls.length = 0;
        const before = { tree: await treeSize(storeDir), io: await processWriteBytes() };
        Object.assign(counters, { on: true, bytes: 0, writes: 0, fsyncs: 0 });
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const latencies = await profilePhase(`consult-submit-${level}`, () => runConcurrently(url, REQUESTS));
        const elapsedMs = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / REQUESTS;
        counters.on = false;
        const after = { tree: await treeSize(storeDir), io: await processWriteBytes() };
        const offers = connector.calls.filter((call) => call.method === 'POST' && call.conversationId !== `a:1on1-${gp.id}` && JSON.stringify(call.activity).includes('Consultaanbod')).length;
        if (offers !== REQUESTS) throw new Error(`${REQUESTS} requests made ${offers} offers`);
        const sorted = sortedCopy(latencies);
        const perRequest = {
          bytes: counters.bytes / REQUESTS,
          writes: counters.writes / REQUESTS,
          fsyncs: counters.fsyncs / REQUESTS,
          growth: (after.tree.bytes - before.tree.bytes) / REQUESTS,
          allocated: (after.tree.allocated - before.tree.allocated) / REQUESTS,
          block: before.io !== undefined && after.io !== undefined ? (after.io - before.io) / REQUESTS : undefined,
        };
        const throughput = (REQUESTS / elapsedMs) * 1000;
        log(
          `${level}: ${throughput.toFixed(1)} req/s (${cpuMsPerRequest.toFixed(1)} ms CPU per request in this process), p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms; per request ${perRequest.bytes.toFixed(0)} B in ${perRequest.writes.toFixed(1)} writes, ${perRequest.fsyncs.toFixed(1)} fsyncs, store +${perRequest.growth.toFixed(0)} B (${perRequest.allocated.toFixed(0)} B allocated)${perRequest.block !== undefined ? `, ${perRequest.block.toFixed(0)} B to the block device` : ''}`,
        );
        const label = `${level >= 1000 ? `${level / 1000}k` : level} consults stored`;
        // From the second level on, the first level is the baseline: a ratio near 1 means flat.
        const values = { throughput, p50: percentile(sorted, 50), p99: percentile(sorted, 99), bytes: perRequest.bytes };
        first ??= { level, values };
        const base = first.level === level ? undefined : first.values;
        const vs = base ? `; ratio = against ${first.level / 1000}k stored` : '';
        figures.push(
          figure(`consult submit: throughput, ${label}`, 'req/s', throughput, REQUESTS, `${CONCURRENCY} concurrent clients; each request = validate, route, store, offer to the on-call specialist via the stand-in, card handles, audit; ${cpuMsPerRequest.toFixed(1)} ms CPU per request (bot + client + stand-in, one process)${vs}`, base?.throughput),
          figure(`consult submit: latency p50, ${label}`, 'ms', values.p50, REQUESTS, vs.slice(2), base?.p50),
          figure(`consult submit: latency p99, ${label}`, 'ms', values.p99, REQUESTS, vs.slice(2), base?.p99),
          figure(
            `consult submit: bytes written per request, ${label}`,
            'B',
            perRequest.bytes,
            REQUESTS,
            `payload of ${perRequest.writes.toFixed(1)} file writes/appends with ${perRequest.fsyncs.toFixed(1)} fsyncs per request; the store grows ${perRequest.growth.toFixed(0)} B (${perRequest.allocated.toFixed(0)} B allocated)${perRequest.block !== undefined ? `; ${perRequest.block.toFixed(0)} B reached the block device (/proc/self/io)` : ''}${vs}`,
            base?.bytes,
          ),
        );
      } finally {
        await bot.stop();
      }
    } finally {
      if (!shared || shared.owned) await removeDir(storeDir);
    }
  }
} finally {
  await connector.stop();
}
await report('2. Consult request path', figures);
