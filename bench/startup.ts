import { spawn } from 'node:child_process';
import { readdir, rename } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { duBytes, figure, log, percentile, removeDir, report, sortedCopy, tempDir, type Figure } from './lib.js';
import { CONSULTS_100K, SECRET, store100k } from './sharedStore.js';
import { CHECKPOINT_FILE } from '../src/store/auditLog.js';

/**
 * 5. Start-up: from spawning `tsx src/index.ts` (what `npm start` runs) until GET /healthz
 * answers 200, polled every 5 ms. The store (bench/sharedStore.ts) holds 100k consults in
 * FileStore's layout: 99% closed over five years, 1% open, registered deaths for a fifth of the
 * patients, and an audit trail of 4 entries per consult, which is set aside for one variant.
 * When benchmark 2 ran before, the store also holds the consults it submitted. Contacts are not
 * seeded: start-up does not read contacts/ (they are read per month, on demand).
 * Each configuration is started RUNS times on a warm page cache; the median is reported.
 */

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Milliseconds from spawn until /healthz says 200; the process is then stopped. */
async function startOnce(storeDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('node_modules/.bin/tsx', ['src/index.ts'], {
    env: { ...process.env, BOT_LOCAL_DEV: 'true', HOST: '127.0.0.1', PORT: String(port), STORE_DIR: storeDir, DATA_DIR: 'data', PATIENT_REF_SECRET: SECRET, DOWNLOAD_LINK_SECRET: SECRET, AUDIT_KEY: SECRET, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  try {
    for (;;) {
      if (exited) throw new Error(`the bot exited during start-up:\n${output}`);
      if (performance.now() - started > 120_000) throw new Error(`not ready after 120 s:\n${output}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (response.status === 200) break;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await exit;
  }
}

async function median(storeDir: string): Promise<{ ms: number; runs: number[] }> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await startOnce(storeDir));
  return { ms: percentile(sortedCopy(runs), 50), runs };
}

const format = (runs: number[]) => runs.map((ms) => ms.toFixed(0)).join(', ');
const emptyDir = await tempDir('startup-empty');
const store = await store100k();
try {
  const { seeded, dir: storeDir } = store;
  const auditMb = (await duBytes(join(storeDir, 'audit'))) / 1e6;
  const openNow = (await readdir(join(storeDir, 'consults', 'open'))).length;

  const empty = await median(emptyDir);
  log(`empty store: ${format(empty.runs)} ms`);
  // The trail and its checkpoint go aside together: a checkpoint without its trail stops start-up.
  const aside = [['audit', 'audit-aside'], [CHECKPOINT_FILE, `${CHECKPOINT_FILE}.aside`]] as const;
  for (const [name, moved] of aside) await rename(join(storeDir, name), join(storeDir, moved));
  let withoutAudit: { ms: number; runs: number[] };
  try {
    withoutAudit = await median(storeDir);
  } finally {
    for (const [name, moved] of aside) await rename(join(storeDir, moved), join(storeDir, name));
  }
  log(`${CONSULTS_100K} consults, no audit trail: ${format(withoutAudit.runs)} ms`);
  const withAudit = await median(storeDir);
  log(`${CONSULTS_100K} consults + audit trail: ${format(withAudit.runs)} ms`);

  const label = `${CONSULTS_100K / 1000}k consults`;
  const deaths = (await readdir(join(storeDir, 'deaths'))).length;
  const figures: Figure[] = [
    figure('start-up: empty store', 'ms', empty.ms, RUNS, `spawn \`tsx src/index.ts\` → GET /healthz 200, median of ${format(empty.runs)} ms: loading the modules and the demo network`),
    figure(`start-up: ${label} stored, no audit trail`, 'ms', withoutAudit.ms, RUNS, `${seeded.consults - seeded.open} closed (listed, not read) + ${openNow} open (read), ${deaths} deaths (read); runs ${format(withoutAudit.runs)} ms; ratio = against the empty store`, empty.ms),
    figure(`start-up: ${label} stored + audit trail`, 'ms', withAudit.ms, RUNS, `the same plus ${seeded.auditLines} audit lines (${auditMb.toFixed(0)} MB), all read and parsed to find the chain's last entry; runs ${format(withAudit.runs)} ms; ratio = against the empty store`, empty.ms),
  ];
  await report('5. Start-up', figures);
} finally {
  if (store.owned) await removeDir(store.dir);
  await removeDir(emptyDir);
}
