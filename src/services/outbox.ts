import { z } from 'zod/v4';
import type { Consult } from '../domain/consult.js';
import { outboxJobs, type JobRequest } from '../jobs/jobs.js';
import type { ConsultRepository, Storage } from '../store/store.js';
import type { ConsultNotifier, Notice } from './consultService.js';
import { isMdoDelivery, MdoDeliverySchema, type MdoDelivery } from './mdoOutbox.js';

/**
 * The transactional outbox of the consult loop. A change records what it must tell whom (an
 * offer card, a notice, card updates) while it is being stored; the records become
 * `outbox-deliver` jobs in the same transaction, and a worker hands each to the messenger with
 * retries. A delivery names the consult, not a copy of it: the worker renders the consult as it
 * is when the message goes out, and no patient text waits in the job queue. MDO-PZ messages go
 * through the same outbox, as deliveries of their own kinds (mdoOutbox.ts).
 */

const NoticeKindSchema = z.enum(['skipped', 'escalated', 'reminder', 'exhausted', 'accepted', 'unanswered', 'withdrawn', 'relayed', 'closed', 'undelivered', 'supplemented', 'fileShared']);

const ConsultDeliverySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offer'), consultId: z.string(), personId: z.string() }),
  z.object({ kind: z.literal('cards'), consultId: z.string() }),
  z.object({
    kind: z.literal('notice'),
    consultId: z.string(),
    personId: z.string(),
    notice: NoticeKindSchema,
    /** The version of the consult the notice is about, for what only that version says (who was skipped). */
    version: z.number().int(),
    personIds: z.array(z.string()).optional(),
    fromPersonId: z.string().optional(),
    /** Which relayed message (or shared file), by its position in the consult's messages. */
    messageIndex: z.number().int().min(0).optional(),
    /** Which addition to the request, by its position in the consult's supplements. */
    supplementIndex: z.number().int().min(0).optional(),
  }),
]);
export type ConsultDelivery = z.infer<typeof ConsultDeliverySchema>;

export const DeliverySchema = z.discriminatedUnion('kind', [...ConsultDeliverySchema.options, ...MdoDeliverySchema.options]);
export type Delivery = ConsultDelivery | MdoDelivery;

/** What a change's announcement writes to: the same calls as the messenger, recorded. */
export type Announcer = Pick<ConsultNotifier, 'sendOffer' | 'updateCards' | 'notify'>;

/** Collects a change's messages so they can be stored with it. */
export class OutboxRecorder implements Announcer {
  readonly deliveries: Delivery[] = [];

  async sendOffer(consult: Consult, personId: string): Promise<void> {
    this.deliveries.push({ kind: 'offer', consultId: consult.id, personId });
  }

  async updateCards(consult: Consult): Promise<void> {
    this.deliveries.push({ kind: 'cards', consultId: consult.id });
  }

  async notify(personId: string, notice: Notice): Promise<void> {
    const { consult } = notice;
    this.deliveries.push({
      kind: 'notice',
      consultId: consult.id,
      personId,
      notice: notice.kind,
      version: consult.version,
      ...(notice.kind === 'skipped' ? { personIds: notice.personIds } : {}),
      ...(notice.kind === 'undelivered' ? { personIds: [notice.personId] } : {}),
      ...(notice.kind === 'relayed' || notice.kind === 'fileShared' ? { fromPersonId: notice.fromPersonId, messageIndex: consult.messages.length - 1 } : {}),
      ...(notice.kind === 'supplemented' ? { supplementIndex: (consult.supplements?.length ?? 0) - 1 } : {}),
    });
  }

  /** The recorded messages as jobs, keyed by consult version so a retried change sends nothing twice. */
  jobsFor(consult: Consult): JobRequest[] {
    return outboxJobs(`${consult.id}:${consult.version}`, this.deliveries);
  }
}

/** Where each kind of delivery goes: the consult loop's messenger, or the MDO's. */
export interface Messengers {
  consults: ConsultRepository;
  notifier: Announcer;
  mdo: (delivery: MdoDelivery) => Promise<void>;
}

/** Hands one stored delivery to the messenger; throws when the messenger did not take it, so the job retries. */
export async function deliver(data: unknown, to: Messengers): Promise<void> {
  const parsed = DeliverySchema.safeParse(data);
  if (!parsed.success) return;
  const delivery = parsed.data;
  if (isMdoDelivery(delivery)) return to.mdo(delivery);
  const { consults, notifier } = to;
  const consult = await consults.get(delivery.consultId);
  if (!consult) return;
  if (delivery.kind === 'offer') return notifier.sendOffer(consult, delivery.personId);
  if (delivery.kind === 'cards') return notifier.updateCards(consult);
  const notice = noticeOf(delivery, consult);
  if (notice) await notifier.notify(delivery.personId, notice);
}

function noticeOf(delivery: Extract<ConsultDelivery, { kind: 'notice' }>, consult: Consult): Notice | undefined {
  switch (delivery.notice) {
    case 'skipped':
      return { kind: 'skipped', consult, personIds: delivery.personIds ?? [] };
    case 'undelivered':
      return { kind: 'undelivered', consult, personId: delivery.personIds?.[0] ?? '' };
    // Gone when the retention period removed the conversation before the message went out.
    case 'relayed': {
      const message = consult.messages[delivery.messageIndex ?? -1];
      return message ? { kind: 'relayed', consult, fromPersonId: message.fromPersonId, text: message.text } : undefined;
    }
    case 'fileShared': {
      const message = consult.messages[delivery.messageIndex ?? -1];
      return message?.file ? { kind: 'fileShared', consult, fromPersonId: message.fromPersonId, file: message.file, text: message.text } : undefined;
    }
    case 'supplemented': {
      const supplement = consult.supplements?.[delivery.supplementIndex ?? -1];
      return supplement ? { kind: 'supplemented', consult, supplement } : undefined;
    }
    default:
      return { kind: delivery.notice, consult };
  }
}

/** Hands this instance's fresh outbox messages to the messenger now, so a reply follows the click; the worker retries what fails. */
export async function deliverNow(store: Pick<Storage, 'jobRunner'>): Promise<void> {
  await store.jobRunner.drain(['outbox-deliver']).catch(() => 0);
}
