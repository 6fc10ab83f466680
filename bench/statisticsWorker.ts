import '../src/config/zodMessages.js';
import { loadNetwork } from '../src/config/loadNetwork.js';
import { parsePeriod } from '../src/domain/reportingPeriod.js';
import { report } from '../src/services/reporting.js';
import { openStorage } from '../src/store/openStorage.js';

/**
 * Runs the statistiek computation once in a fresh process, so that the process's peak RSS
 * (process.resourceUsage().maxRSS) belongs to it: open the store as the bot does at start-up
 * (the file store in STORE_DIR, or PostgreSQL when DATABASE_URL is set),
 * then report() for one region and one quarter, exactly what `statistiek 2026-Q3` does
 * after the command is parsed. Prints one JSON line with the measurements.
 *
 *   STORE_DIR=… [DATABASE_URL=…] DATA_DIR=… BENCH_NOW=… BENCH_PERIOD=2026-Q3 BENCH_REGION=r01 tsx bench/statisticsWorker.ts
 */

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const now = new Date(process.env.BENCH_NOW!);
const { directory } = loadNetwork(process.env.DATA_DIR!);
const t0 = performance.now();
const store = await openStorage({ STORE_DIR: process.env.STORE_DIR!, DATABASE_URL: process.env.DATABASE_URL || undefined }, () => now);
const openMs = performance.now() - t0;

// Count what the computation loads, without changing how it loads it.
const loaded = { contacts: 0, consults: 0 };
const contactsTookPlaceBetween = store.contacts.tookPlaceBetween.bind(store.contacts);
store.contacts.tookPlaceBetween = async (from, to, regionId) => {
  const found = await contactsTookPlaceBetween(from, to, regionId);
  loaded.contacts += found.length;
  return found;
};
const consultsRequestedBetween = store.consults.requestedBetween.bind(store.consults);
store.consults.requestedBetween = async (from, to, subRegionIds) => {
  const found = await consultsRequestedBetween(from, to, subRegionIds);
  loaded.consults += found.length;
  return found;
};

const region = directory.regions.find((r) => r.id === process.env.BENCH_REGION)!;
const period = parsePeriod(process.env.BENCH_PERIOD!, now)!;
const scope = { regionId: region.id, subRegionIds: region.subRegions.map((s) => s.id), label: region.name };
const sources = { store, directory, clock: () => now };
global.gc?.();
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t1 = performance.now();
const { stats, kpis } = await report(sources, scope, period);
const firstMs = performance.now() - t1;
const cpu = process.cpuUsage(cpu0);
const maxRss = process.resourceUsage().maxRSS * 1024;
const loadedFirst = { ...loaded };
const t2 = performance.now();
await report(sources, scope, period);
const secondMs = performance.now() - t2;

console.log(
  JSON.stringify({
    openMs,
    firstMs,
    secondMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBeforeMb: mb(rssBefore),
    peakRssMb: mb(maxRss),
    contactsLoaded: loadedFirst.contacts,
    consultsLoaded: loadedFirst.consults,
    requested: stats.requested,
    contactsInScope: stats.contacts,
    deaths: kpis.deaths,
  }),
);
await store.close();
