import '../src/config/zodMessages.js';
import { loadNetwork } from '../src/config/loadNetwork.js';
import { URGENCIES } from '../src/domain/consultRequest.js';
import { Router } from '../src/domain/routing.js';
import { figure, log, percentile, removeDir, report, sortedCopy, tempDir, type Figure } from './lib.js';
import { REGIONS, SUB_REGIONS, syntheticNetwork, writeNetwork } from './network.js';
import { Random } from './random.js';

/**
 * 3. Routing: "who is on call" for random instants over 50 regions × 4 sub-regions, an office
 * roster per sub-region and an ANW roster per region, a year of shifts with overrides.
 *
 * Load = loadNetwork() on the JSON files (parse, zod validation, cross-reference checks), as
 * start-up does. Index = a new Router plus the first look-up of every roster, which expands its
 * rotation and overrides for a year and sorts the shifts. A look-up is Router.plan(): the period
 * (office/ANW, holidays), the roster that answers, who is primary and backup, and the
 * escalation chain, which is what a consult request does.
 */

const LOOKUPS = Number(process.env.BENCH_ROUTING_LOOKUPS ?? 100_000);
/** Random order is much slower (see the notes), so it gets fewer look-ups to stay in budget. */
const RANDOM_LOOKUPS = Number(process.env.BENCH_ROUTING_RANDOM_LOOKUPS ?? 3_000);
const YEAR = 2026;

const dataDir = await tempDir('routing');
try {
  await writeNetwork(syntheticNetwork(1, YEAR), dataDir);
  const yearStart = Date.parse(`${YEAR}-01-01T00:00:00+01:00`);
  const yearEnd = Date.parse(`${YEAR + 1}-01-01T00:00:00+01:00`);

  const loadAndIndex = () => {
    const t0 = performance.now();
    const network = loadNetwork(dataDir);
    const t1 = performance.now();
    const router = new Router(network.directory, network.pools, network.rosters);
    for (const roster of network.rosters) router.onCall(roster, yearStart);
    const t2 = performance.now();
    return { network, router, loadMs: t1 - t0, indexMs: t2 - t1 };
  };

  // The first time is what start-up pays (cold: no JIT, no holiday cache); then a warm repeat.
  const cold = loadAndIndex();
  const warm = [loadAndIndex()];
  const { network } = cold;
  log(`load ${cold.loadMs.toFixed(0)} ms, index ${cold.indexMs.toFixed(0)} ms for ${network.rosters.length} rosters (warm: ${warm.map((w) => (w.loadMs + w.indexMs).toFixed(0)).join(', ')} ms)`);

  const random = new Random(3);
  const subRegionIds = network.directory.regions.flatMap((r) => r.subRegions.map((s) => s.id));
  const queries = Array.from({ length: LOOKUPS }, () => ({ subRegionId: random.pick(subRegionIds), urgency: random.pick(URGENCIES), t: yearStart + random.next() * (yearEnd - yearStart) }));

  const measure = (router: Router, order: typeof queries) => {
    const times = new Float64Array(order.length);
    let offered = 0;
    for (let i = 0; i < order.length; i++) {
      const q = order[i]!;
      const started = process.hrtime.bigint();
      const { plan } = router.plan(q.subRegionId, q.urgency, q.t);
      times[i] = Number(process.hrtime.bigint() - started) / 1000;
      if (plan[0]?.personIds.length) offered++;
    }
    const sorted = sortedCopy(times);
    const slow = sorted.filter((us) => us > 1000).length;
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1]!, slow, offered, totalMs: times.reduce((a, b) => a + b, 0) / 1000 };
  };

  // Warm-up on another router so the JIT has seen plan(); then a freshly indexed one is measured.
  measure(warm[0]!.router, [...queries.slice(0, 5_000)].sort((a, b) => a.t - b.t));
  const inRandomOrder = measure(loadAndIndex().router, queries.slice(0, RANDOM_LOOKUPS));
  const inTimeOrder = measure(loadAndIndex().router, [...queries].sort((a, b) => a.t - b.t));
  log(`random order: p50 ${inRandomOrder.p50.toFixed(1)} µs, p99 ${inRandomOrder.p99.toFixed(1)} µs, ${inRandomOrder.slow} look-ups over 1 ms, total ${inRandomOrder.totalMs.toFixed(0)} ms`);
  log(`time order:   p50 ${inTimeOrder.p50.toFixed(1)} µs, p99 ${inTimeOrder.p99.toFixed(1)} µs, ${inTimeOrder.slow} look-ups over 1 ms, total ${inTimeOrder.totalMs.toFixed(0)} ms`);

  const scope = `${REGIONS} regions × ${SUB_REGIONS} sub-regions, ${network.rosters.length} rosters (4-week rotation, ${network.rosters.reduce((n, r) => n + r.overrides.length, 0)} overrides in ${YEAR})`;
  const figures: Figure[] = [
    figure('routing: load network + rosters', 'ms', cold.loadMs, 1, `loadNetwork() of ${scope}: JSON parse, zod, cross-checks; first run in the process (warm repeat: ${warm.map((w) => w.loadMs.toFixed(0)).join(', ')} ms)`),
    figure('routing: index all rosters', 'ms', cold.indexMs, network.rosters.length, `new Router + first onCall per roster: expands ~1 year of shifts each and sorts them (${(cold.indexMs / network.rosters.length).toFixed(1)} ms per roster; warm repeat: ${warm.map((w) => w.indexMs.toFixed(0)).join(', ')} ms)`),
    figure('routing: plan() look-up p50, random instants', 'µs', inRandomOrder.p50, RANDOM_LOOKUPS, `Router.plan(sub-region, urgency, t), t uniform over ${YEAR}, in random order`),
    figure('routing: plan() look-up p99, random instants', 'µs', inRandomOrder.p99, RANDOM_LOOKUPS, `${inRandomOrder.slow} of ${RANDOM_LOOKUPS} look-ups took over 1 ms (max ${(inRandomOrder.max / 1000).toFixed(1)} ms): a roster's index covers t-7d..t+366d of the first look-up and is rebuilt for any instant outside it`),
    figure('routing: plan() look-up p50, instants in time order', 'µs', inTimeOrder.p50, LOOKUPS, `the same ${LOOKUPS} kinds of look-up sorted by t, as the bot makes them (time only moves forward); one TZDate (~11 µs, Intl time-zone offset) in periodAt dominates`),
    figure('routing: plan() look-up p99, instants in time order', 'µs', inTimeOrder.p99, LOOKUPS, `${inTimeOrder.slow} look-ups over 1 ms (max ${(inTimeOrder.max / 1000).toFixed(1)} ms); ${((100 * inTimeOrder.offered) / LOOKUPS).toFixed(0)}% of plans had someone on call at the first step`),
  ];
  await report('3. Routing', figures);
} finally {
  await removeDir(dataDir);
}
