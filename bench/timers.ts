import pg from 'pg';
import { FileStore } from '../src/store/fileStore.js';
import { jobSchemaBeside, PostgresStore } from '../src/store/postgres/postgresStore.js';
import type { Storage } from '../src/store/store.js';
import { against, figure, log, notMeasured, percentile, removeDir, report, sortedCopy, tempDir, type Figure } from './lib.js';
import { Random } from './random.js';

/**
 * 6. Timers: how late due jobs (escalation steps, re-notifications, hand-overs) start. TIMERS
 * `consult-step` jobs fall due at random instants over SPREAD_S seconds; each run records the
 * time it started against its due time. On the file store, one process (its timer wakes at the
 * next due job); on PostgreSQL, two instances (two stores, two pg-boss job queues and pools, as
 * two processes have) share one queue and take jobs as they fall due. Target: p99 under 1 s, and
 * every job run exactly once.
 */

const TIMERS = Number(process.env.BENCH_TIMERS ?? 1_000);
const SPREAD_S = Number(process.env.BENCH_TIMERS_SPREAD_S ?? 20);
/** Seconds between scheduling and the first due time. */
const LEAD_S = Number(process.env.BENCH_TIMERS_LEAD_S ?? 20);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Schedules the timers on the first instance and waits until every instance together ran each once. */
async function measure(instances: Storage[], label: string): Promise<Figure[]> {
  const ran = new Map<string, number>();
  const lateness: number[] = [];
  for (const instance of instances) {
    instance.jobRunner.handle('consult-step', async (data) => {
      ran.set(String(data.timer), (ran.get(String(data.timer)) ?? 0) + 1);
      lateness.push(Date.now() - Number(data.dueAt));
    });
  }
  for (const instance of instances) await instance.jobRunner.start();
  // Jobs are scheduled well before they fall due, as a step's job is minutes before its deadline;
  // a job whose due time passed before it was even stored would measure the scheduling, not the timer.
  const random = new Random(6);
  const scheduling = performance.now();
  const start = Date.now() + LEAD_S * 1000;
  let scheduledLate = 0;
  for (let i = 0; i < TIMERS; i++) {
    const dueAt = start + Math.floor(random.next() * SPREAD_S * 1000);
    await instances[0]!.jobs.schedule({ queue: 'consult-step', key: `bench-${i}`, data: { timer: i, dueAt }, runAt: new Date(dueAt) });
    if (Date.now() > dueAt) scheduledLate++;
  }
  log(`${label}: scheduled ${TIMERS} timers in ${(performance.now() - scheduling).toFixed(0)} ms (${scheduledLate} only after their due time)`);
  const until = Date.now() + (LEAD_S + SPREAD_S + 60) * 1000;
  while (ran.size < TIMERS && Date.now() < until) await new Promise((done) => setTimeout(done, 100));
  const twice = [...ran.values()].filter((count) => count > 1).length;
  const sorted = sortedCopy(lateness);
  log(`${label}: ${ran.size}/${TIMERS} timers ran, ${twice} more than once; lateness p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms`);
  const notes = `${TIMERS} timers over ${SPREAD_S} s; ${ran.size} ran${twice ? `, ${twice} twice` : ', each once'}`;
  return [
    figure(`timer lateness p50, ${label}`, 'ms', percentile(sorted, 50), sorted.length, notes),
    against(figure(`timer lateness p99, ${label}`, 'ms', percentile(sorted, 99), sorted.length, notes), { below: 1_000 }),
    figure(`timer lateness max, ${label}`, 'ms', sorted.at(-1) ?? Number.NaN, sorted.length, notes),
    against(figure(`timers not run exactly once, ${label}`, 'timers', TIMERS - ran.size + twice, TIMERS, notes), { below: 1 }),
  ];
}

const figures: Figure[] = [];
const dir = await tempDir('timers');
try {
  const store = await FileStore.open(dir);
  figures.push(...(await measure([store], 'file store, one process')));
  await store.close();
} finally {
  await removeDir(dir);
}

const admin = new pg.Client({ connectionString: DATABASE_URL });
const reachable = await admin.connect().then(
  () => true,
  () => false,
);
if (!reachable) {
  figures.push(notMeasured('timer lateness p99, PostgreSQL, two instances', 'ms', `no PostgreSQL at ${new URL(DATABASE_URL).host}`, { below: 1_000 }));
} else {
  const schema = `pz_bench_timers_${process.pid}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const instances: Storage[] = [];
  try {
    for (let i = 0; i < 2; i++) instances.push(await PostgresStore.open(url.toString()));
    figures.push(...(await measure(instances, 'PostgreSQL, two instances')));
  } finally {
    for (const instance of instances) await instance.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${jobSchemaBeside(schema)} CASCADE; DROP SCHEMA ${schema} CASCADE`);
  }
}
await admin.end().catch(() => undefined);
await report('6. Timers', figures);
