import { timingSafeEqual } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobRunner } from '../jobs/jobs.js';
import type { ConsultRepository } from '../store/store.js';

/**
 * What /metrics serves, in Prometheus' text format: counts and durations only, never a name, a
 * reference or a patient. Gauges that need the store are read when Prometheus scrapes.
 */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'pz_http_requests_total', help: 'HTTP requests answered, by route and status.', labelNames: ['route', 'status'], registers: [this.registry] });
  private readonly jobRuns = new Counter({
    name: 'pz_job_runs_total',
    help: 'Job runs by queue and outcome (done, retry, failed); outbox-deliver retry and failed are the outbox retries and failures.',
    labelNames: ['queue', 'outcome'],
    registers: [this.registry],
  });
  private readonly lateness = new Histogram({
    name: 'pz_job_lateness_seconds',
    help: 'How late a job started against its due time (escalation steps, re-notifications, deliveries), by queue.',
    labelNames: ['queue'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60],
    registers: [this.registry],
  });

  /** Without sources (a bare HTTP server, as the benchmark's echo baseline) only requests and the process are measured. */
  constructor(sources?: { consults: Pick<ConsultRepository, 'open'>; jobs: JobRunner }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'pz_' });
    if (!sources) return;
    const { consults, jobs } = sources;
    new Gauge({
      name: 'pz_open_consults',
      help: 'Open consults by state; exhausted counts those whose whole chain ran out unanswered.',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const counts: Record<string, number> = { ingediend: 0, aangeboden: 0, geaccepteerd: 0, exhausted: 0 };
        for (const consult of await consults.open()) {
          counts[consult.status] = (counts[consult.status] ?? 0) + 1;
          if (consult.exhaustedAt && consult.status === 'aangeboden') counts.exhausted! += 1;
        }
        for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'pz_job_queue_depth',
      help: 'Jobs waiting per queue, due or not.',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        for (const [queue, depth] of Object.entries(await jobs.depth())) this.set({ queue }, depth);
      },
    });
    jobs.observe((event) => {
      this.jobRuns.inc({ queue: event.queue, outcome: event.outcome });
      if (event.latenessMs !== undefined) this.lateness.observe({ queue: event.queue }, event.latenessMs / 1000);
    });
  }

  countRequest(route: string, status: number): void {
    this.requests.inc({ route, status: String(status) });
  }
}

/** Whether a scrape may read the metrics: anyone when no token is configured, else only with `Bearer <token>`. */
export function mayScrape(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
