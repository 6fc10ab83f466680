import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import '../src/config/zodMessages.js';
import { loadNetwork } from '../src/config/loadNetwork.js';
import { Router } from '../src/domain/routing.js';
import { duBytes, figure, log, notMeasured, report, seconds, tempDir, type Figure } from './lib.js';
import { createSchema, schemaUrl, seedPostgres, unreachable, type PostgresSeedResult, type Schema } from './postgres.js';
import { seedStore, type SeedOptions, type SeedResult } from './seed.js';

/**
 * The store with 100k consults that benchmarks 2 (at its largest level) and 5 both use. Seeding
 * it once per `npm run bench` (bench/run.ts runs this file first and passes the directory on in
 * BENCH_STORE_100K) saves a minute; a benchmark run on its own seeds its own copy.
 *
 * Demo network (data/), 99k consults finished over the five years up to now, 1k open (most
 * accepted, some 'deze-week' requests still being offered), a registered death for a fifth of
 * the patients, an audit trail of 4 entries per consult. No contacts: neither benchmark reads them.
 */

export const CONSULTS_100K = 100_000;
export const AUDIT_PER_CONSULT = 4;
export const DEATH_SHARE = 0.2;
export const SECRET = 'bench-secret-for-patient-references-0123456789';
const MARKER = '.bench-seeded.json';

/** A store like the shared one, with `consults` consults (benchmark 2 uses it for 1k and 10k). */
export function seedDemoStore(dir: string, consults: number): SeedResult {
  return seedStore(dir, demoNetwork(), demoOptions(consults));
}

/** The same consults in a PostgreSQL schema, with their audit trail in auditDir. */
export function seedDemoPostgres(schema: Schema, auditDir: string, consults: number): Promise<PostgresSeedResult> {
  return seedPostgres(schema, auditDir, demoNetwork(), demoOptions(consults));
}

function demoNetwork() {
  const { directory, pools, rosters } = loadNetwork('data');
  return { directory, router: new Router(directory, pools, rosters) };
}

function demoOptions(consults: number): SeedOptions {
  const open = Math.round(consults / 100);
  return {
    start: new Date(Date.now() - 5 * 365 * 86_400_000),
    end: new Date(Date.now() - 60_000),
    closed: consults - open,
    open,
    contacts: false,
    auditPerConsult: AUDIT_PER_CONSULT,
    deathShare: DEATH_SHARE,
    patientRefSecret: SECRET,
    auditKey: SECRET,
    progress: (n) => n % 25_000 === 0 && log(`seeded ${n} consults`),
  };
}

export const seed100k = (dir: string): SeedResult => seedDemoStore(dir, CONSULTS_100K);

/** The shared 100k store when bench/run.ts made one, else a fresh one that the caller must remove. */
export async function store100k(): Promise<{ dir: string; owned: boolean; seeded: SeedResult }> {
  const shared = process.env.BENCH_STORE_100K;
  if (shared && existsSync(join(shared, MARKER))) {
    return { dir: shared, owned: false, seeded: JSON.parse(await readFile(join(shared, MARKER), 'utf8')) as SeedResult };
  }
  const dir = await tempDir('store-100k');
  const seeded = seed100k(dir);
  log(`seeded ${CONSULTS_100K} consults in ${seconds(seeded.ms)}`);
  return { dir, owned: true, seeded };
}

/**
 * The shared 100k PostgreSQL schema (BENCH_PG_100K_SCHEMA, audit trail in BENCH_PG_100K_DIR) when
 * bench/run.ts made one, else a fresh one: the caller then drops the schema and removes the dir.
 */
export async function postgres100k(): Promise<{ schema: Schema; dir: string; owned: boolean; seeded: PostgresSeedResult }> {
  const name = process.env.BENCH_PG_100K_SCHEMA;
  const shared = process.env.BENCH_PG_100K_DIR;
  if (name && shared && existsSync(join(shared, MARKER))) {
    return { schema: { name, url: schemaUrl(name) }, dir: shared, owned: false, seeded: JSON.parse(await readFile(join(shared, MARKER), 'utf8')) as PostgresSeedResult };
  }
  const schema = await createSchema('100k');
  const dir = await tempDir('pg-100k');
  const seeded = await seedDemoPostgres(schema, dir, CONSULTS_100K);
  log(`seeded ${CONSULTS_100K} consults in PostgreSQL in ${seconds(seeded.ms)}`);
  return { schema, dir, owned: true, seeded };
}

// Run by bench/run.ts: seeds BENCH_STORE_100K and reports what that cost.
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.env.BENCH_STORE_100K;
  if (!dir) throw new Error('BENCH_STORE_100K is not set');
  const seeded = seed100k(dir);
  await writeFile(join(dir, MARKER), JSON.stringify(seeded));
  const allocated = await duBytes(dir);
  const pgName = process.env.BENCH_PG_100K_SCHEMA;
  const pgDir = process.env.BENCH_PG_100K_DIR;
  const why = await unreachable();
  let pgFigure: Figure;
  if (pgName && pgDir && !why) {
    const pg = await seedDemoPostgres({ name: pgName, url: schemaUrl(pgName) }, pgDir, CONSULTS_100K);
    await writeFile(join(pgDir, MARKER), JSON.stringify(pg));
    pgFigure = figure('seeding: 100k consults in PostgreSQL', 's', pg.ms / 1000, pg.consults, `set-up for benchmarks 2 and 5: migrations, then batched INSERT … SELECT FROM unnest() of ${pg.consults} consults, ${pg.open} card handles, ${pg.deaths} deaths; ${(pg.bytes / 1e6).toFixed(0)} MB of tables and indexes; the audit trail (${pg.auditLines} lines) in files as with the file store`);
  } else {
    pgFigure = notMeasured('seeding: 100k consults in PostgreSQL', 's', why ?? 'BENCH_PG_100K_SCHEMA/BENCH_PG_100K_DIR not set');
  }
  const figures: Figure[] = [
    figure(
      'seeding: 100k consults in the store layout',
      's',
      seeded.ms / 1000,
      seeded.consults,
      `set-up for benchmarks 2 and 5, no fsync: ${seeded.files} files, ${(seeded.bytes / 1e6).toFixed(0)} MB of JSON (${(allocated / 1e6).toFixed(0)} MB allocated on disk) incl. ${seeded.auditLines} audit lines; ${((seeded.ms * 1000) / seeded.files).toFixed(0)} µs per file`,
    ),
    pgFigure,
  ];
  await report('0. Seeding', figures);
}
