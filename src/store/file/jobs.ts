import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod/v4';
import { deadLetterOf, jobId, QUEUE_NAMES, QUEUES, retryDelayMs, type JobEvent, type JobHandler, type JobRequest, type JobRunner, type JobScheduler, type QueueName } from '../../jobs/jobs.js';
import type { KeyedQueue } from '../keyedQueue.js';
import { ignoreMissing, listNames, readDocumentsAtStart, writeDocument } from './documents.js';

const StoredJobSchema = z.object({
  id: z.string(),
  queue: z.enum(QUEUE_NAMES as [QueueName, ...QueueName[]]),
  key: z.string(),
  data: z.record(z.string(), z.unknown()),
  runAt: z.iso.datetime(),
  attempts: z.number().int().min(0),
});
type StoredJob = z.infer<typeof StoredJobSchema>;

/** Longest a timer sleeps before looking again, so a clock change cannot leave a job waiting long. */
const MAX_SLEEP_MS = 30_000;

/**
 * The embedded store's job queue: `jobs/<job id>.json`, one file per job, removed when the job
 * is done. One process serves the folder, so the queue is held in memory as well and a timer
 * wakes at the next due job; nothing is polled. A job still on disk at start-up (its process
 * stopped or crashed before it finished) is due again and runs once more: handlers are written
 * to be idempotent for that.
 */
export class FileJobs implements JobScheduler, JobRunner {
  private readonly jobs = new Map<string, StoredJob>();
  /** Jobs being run now, by id: a drain waits for one another drain (or the timer) is running. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly handlers = new Map<QueueName, JobHandler>();
  private readonly listeners: ((event: JobEvent) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  /** The worker's drain of each queue in progress: one per queue, so a slow queue (Teams not answering) never holds up a due step. */
  private readonly draining = new Map<QueueName, Promise<unknown>>();

  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
    private readonly clock: () => Date,
  ) {}

  private get directory(): string {
    return join(this.root, 'jobs');
  }

  async load(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const names = await listNames(this.directory);
    const documents = readDocumentsAtStart<unknown>(names.map((name) => join(this.directory, name)));
    for (const document of documents) {
      const parsed = StoredJobSchema.safeParse(document);
      if (parsed.success) this.jobs.set(parsed.data.id, parsed.data);
    }
  }

  async schedule(request: JobRequest): Promise<void> {
    const id = jobId(request.queue, request.key);
    if (this.jobs.has(id)) return;
    const job: StoredJob = { id, queue: request.queue, key: request.key, data: request.data, runAt: (request.runAt ?? this.clock()).toISOString(), attempts: 0 };
    await this.write(job);
    this.jobs.set(id, job);
    this.wake();
  }

  async scheduleAll(requests: readonly JobRequest[]): Promise<void> {
    for (const request of requests) await this.schedule(request);
  }

  handle(queue: QueueName, handler: JobHandler): void {
    this.handlers.set(queue, handler);
  }

  observe(listener: (event: JobEvent) => void): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    this.started = true;
    this.wake();
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    await Promise.all(this.draining.values());
  }

  async drain(queues: readonly QueueName[] = QUEUE_NAMES): Promise<number> {
    let ran = 0;
    for (;;) {
      const now = this.clock().getTime();
      const due = [...this.jobs.values()].filter((job) => queues.includes(job.queue) && this.handlers.has(job.queue) && Date.parse(job.runAt) <= now);
      if (due.length === 0) return ran;
      due.sort((a, b) => a.runAt.localeCompare(b.runAt));
      for (const job of due) {
        const inFlight = this.running.get(job.id);
        if (inFlight) {
          // Run by someone else right now: done when it is, so "drained" means finished.
          await inFlight;
          continue;
        }
        if (!this.jobs.has(job.id)) continue;
        await this.run(job);
        ran++;
      }
    }
  }

  async depth(): Promise<Record<QueueName, number>> {
    const depth = Object.fromEntries(QUEUE_NAMES.map((queue) => [queue, 0])) as Record<QueueName, number>;
    for (const job of this.jobs.values()) depth[job.queue]++;
    return depth;
  }

  async healthy(): Promise<boolean> {
    return this.started;
  }

  private run(job: StoredJob): Promise<void> {
    const running = this.attempt(job).finally(() => this.running.delete(job.id));
    this.running.set(job.id, running);
    return running;
  }

  private async attempt(job: StoredJob): Promise<void> {
    const latenessMs = job.attempts === 0 ? Math.max(0, this.clock().getTime() - Date.parse(job.runAt)) : undefined;
    try {
      await this.handlers.get(job.queue)?.(job.data);
      await this.remove(job);
      this.tell({ queue: job.queue, outcome: 'done', ...(latenessMs === undefined ? {} : { latenessMs }) });
    } catch (error) {
      const outcome = await this.failed(job);
      this.tell({ queue: job.queue, outcome, error: (error as Error).message, ...(latenessMs === undefined ? {} : { latenessMs }) });
    }
  }

  private tell(event: JobEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private async failed(job: StoredJob): Promise<'retry' | 'failed'> {
    const policy = QUEUES[job.queue];
    const attempts = job.attempts + 1;
    if (attempts <= policy.retryLimit) {
      const retry = { ...job, attempts, runAt: new Date(this.clock().getTime() + retryDelayMs(policy, attempts)).toISOString() };
      await this.write(retry);
      this.jobs.set(job.id, retry);
      return 'retry';
    }
    const deadLetter = deadLetterOf(job.queue);
    if (deadLetter) await this.schedule({ queue: deadLetter, key: job.id, data: job.data });
    await this.remove(job);
    return 'failed';
  }

  private path(id: string): string {
    return join(this.directory, `${id}.json`);
  }

  private write(job: StoredJob): Promise<void> {
    const path = this.path(job.id);
    return this.writes.run(path, () => writeDocument(path, job));
  }

  private async remove(job: StoredJob): Promise<void> {
    const path = this.path(job.id);
    await this.writes.run(path, () => unlink(path).catch(ignoreMissing));
    this.jobs.delete(job.id);
  }

  /** Sets the timer for the next due job; runs what is due now. */
  private wake(): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    // A queue being drained runs its own due jobs until none is left.
    const waiting = [...this.jobs.values()].filter((job) => !this.running.has(job.id) && !this.draining.has(job.queue));
    if (waiting.length === 0) return;
    const next = Math.min(...waiting.map((job) => Date.parse(job.runAt)));
    const sleep = Math.min(Math.max(0, next - this.clock().getTime()), MAX_SLEEP_MS);
    this.timer = setTimeout(() => this.tick(), sleep);
    this.timer.unref?.();
  }

  private tick(): void {
    if (!this.started) return;
    for (const queue of QUEUE_NAMES) {
      if (this.draining.has(queue)) continue;
      const drained = this.drain([queue])
        .catch(() => 0)
        .finally(() => {
          this.draining.delete(queue);
          this.wake();
        });
      this.draining.set(queue, drained);
    }
    this.wake();
  }
}
