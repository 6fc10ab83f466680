import { z } from 'zod/v4';
import { REMINDERS, type AgendaItem, type MdoMeeting, type MdoMessage, type ReminderKind, type UndeliveredMdoMessage } from '../domain/mdo.js';
import { outboxJobs, type JobScheduler } from '../jobs/jobs.js';
import type { MdoChannelLink, Storage } from '../store/store.js';
import type { MdoNotifier } from './mdoService.js';

/**
 * The MDO-PZ side of the transactional outbox (see outbox.ts): the messages a change of a meeting
 * causes (its card to a member, an invitation, reminders, outcomes, its thread in the kernteam's
 * channel, card updates) are recorded while the change is stored and become `outbox-deliver`
 * jobs with it. A delivery names the meeting, not a copy: the worker renders the meeting as it
 * is when the message goes out, so updates of one card converge on its latest state and no
 * patient text waits in the job queue.
 */

const ThreadReminderSchema = z.enum(['agenda', 'link']);

const MDO_DELIVERIES = [
  /** The meeting card as a new message: the announcement to a member, or the agenda the day before. */
  z.object({ kind: z.literal('mdo-card'), meetingId: z.string(), personId: z.string(), reason: z.enum(['announcement', 'agenda']) }),
  /** A requester outside the kernteam, invited for the patient `itemId`. */
  z.object({ kind: z.literal('mdo-invitation'), meetingId: z.string(), personId: z.string(), itemId: z.string() }),
  z.object({ kind: z.literal('mdo-reminder'), meetingId: z.string(), personId: z.string(), reminder: z.enum(REMINDERS) }),
  z.object({ kind: z.literal('mdo-outcome'), meetingId: z.string(), personId: z.string(), itemId: z.string() }),
  /** Every posted card of the meeting, in the chats and in the thread, re-rendered in place. */
  z.object({ kind: z.literal('mdo-cards'), meetingId: z.string() }),
  /** The meeting's thread in the kernteam's linked channel. */
  z.object({ kind: z.literal('mdo-thread'), meetingId: z.string() }),
  z.object({ kind: z.literal('mdo-thread-reminder'), meetingId: z.string(), reminder: ThreadReminderSchema }),
  /** For a coordinator: message `undeliveredIndex` of the meeting's undelivered ones could not be delivered. */
  z.object({ kind: z.literal('mdo-undelivered'), meetingId: z.string(), personId: z.string(), undeliveredIndex: z.number().int().min(0) }),
] as const;

export const MdoDeliverySchema = z.discriminatedUnion('kind', MDO_DELIVERIES);
export type MdoDelivery = z.infer<typeof MdoDeliverySchema>;

const MDO_KINDS: ReadonlySet<string> = new Set(MDO_DELIVERIES.map((schema) => schema.shape.kind.value));
export const isMdoDelivery = (delivery: { kind: string }): delivery is MdoDelivery => MDO_KINDS.has(delivery.kind);

/** What a change's announcement writes to: the same calls as the MDO messenger, recorded. */
export type MdoAnnouncer = Pick<MdoNotifier, 'sendMeetingCard' | 'inviteGuest' | 'remind' | 'sendOutcome' | 'updateMeetingCards' | 'postThread' | 'remindInThread' | 'alertUndelivered'>;

/** Collects a change's MDO messages so they can be stored with it. */
export class MdoOutboxRecorder implements MdoAnnouncer {
  readonly deliveries: MdoDelivery[] = [];

  async sendMeetingCard(meeting: MdoMeeting, personId: string): Promise<void> {
    this.deliveries.push({ kind: 'mdo-card', meetingId: meeting.id, personId, reason: 'announcement' });
  }

  async inviteGuest(meeting: MdoMeeting, item: AgendaItem, personId: string): Promise<void> {
    this.deliveries.push({ kind: 'mdo-invitation', meetingId: meeting.id, personId, itemId: item.id });
  }

  async remind(meeting: MdoMeeting, personId: string, kind: ReminderKind): Promise<void> {
    this.deliveries.push(kind === 'agenda' ? { kind: 'mdo-card', meetingId: meeting.id, personId, reason: 'agenda' } : { kind: 'mdo-reminder', meetingId: meeting.id, personId, reminder: kind });
  }

  async sendOutcome(meeting: MdoMeeting, item: AgendaItem, personId: string): Promise<void> {
    this.deliveries.push({ kind: 'mdo-outcome', meetingId: meeting.id, personId, itemId: item.id });
  }

