import '../src/config/zodMessages.js';
import { loadNetwork } from '../src/config/loadNetwork.js';
import { localInstant } from '../src/domain/roster.js';
import { Router } from '../src/domain/routing.js';
import { duBytes, figure, log, removeDir, report, run, seconds, tempDir, type Figure } from './lib.js';
import { REGIONS, SUB_REGIONS, syntheticNetwork, writeNetwork } from './network.js';
import { seedStore } from './seed.js';

/**
 * 4. Statistics: the `statistiek` computation (report(): consults of the quarter and the one
 * before, contacts of the quarter and the year before it for the KPIs, deaths) for one region
 * and one quarter, over a contact log spread over five years in the 50-region network.
 *
 * The contact log is one file per contact (contacts/<yyyy-mm>/<id>.json). Seeding a million of
 * them (with the ~670k consults they belong to) takes longer than this whole benchmark may, so
 * by default two smaller logs are measured and 1M is extrapolated linearly from them, labelled
 * as such. BENCH_STATS_CONTACTS=1000000 measures the full size (allow ~15 minutes and ~8 GB).
 *
 * Each computation runs in a fresh child process (bench/statisticsWorker.ts) so its peak RSS
 * (process.resourceUsage().maxRSS) is its own; the page cache is warm (the files were just written).
 */

const SIZES = (process.env.BENCH_STATS_CONTACTS ?? '10000,100000').split(',').map(Number);
const NOW = new Date('2026-11-23T10:00:00+01:00');
const PERIOD = '2026-Q3';
const REGION = 'r01';
const YEARS = 5;
const CONTACTS_PER_CONSULT = 1.49; // what the seeder's mix of outcomes and contact counts gives
const SECRET = 'bench-secret-for-patient-references-0123456789';
const DAY_MS = 86_400_000;
const EXTRAPOLATE_TO = 1_000_000;

interface WorkerResult {
  openMs: number;
  firstMs: number;
  secondMs: number;
  cpuMs: number;
  rssBeforeMb: number;
  peakRssMb: number;
  contactsLoaded: number;
  consultsLoaded: number;
  requested: number;
  contactsInScope: number;
  deaths: number;
}

