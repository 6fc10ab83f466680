import PgBoss from 'pg-boss';
import { deadLetterOf, jobId, QUEUE_NAMES, QUEUES, type JobEvent, type JobHandler, type JobRequest, type JobRunner, type JobScheduler, type QueueName } from '../../jobs/jobs.js';
import type { Queryable } from './queryable.js';

/** How often each instance asks the queue for due jobs: the bound on how late a due job starts. */
const POLL_MS = 250;
const BATCH = 20;

/**
 * The job queue on PostgreSQL: pg-boss 10, in a schema beside the store's. pg-boss hands each
 * due job to one instance (SELECT … FOR UPDATE SKIP LOCKED), retries a failed one with backoff,
 * moves one out of retries to its dead-letter queue, and gives a job whose instance died to
 * another once its expiry passes. Jobs join the caller's transaction through pg-boss's `db`
 * option, so a rolled-back change leaves no job behind.
 */
export class PgBossJobs implements JobRunner {
  private readonly handlers = new Map<QueueName, JobHandler>();
  private readonly listeners: ((event: JobEvent) => void)[] = [];
  private running = false;
  /** One poll loop per queue, so a slow queue (Teams not answering) never holds up a due step. */
  private loops: Promise<void>[] = [];
  private readonly wakeUps = new Set<() => void>();
  /** Rounds (fetch and run) of this instance in progress, so a drain ends only when what was due has finished here. */
  private readonly inFlight = new Set<{ queue: QueueName; done: Promise<number> }>();

  private constructor(private readonly boss: PgBoss) {}

  /**
   * Starts pg-boss (creating or upgrading its schema under its own lock) and makes the queues,
   * under `exclusively`: pg-boss's queue creation deadlocks when instances start together.
   */
  static async open(connectionString: string, schema: string, exclusively: (work: () => Promise<void>) => Promise<void>): Promise<PgBoss> {
    const boss = new PgBoss({ connectionString, schema, max: 4, supervise: true, schedule: false, maintenanceIntervalSeconds: 30 });
    // pg-boss reports a lost connection as an event; the poll loop retries on its own.
    boss.on('error', () => undefined);
    await exclusively(async () => {
      await boss.start();
      for (const queue of QUEUE_NAMES) {
        const policy = QUEUES[queue];
        const options = { name: queue, policy: 'standard' as const, retryLimit: policy.retryLimit, retryDelay: policy.retryDelaySeconds, retryBackoff: policy.backoff, expireInSeconds: policy.expireInSeconds };
        if (!(await boss.getQueue(queue))) await boss.createQueue(queue, options);
        else await boss.updateQueue(queue, options);
      }
      for (const queue of QUEUE_NAMES) {
        const deadLetter = deadLetterOf(queue);
        if (deadLetter) await boss.updateQueue(queue, { name: queue, deadLetter });
      }
    });
    return boss;
  }

  static runner(boss: PgBoss): PgBossJobs {
    return new PgBossJobs(boss);
  }

  /**
   * A scheduler on this connection: the pool, or the client of a transaction. A due time is
   * stored as a delay from the database's clock, counted on this instance's clock: the queue
   * hands out jobs by the database's clock, so an instance whose clock is a few seconds off
   * still gets its job when its own clock says so, not early (and then again and again).
   */
  static scheduler(boss: PgBoss, db: Queryable, clock: () => Date): JobScheduler {
    const executor = { executeSql: async (text: string, values: unknown[]) => ({ rows: (await db.query(text, values)).rows }) };
    // One INSERT … SELECT for all; the queue's retry, expiry and dead-letter settings apply as with send, and a key already there is skipped.
    const scheduleAll = async (requests: readonly JobRequest[]) => {
      const now = clock().getTime();
      // Within one statement PostgreSQL keeps any one of two rows with the same id; as with one send after another, the first counts.
      const jobs = new Map<string, PgBoss.JobInsert>();
      for (const request of requests) {
        const id = jobId(request.queue, request.key);
        if (!jobs.has(id)) jobs.set(id, { id, name: request.queue, data: request.data, ...(request.runAt ? { startAfter: delayFrom(now, request.runAt) } : {}) });
      }
      if (jobs.size > 0) await boss.insert([...jobs.values()], { db: executor });
    };
    return { schedule: (request: JobRequest) => scheduleAll([request]), scheduleAll };
  }

