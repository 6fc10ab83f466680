import { createHash } from 'node:crypto';

/**
 * Durable jobs: work that must happen later, or again until it succeeds, whatever process runs
 * it. A job is scheduled through the repositories of a transaction, so it exists exactly when the
 * state change that causes it was stored; it runs once across every instance that shares the
 * store, and a failing job is retried with backoff until its queue's limit, then handed to the
 * queue's dead-letter handler (where a person gets to see it).
 */

/** The queues, and how each treats a failure. */
export const QUEUES = {
  /** A consult's current step reached its deadline: offer to the next step. */
  'consult-step': { retryLimit: 5, retryDelaySeconds: 2, backoff: true, expireInSeconds: 60 },
  /** Open offers of an unanswered consult are sent again. */
  'consult-renotify': { retryLimit: 5, retryDelaySeconds: 2, backoff: true, expireInSeconds: 60 },
  /** A message for the messenger (offer, notice, card update), written with the change that caused it. */
  'outbox-deliver': { retryLimit: 6, retryDelaySeconds: 5, backoff: true, expireInSeconds: 60, deadLetter: 'outbox-undeliverable' },
  /** A message that could not be delivered after all its retries: 5 to 10 minutes of them. */
  'outbox-undeliverable': { retryLimit: 3, retryDelaySeconds: 30, backoff: true, expireInSeconds: 60 },
  /** MDO invitations and reminders that are due. */
  'mdo-due': { retryLimit: 3, retryDelaySeconds: 10, backoff: true, expireInSeconds: 120 },
  /** An on-call shift starts: the incoming specialist gets the hand-over. Each run plans the roster's next. */
  'roster-handover': { retryLimit: 3, retryDelaySeconds: 5, backoff: true, expireInSeconds: 60 },
  /** A shift starts in 24 hours: coordinators hear of anyone in it the bot cannot reach. Each run plans the next. */
  'roster-warnings': { retryLimit: 3, retryDelaySeconds: 30, backoff: true, expireInSeconds: 120 },
  /** An absence reached the time its owner gave: they are told, and it is audited. */
  'roster-absence-end': { retryLimit: 3, retryDelaySeconds: 30, backoff: true, expireInSeconds: 60 },
  /** Expired download links, old activity claims: tidying that runs every few minutes. */
  housekeeping: { retryLimit: 1, retryDelaySeconds: 30, backoff: false, expireInSeconds: 300 },
} as const satisfies Record<string, QueuePolicy>;

export type QueueName = keyof typeof QUEUES;
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];

/** The queue a job goes to when its retries on `queue` are used up. */
export const deadLetterOf = (queue: QueueName): QueueName | undefined => {
  const policy: QueuePolicy = QUEUES[queue];
  return policy.deadLetter as QueueName | undefined;
};

export interface QueuePolicy {
  /** Retries after the first attempt. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** Doubles the delay with each retry (pg-boss adds up to as much again as jitter). */
  backoff: boolean;
  /** A job still running after this long is taken to have died with its process, and runs again. */
  expireInSeconds: number;
  /** Where a job goes when its retries are used up (a queue of QUEUES). */
  deadLetter?: string;
}

export type JobData = Record<string, unknown>;

export interface JobRequest {
  queue: QueueName;
  /** Scheduling the same key twice on one queue makes one job (a retried transaction, two instances). */
  key: string;
  data: JobData;
  /** When it is due; now when absent. */
  runAt?: Date;
}

/** The part of the jobs that joins a transaction: see `Repositories.jobs`. */
export interface JobScheduler {
  schedule(job: JobRequest): Promise<void>;
  /** The same for several jobs; on PostgreSQL in one statement, as a change schedules its messages and deadlines together. */
  scheduleAll(jobs: readonly JobRequest[]): Promise<void>;
}

export type JobHandler = (data: JobData) => Promise<void>;

/** What happened to one run of a job, for the metrics and the log. */
export interface JobEvent {
  queue: QueueName;
  outcome: 'done' | 'retry' | 'failed';
  /** How late the run started against the job's due time (the first run only; retries wait on purpose). */
  latenessMs?: number;
  error?: string;
}

/** Runs the jobs of one store: started once per process, after every queue has its handler. */
export interface JobRunner {
  handle(queue: QueueName, handler: JobHandler): void;
  /** Hears every run's outcome. */
  observe(listener: (event: JobEvent) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs every job of these queues that is due now, until none is left: for tests and catching up. */
  drain(queues?: readonly QueueName[]): Promise<number>;
  /** Jobs waiting per queue (due or not), for /healthz and /metrics. */
  depth(): Promise<Record<QueueName, number>>;
  /** Whether the runner is running and can reach its store. */
  healthy(): Promise<boolean>;
}

/** A job's id, derived from its queue and key, so a second schedule of the same key is recognised. */
export function jobId(queue: QueueName, key: string): string {
  const hex = createHash('sha256').update(`${queue}\u0000${key}`).digest('hex');
  // UUID layout (version 8, "custom"), as PostgreSQL job queues key their jobs by uuid.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The delay before retry `attempt` (1 for the first retry). */
export function retryDelayMs(policy: QueuePolicy, attempt: number): number {
  return policy.retryDelaySeconds * 1000 * (policy.backoff ? 2 ** (attempt - 1) : 1);
}

/** A change's messages as `outbox-deliver` jobs: `key` names the change, the position each message in it, so storing the change again sends nothing twice. */
export function outboxJobs(key: string, deliveries: readonly JobRequest['data'][]): JobRequest[] {
  return deliveries.map((delivery, index) => ({ queue: 'outbox-deliver', key: `${key}:${index}`, data: delivery }));
}