const dataDir = await tempDir('stats-network');
const figures: Figure[] = [];
const measured: { contacts: number; files: number; seedMs: number; result: WorkerResult }[] = [];
try {
  await writeNetwork(syntheticNetwork(1, 2026), dataDir);
  const { directory, pools, rosters } = loadNetwork(dataDir);
  for (const size of SIZES) {
    const storeDir = await tempDir(`stats-${size}`);
    try {
      // Offer plans come from the same weekday and time in one 48-week roster window, so that each
      // of the 250 rosters is indexed once (see the routing benchmark for what re-indexing costs).
      const router = new Router(directory, pools, rosters);
      const windowStart = localInstant('2026-01-05', '00:00');
      const window = 48 * 7 * DAY_MS;
      for (const roster of rosters) router.onCall(roster, windowStart);
      const seeded = seedStore(storeDir, { directory, router }, {
        start: new Date(NOW.getTime() - YEARS * 365.25 * DAY_MS),
        end: NOW,
        closed: Math.round(size / CONTACTS_PER_CONSULT),
        open: Math.round(size / CONTACTS_PER_CONSULT / 1000),
        contacts: true,
        auditPerConsult: 0,
        deathShare: 0.3,
        patientRefSecret: SECRET,
        auditKey: SECRET,
        planInstant: (t) => windowStart + ((((t - windowStart) % window) + window) % window),
        progress: (n) => n % 100_000 === 0 && log(`seeded ${n} consults`),
      });
      const allocated = await duBytes(storeDir);
      log(`${seeded.contacts} contacts (${seeded.consults} consults) seeded in ${seconds(seeded.ms)}: ${seeded.files} files, ${(seeded.bytes / 1e6).toFixed(0)} MB JSON, ${(allocated / 1e6).toFixed(0)} MB on disk`);
      figures.push(
        figure(
          `statistics: seeding ${seeded.contacts} contacts`,
          's',
          seeded.ms / 1000,
          seeded.files,
          `set-up, no fsync: ${seeded.contacts} contact files + ${seeded.consults} consults + deaths = ${seeded.files} files, ${(seeded.bytes / 1e6).toFixed(0)} MB of JSON, ${(allocated / 1e6).toFixed(0)} MB allocated on disk (${((seeded.ms * 1000) / seeded.files).toFixed(0)} µs per file)`,
        ),
      );

      const { code, stdout, stderr } = await run('node_modules/.bin/tsx', ['--expose-gc', 'bench/statisticsWorker.ts'], {
        env: { ...process.env, STORE_DIR: storeDir, DATA_DIR: dataDir, BENCH_NOW: NOW.toISOString(), BENCH_PERIOD: PERIOD, BENCH_REGION: REGION },
      });
      if (code !== 0) throw new Error(`statistics worker failed (${code}):\n${stderr}`);
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as WorkerResult;
      measured.push({ contacts: seeded.contacts, files: seeded.files, seedMs: seeded.ms, result });
      log(
        `${seeded.contacts} contacts: statistiek ${result.firstMs.toFixed(0)} ms (again: ${result.secondMs.toFixed(0)} ms, CPU ${result.cpuMs.toFixed(0)} ms), peak RSS ${result.peakRssMb} MB (${result.rssBeforeMb} MB before); loaded ${result.contactsLoaded} contacts and ${result.consultsLoaded} consults; store open ${result.openMs.toFixed(0)} ms`,
      );
      const label = `${seeded.contacts} contacts over ${YEARS} years`;
      figures.push(
        figure(
          `statistics: ${PERIOD}, one region, ${label}: time`,
          'ms',
          result.firstMs,
          1,
          `report() for ${REGION} (${SUB_REGIONS} sub-regions of ${REGIONS} regions), first run in a fresh process (second run ${result.secondMs.toFixed(0)} ms; CPU ${result.cpuMs.toFixed(0)} ms; opening the store before it took ${result.openMs.toFixed(0)} ms); it loaded ${result.contactsLoaded} contacts (all regions, ${PERIOD} and the year before) and ${result.consultsLoaded} consults; ${result.contactsInScope} contacts and ${result.requested} consults in scope`,
        ),
        figure(`statistics: ${PERIOD}, one region, ${label}: peak RSS`, 'MB', result.peakRssMb, 1, `maxRSS of the worker process (includes modules and the opened store: ${result.rssBeforeMb} MB before the computation)`),
      );
    } finally {
      await removeDir(storeDir);
    }
  }
} finally {
  await removeDir(dataDir);
}

// Time and memory grow with the number of files read, which is proportional to the log's size.
if (measured.length >= 2 && !measured.some((m) => m.contacts >= EXTRAPOLATE_TO * 0.9)) {
  const [a, b] = [measured.at(-2)!, measured.at(-1)!];
  const line = (pick: (r: WorkerResult) => number) => {
    const slope = (pick(b.result) - pick(a.result)) / (b.contacts - a.contacts);
    return pick(b.result) + slope * (EXTRAPOLATE_TO - b.contacts);
  };
  const basis = `EXTRAPOLATED linearly from the ${a.contacts} and ${b.contacts} contact runs above, not measured: seeding 1M contact files does not fit the time budget (run with BENCH_STATS_CONTACTS=${EXTRAPOLATE_TO} to measure it)`;
  const filesPerContact = b.files / b.contacts;
  const seedMinutes = (b.seedMs / b.files) * filesPerContact * EXTRAPOLATE_TO / 60_000;
  figures.push(
    figure(`statistics: seeding 1M contacts (extrapolated)`, 'min', seedMinutes, 0, `EXTRAPOLATED from the ${b.contacts} contact seeding: ~${(filesPerContact * EXTRAPOLATE_TO / 1e6).toFixed(1)}M files at ${((b.seedMs * 1000) / b.files).toFixed(0)} µs per file, without fsync, before the computation can run; removing them again takes minutes too`),
    figure(`statistics: ${PERIOD}, one region, 1M contacts: time (extrapolated)`, 'ms', line((r) => r.firstMs), 0, basis),
    figure(`statistics: ${PERIOD}, one region, 1M contacts: peak RSS (extrapolated)`, 'MB', line((r) => r.peakRssMb), 0, `${basis}; of this, ~${line((r) => r.rssBeforeMb).toFixed(0)} MB would already be in use before the computation (modules and the store's in-memory index of every consult and death)`),
  );
}
await report('4. Statistics', figures);
