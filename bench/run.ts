import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { removeDir, run, table, tempDir, type Figure } from './lib.js';
import { createSchema, dropSchema, unreachable } from './postgres.js';

/**
 * `npm run bench [-- name …]`: runs the benchmarks (all, or the named ones), each in a process
 * of its own, prints their tables as they finish and one table at the end, and writes
 * bench/results/latest.json (and latest.md, the same table for the README).
 *
 *   http        1. the HTTP activity path: PZ-Consultbot `help` against a bare Teams AI echo bot
 *   consults    2. the consult request path at 1k, 10k and 100k stored consults
 *   routing     3. who is on call, over 50 regions × 4 sub-regions and a year of shifts
 *   statistics  4. the statistiek computation over a five-year contact log
 *   startup     5. process start until /healthz with 100k consults stored
 *   timers      6. how late due jobs start: 1,000 timers, file store and two PostgreSQL instances
 *   auditTrail  7. the audit trail on PostgreSQL: start-up check, full verify, appends (400k entries)
 *
 * Each benchmark measures both stores: the file store and PostgreSQL (DATABASE_URL, else
 * 127.0.0.1:5432/test, in private schemas that are dropped afterwards). Benchmarks 2 and 5 share
 * one seeded store of 100k consults and one PostgreSQL schema with the same (bench/sharedStore.ts),
 * removed at the end like every other temporary directory.
 */

const ALL = ['http', 'routing', 'consults', 'startup', 'statistics', 'timers', 'auditTrail'] as const;
type Name = (typeof ALL)[number];
const TITLES: Record<Name | 'seeding', string> = {
  seeding: '0. Seeding the shared 100k store',
  http: '1. HTTP activity path',
  consults: '2. Consult request path',
  routing: '3. Routing',
  statistics: '4. Statistics',
  startup: '5. Start-up',
  timers: '6. Timers',
  auditTrail: '7. Audit trail on PostgreSQL',
};

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = requested.filter((name) => !(ALL as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);
  process.exit(2);
}
const selected = ALL.filter((name) => requested.length === 0 || requested.includes(name));

async function machine() {
  const { stdout: free } = await run('free', ['-h']).catch(() => ({ stdout: '' }));
  const { stdout: nproc } = await run('nproc', []).catch(() => ({ stdout: '' }));
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    nproc: Number(nproc.trim()) || cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    freeMemoryGb: Math.round(freemem() / 2 ** 30),
    freeH: free.trim(),
    node: process.version,
    kernel: release(),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const outDir = await tempDir('results');
const sharedStore = selected.includes('consults') || selected.includes('startup') ? await tempDir('shared-100k') : undefined;
// The same 100k consults in PostgreSQL, for the same two benchmarks (audit trail in its own dir).
const sharedPostgres = sharedStore && !(await unreachable()) ? { schema: await createSchema('shared_100k'), dir: await tempDir('shared-100k-pg') } : undefined;
const env = {
  ...process.env,
  // restify's http-deceiver warns about process.binding on every start; it says nothing about speed.
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --no-deprecation`.trim(),
  ...(sharedStore ? { BENCH_STORE_100K: sharedStore } : {}),
  ...(sharedPostgres ? { BENCH_PG_100K_SCHEMA: sharedPostgres.schema.name, BENCH_PG_100K_DIR: sharedPostgres.dir } : {}),
};

async function runOne(name: Name | 'seeding'): Promise<{ figures: Figure[]; seconds: number; error?: string }> {
  const file = name === 'seeding' ? 'bench/sharedStore.ts' : `bench/${name}.ts`;
  const out = join(outDir, `${name}.json`);
  console.log(`\n=== ${TITLES[name]} (${file})`);
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('node_modules/.bin/tsx', [file], { env: { ...env, BENCH_OUT: out }, stdio: 'inherit' });
    child.on('close', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`=== ${TITLES[name]}: ${seconds.toFixed(0)} s${code === 0 ? '' : `, FAILED with exit code ${code}`}`);
  if (code !== 0) return { figures: [], seconds, error: `exit code ${code}` };
  // A figure that was not measured has NaN as its value, which JSON carries as null.
  const figures = (JSON.parse(await readFile(out, 'utf8')) as Figure[]).map((f) => ({ ...f, value: f.value ?? Number.NaN }));
  return { figures, seconds };
}

async function removeShared(): Promise<void> {
  if (sharedStore) await removeDir(sharedStore);
  if (sharedPostgres) await Promise.all([dropSchema(sharedPostgres.schema.name), removeDir(sharedPostgres.dir)]);
}

const startedAt = new Date();
const started = performance.now();
const about = await machine();
const results: { benchmark: string; seconds: number; error?: string }[] = [];
const figures: Figure[] = [];
try {
  const order: (Name | 'seeding')[] = [];
  for (const name of selected) {
    if ((name === 'consults' || name === 'startup') && !order.includes('seeding')) order.push('seeding');
    order.push(name);
  }
  for (const name of order) {
    const result = await runOne(name);
    figures.push(...result.figures);
    results.push({ benchmark: name, seconds: Math.round(result.seconds), ...(result.error ? { error: result.error } : {}) });
    if (name === 'seeding' && result.error) break;
    // The shared store is not needed once both of its users have run.
    if (sharedStore && name === order.filter((n) => n === 'consults' || n === 'startup').at(-1)) await removeShared();
  }
} finally {
  await removeShared();
  await rm(outDir, { recursive: true, force: true });
}

const durationS = Math.round((performance.now() - started) / 1000);
const summary = {
  generatedAt: startedAt.toISOString(),
  durationS,
  machine: { ...about, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
  benchmarks: results,
  figures,
};
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/latest.json', `${JSON.stringify(summary, null, 2)}\n`);
await writeFile(
  'bench/results/latest.md',
  `Run of ${startedAt.toISOString()} (${durationS} s) on ${about.nproc} × ${about.cpu}, ${about.memoryGb} GB RAM, Node ${about.node}; load average ${about.loadAverageAtStart.join(' ')} at the start, ${summary.machine.loadAverageAtEnd.join(' ')} at the end.\n\n${table(figures, true)}\n`,
);
console.log(`\n=== All figures (${durationS} s in total; ${results.map((r) => `${r.benchmark} ${r.seconds} s`).join(', ')})\n${table(figures)}`);
console.log('\nWritten: bench/results/latest.json, bench/results/latest.md');
if (results.some((r) => r.error)) process.exit(1);