  handle(queue: QueueName, handler: JobHandler): void {
    this.handlers.set(queue, handler);
  }

  observe(listener: (event: JobEvent) => void): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    this.running = true;
    this.loops = QUEUE_NAMES.map((queue) => this.poll(queue));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const wakeUp of this.wakeUps) wakeUp();
    await Promise.all(this.loops);
    await this.boss.stop({ graceful: false, wait: true, close: true });
  }

  async drain(queues: readonly QueueName[] = QUEUE_NAMES): Promise<number> {
    let ran = 0;
    for (const queue of queues) {
      const handler = this.handlers.get(queue);
      if (!handler) continue;
      for (;;) {
        // In flight from before the fetch: the jobs a fetch locks are invisible to any other
        // fetch, so a drain running beside this one must wait for this round, not see nothing due.
        const round = { queue, done: this.fetchAndRun(queue, handler) };
        this.inFlight.add(round);
        const fetched = await round.done.finally(() => this.inFlight.delete(round));
        ran += fetched;
        if (fetched < BATCH) break;
      }
      // A round of another drain (the poll loop, a request) may hold a due job this one could not
      // fetch: wait for it before the next queue, as what it does may put a job there (a delivery
      // that failed for good goes to the dead-letter queue).
      await Promise.all([...this.inFlight].filter((running) => running.queue === queue).map((running) => running.done.catch(() => 0)));
    }
    return ran;
  }

  /** Fetches one batch of due jobs of a queue and runs them one by one; how many it fetched. */
  private async fetchAndRun(queue: QueueName, handler: JobHandler): Promise<number> {
    const jobs = await this.boss.fetch<Record<string, unknown>>(queue, { batchSize: BATCH, includeMetadata: true });
    for (const job of jobs) await this.run(queue, handler, job);
    return jobs.length;
  }

  async depth(): Promise<Record<QueueName, number>> {
    const depth = {} as Record<QueueName, number>;
    for (const queue of QUEUE_NAMES) depth[queue] = await this.boss.getQueueSize(queue);
    return depth;
  }

  async healthy(): Promise<boolean> {
    if (!this.running) return false;
    return this.boss.getQueueSize('outbox-deliver').then(
      () => true,
      () => false,
    );
  }

  private async run(queue: QueueName, handler: JobHandler, job: PgBoss.JobWithMetadata<Record<string, unknown>>): Promise<void> {
    const latenessMs = job.retryCount === 0 ? Math.max(0, Date.now() - new Date(job.startAfter).getTime()) : undefined;
    const late = latenessMs === undefined ? {} : { latenessMs };
    try {
      await handler(job.data);
      await this.boss.complete(queue, job.id);
      this.tell({ queue, outcome: 'done', ...late });
    } catch (error) {
      await this.boss.fail(queue, job.id, { message: (error as Error).message });
      this.tell({ queue, outcome: job.retryCount < job.retryLimit ? 'retry' : 'failed', error: (error as Error).message, ...late });
    }
  }

  private tell(event: JobEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private async poll(queue: QueueName): Promise<void> {
    while (this.running) {
      await this.drain([queue]).catch(() => 0);
      await new Promise<void>((resolve) => {
        const wakeUp = () => {
          clearTimeout(timer);
          this.wakeUps.delete(wakeUp);
          resolve();
        };
        const timer = setTimeout(wakeUp, POLL_MS);
        this.wakeUps.add(wakeUp);
      });
    }
  }
}

/** pg-boss reads a start time without a trailing Z as an interval after the database's now(). */
function delayFrom(now: number, runAt: Date): string {
  return `${runAt.getTime() - now} milliseconds`;
}
