import type { Consult, Refusal, Transition } from '../domain/consult.js';
import type { ContactLogEntry } from '../domain/contactLog.js';
import { nextRenotificationAt } from '../domain/paging.js';
import type { JobRequest } from '../jobs/jobs.js';
import type { Repositories, Storage } from '../store/store.js';
import { deliverNow, OutboxRecorder, type Announcer } from './outbox.js';

/**
 * The one way a consult changes: the new version, the messages it causes (in the outbox) and the
 * jobs for its next deadlines are stored in one transaction, then this instance delivers.
 */

export type Outcome = { ok: true; consult: Consult } | { ok: false; refusal: Refusal };

/**
 * Who sends a stored change's messages: this instance at once (a user waits for the answer), or
 * the job worker in its own time (a catch-up at start-up, which must not wait for a messenger
 * that does not answer).
 */
export type Delivery = 'now' | 'by-the-worker';

/** A transition's result; closing also gives the contact-log entries to store with it. */
export type Transitioned = Transition | { ok: true; consult: Consult; contacts: ContactLogEntry[] };

/** What a stored change tells whom, written to the outbox with it. */
export type Announce = (before: Consult, after: Consult, outbox: Announcer) => Promise<void>;

/**
 * Every round of compare-and-set lets at least one of the concurrent changes through, so this
 * many rounds carry as many simultaneous changes of one consult (ten messages at once, two accepts).
 */
const MAX_CONFLICT_RETRIES = 50;

/** Thrown inside a transaction when the compare-and-set lost, so nothing of it is kept. */
class Conflict extends Error {}
const rollback = (): never => {
  throw new Conflict('consult changed meanwhile');
};
const conflictAsFalse = (error: unknown): false => {
  if (error instanceof Conflict) return false;
  throw error;
};

/**
 * Applies a transition with compare-and-set on the consult's version. When someone else changed
 * the consult in between, the transition is re-evaluated on the fresh version, so of two
 * simultaneous accepts exactly one wins and the other is told who has it.
 */
export async function changeConsult(
  store: Storage,
  consultId: string,
  transition: (consult: Consult) => Transitioned | Promise<Transitioned>,
  announce: Announce,
  delivery: Delivery = 'now',
): Promise<Outcome> {
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const current = await store.consults.get(consultId);
    if (!current) return { ok: false, refusal: { code: 'not-open', message: 'Dit consult bestaat niet (meer).' } };
    const result = await transition(current);
    if (!result.ok) return result;
    const stored = await store.transaction(async (tx) => {
      if ('contacts' in result) await tx.contacts.record(result.contacts);
      if (!(await tx.consults.replace(result.consult))) rollback();
      await storeConsequences(tx, current, result.consult, announce);
      return true;
    }).catch(conflictAsFalse);
    if (stored) {
      if (delivery === 'now') await deliverNow(store);
      return { ok: true, consult: result.consult };
    }
  }
  throw new Error(`consult ${consultId} kept changing; gave up after ${MAX_CONFLICT_RETRIES} attempts`);
}

/** What a stored change causes, stored with it: its messages in the outbox, and the job for its next deadline. */
async function storeConsequences(tx: Repositories, before: Consult, after: Consult, announce: Announce): Promise<void> {
  const outbox = new OutboxRecorder();
  await announce(before, after, outbox);
  // One statement on PostgreSQL for the messages and the deadlines together.
  await tx.jobs.scheduleAll([...outbox.jobsFor(after), ...[stepJob(after), renotificationJob(after)].filter((job) => job !== undefined)]);
}

/** The job for the consult's next re-notification, while it waits for an answer. */
export function renotificationJob(consult: Consult, again = ''): JobRequest | undefined {
  const runAt = nextRenotificationAt(consult);
  if (!runAt) return undefined;
  const index = consult.renotified?.length ?? 0;
  return { queue: 'consult-renotify', key: `${consult.id}:${index}${again ? `:${again}` : ''}`, data: { consultId: consult.id, index }, runAt };
}

/** The job that runs when the consult's current step is over; none while no step waits. */
export function stepJob(consult: Consult, again = ''): JobRequest | undefined {
  if (consult.status !== 'aangeboden' || !consult.stepDeadline) return undefined;
  return {
    queue: 'consult-step',
    key: `${consult.id}:${consult.stepIndex}:${consult.stepDeadline}${again ? `:${again}` : ''}`,
    data: { consultId: consult.id },
    runAt: new Date(consult.stepDeadline),
  };
}
