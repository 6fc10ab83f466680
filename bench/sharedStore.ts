import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import '../src/config/zodMessages.js';
import { loadNetwork } from '../src/config/loadNetwork.js';
import { Router } from '../src/domain/routing.js';
import { duBytes, figure, log, report, seconds, tempDir, type Figure } from './lib.js';
import { seedStore, type SeedResult } from './seed.js';

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
  const { directory, pools, rosters } = loadNetwork('data');
  const open = Math.round(consults / 100);
  return seedStore(dir, { directory, router: new Router(directory, pools, rosters) }, {
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
  });
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

// Run by bench/run.ts: seeds BENCH_STORE_100K and reports what that cost.
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.env.BENCH_STORE_100K;
  if (!dir) throw new Error('BENCH_STORE_100K is not set');
  const seeded = seed100k(dir);
  await writeFile(join(dir, MARKER), JSON.stringify(seeded));
  const allocated = await duBytes(dir);
  const figures: Figure[] = [
    figure(
      'seeding: 100k consults in the store layout',
      's',
      seeded.ms / 1000,
      seeded.consults,
      `set-up for benchmarks 2 and 5, no fsync: ${seeded.files} files, ${(seeded.bytes / 1e6).toFixed(0)} MB of JSON (${(allocated / 1e6).toFixed(0)} MB allocated on disk) incl. ${seeded.auditLines} audit lines; ${((seeded.ms * 1000) / seeded.files).toFixed(0)} µs per file`,
    ),
  ];
  await report('0. Seeding', figures);
}