  async updateMeetingCards(meeting: MdoMeeting): Promise<void> {
    this.deliveries.push({ kind: 'mdo-cards', meetingId: meeting.id });
  }

  /** The thread goes to the channel linked when it is posted: the link named here is the reason, not the address. */
  async postThread(meeting: MdoMeeting, _link: MdoChannelLink): Promise<void> {
    this.deliveries.push({ kind: 'mdo-thread', meetingId: meeting.id });
  }

  async remindInThread(meeting: MdoMeeting, kind: Exclude<ReminderKind, 'outcomeOverdue'>): Promise<void> {
    this.deliveries.push({ kind: 'mdo-thread-reminder', meetingId: meeting.id, reminder: kind });
  }

  async alertUndelivered(meeting: MdoMeeting, coordinatorId: string, message: UndeliveredMdoMessage): Promise<void> {
    const undeliveredIndex = (meeting.undelivered ?? []).indexOf(message);
    if (undeliveredIndex >= 0) this.deliveries.push({ kind: 'mdo-undelivered', meetingId: meeting.id, personId: coordinatorId, undeliveredIndex });
  }

  /**
   * Schedules the recorded messages on the transaction's jobs under `key` (the meeting and its new
   * version, say), so a change stored twice, or retried after a crash, sends each message once.
   */
  async scheduleOn(jobs: JobScheduler, key: string): Promise<void> {
    await jobs.scheduleAll(outboxJobs(key, this.deliveries));
  }
}

/**
 * Hands one stored MDO delivery to the messenger; throws when the messenger did not take it, so
 * the job retries. What is gone by now (the meeting, the patient taken off the agenda, the
 * channel unlinked) is not sent.
 */
export async function deliverMdo(delivery: MdoDelivery, store: Pick<Storage, 'mdo' | 'mdoChannels'>, notifier: MdoNotifier): Promise<void> {
  const meeting = await store.mdo.meeting(delivery.meetingId);
  if (!meeting) return;
  const item = (itemId: string) => meeting.agenda.find((i) => i.id === itemId);
  switch (delivery.kind) {
    case 'mdo-card':
      return delivery.reason === 'agenda' ? notifier.remind(meeting, delivery.personId, 'agenda') : notifier.sendMeetingCard(meeting, delivery.personId);
    case 'mdo-invitation': {
      const invitedFor = item(delivery.itemId);
      return invitedFor && notifier.inviteGuest(meeting, invitedFor, delivery.personId);
    }
    case 'mdo-reminder':
      return notifier.remind(meeting, delivery.personId, delivery.reminder);
    case 'mdo-outcome': {
      const decided = item(delivery.itemId);
      return decided?.outcome && notifier.sendOutcome(meeting, decided, delivery.personId);
    }
    case 'mdo-cards':
      return notifier.updateMeetingCards(meeting);
    case 'mdo-thread': {
      const link = await store.mdoChannels.link(meeting.kernteamId);
      return link && notifier.postThread(meeting, link);
    }
    case 'mdo-thread-reminder':
      return notifier.remindInThread(meeting, delivery.reminder);
    case 'mdo-undelivered': {
      const message = meeting.undelivered?.[delivery.undeliveredIndex];
      return message && notifier.alertUndelivered(meeting, delivery.personId, message);
    }
  }
}

/** What a delivery that failed for good was, as the meeting records it; none for card updates and for alerts about failures. */
export function undeliveredMessageOf(delivery: MdoDelivery, at: Date): UndeliveredMdoMessage | undefined {
  const what = whatWasSent(delivery);
  if (!what) return undefined;
  return {
    ...('personId' in delivery ? { personId: delivery.personId } : {}),
    what,
    ...('itemId' in delivery ? { itemId: delivery.itemId } : {}),
    at: at.toISOString(),
  };
}

function whatWasSent(delivery: MdoDelivery): MdoMessage | undefined {
  switch (delivery.kind) {
    case 'mdo-card':
      return delivery.reason === 'agenda' ? 'reminder' : 'announcement';
    case 'mdo-invitation':
      return 'invitation';
    case 'mdo-reminder':
      return 'reminder';
    case 'mdo-outcome':
      return 'outcome';
    case 'mdo-thread':
      return 'thread';
    case 'mdo-thread-reminder':
      return 'threadReminder';
    case 'mdo-cards':
    case 'mdo-undelivered':
      return undefined;
  }
}
