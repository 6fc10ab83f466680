import { periodAt } from '../domain/calendar.js';
import { mdoContactEntries } from '../domain/contactLog.js';
import type { NetworkDirectory } from '../domain/directory.js';
import * as mdo from '../domain/mdo.js';
import type { AgendaItem, ItemOutcome, MdoChange, MdoMeeting, MdoRefusal, ReminderKind, UndeliveredMdoMessage } from '../domain/mdo.js';
import { occurrencesBetween, type Kernteam, type MdoSeries, type Occurrence } from '../domain/mdoSeries.js';
import type { Person } from '../domain/network.js';
import type { Recurrence } from '../domain/recurrence.js';
import { newReference } from '../domain/references.js';
import type { Router } from '../domain/routing.js';
import type { MdoChannelLink, Repositories, Storage } from '../store/store.js';
import { currentThread } from './mdoChannels.js';
import { MdoOutboxRecorder, undeliveredMessageOf, type MdoAnnouncer, type MdoDelivery } from './mdoOutbox.js';
import { deliverNow } from './outbox.js';

/**
 * The messenger side of MDO-PZ: cards and messages in each person's chat, and the meeting's thread
 * in the kernteam's channel. Every method but `relay` runs for the outbox: it throws when the
 * messenger did not take the message, so the delivery is retried; nobody to reach is no failure.
 */
export interface MdoNotifier {
  /** Sends the meeting card to a member as a new message, so it can later be updated in place. */
  sendMeetingCard(meeting: MdoMeeting, personId: string): Promise<void>;
  /** Starts the meeting's thread in the linked channel with its card (once per meeting). */
  postThread(meeting: MdoMeeting, link: MdoChannelLink): Promise<void>;
  /** Posts a reminder in the meeting's thread, when it has one. */
  remindInThread(meeting: MdoMeeting, kind: Exclude<ReminderKind, 'outcomeOverdue'>): Promise<void>;
  /** Invites someone outside the kernteam to join for one patient. */
  inviteGuest(meeting: MdoMeeting, item: AgendaItem, personId: string): Promise<void>;
  /** Re-renders every posted card of this meeting, for each person and in the thread, in place. */
  updateMeetingCards(meeting: MdoMeeting): Promise<void>;
  remind(meeting: MdoMeeting, personId: string, kind: ReminderKind): Promise<void>;
  sendOutcome(meeting: MdoMeeting, item: AgendaItem, personId: string): Promise<void>;
  /** For a coordinator: this message about the meeting could not be delivered. */
  alertUndelivered(meeting: MdoMeeting, coordinatorId: string, message: UndeliveredMdoMessage): Promise<void>;
  /** Writes the audit entry of a message that could not be delivered, whether or not anyone can be told. */
  auditUndelivered(meeting: MdoMeeting, message: UndeliveredMdoMessage): Promise<void>;
  /** Passes a participant's message on at once, without the outbox: the sender is answered in the same turn. */
  relay(meeting: MdoMeeting, fromPersonId: string, text: string, personId: string): Promise<void>;
}

/** What a stored change of a meeting tells whom, recorded in the outbox with it. */
type Announce = (before: MdoMeeting, after: MdoMeeting, outbox: MdoAnnouncer) => Promise<void>;
const cardsOnly: Announce = (_before, after, outbox) => outbox.updateMeetingCards(after);

/** Thrown inside a transaction when the compare-and-set lost, so nothing of it is kept. */
class Conflict extends Error {}

export type MdoOutcome = { ok: true; meeting: MdoMeeting } | { ok: false; refusal: MdoRefusal };

/** How far ahead the next meeting of a series is announced and listed. */
const HORIZON_MS = 15 * 86_400_000;
/** How far ahead a meeting may be planned or found as "the next" one. */
const PLANNING_HORIZON_MS = 366 * 86_400_000;
const MAX_CONFLICT_RETRIES = 8;
const MAX_REF_ATTEMPTS = 20;
/** A care relationship through an MDO lasts this long after the meeting, for the ACP access rule. */
const MDO_RELATION_MS = 90 * 86_400_000;

export interface PlanInput {
  kernteamId: string;
  recurrence: Recurrence;
  time: string;
  durationMinutes: number;
  location: string;
  meetingUrl?: string;
}

export interface NewItem {
  patientRef: string;
  patientLabel: string;
  localPatientNumber?: string;
  question: string;
  dimensions: AgendaItem['dimensions'];
  newlyMarked: boolean;
  requesterId: string;
  regiebehandelaarId?: string;
  consultId?: string;
  consultRef?: string;
}

/**
 * MDO-PZ use cases: each stores its change (compare-and-set on the meeting) together with the
 * messages it causes, in the outbox; the outbox worker then tells the people concerned.
 */
export class MdoService {
  constructor(
    private readonly store: Storage,
    private readonly directory: NetworkDirectory,
    private readonly router: Router,
    private readonly notifier: MdoNotifier,
    private readonly clock: () => Date = () => new Date(),
    /** Makes a meeting's Teams meeting when the region has the bot make them: its join link, or undefined. */
    private readonly teamsMeetings?: { joinUrlFor(meeting: MdoMeeting): Promise<string | undefined> },
  ) {}

  /** Every series: those in the configuration and those planned in chat. */
  async allSeries(): Promise<MdoSeries[]> {
    const configured = this.directory.kernteams.flatMap((kernteam) => kernteam.series.map((series) => ({ ...series, kernteamId: kernteam.id })));
    return [...configured, ...(await this.store.mdo.series())];
  }

  kernteamOf(meeting: MdoMeeting): Kernteam {
    const kernteam = this.directory.kernteam(meeting.kernteamId);
    if (!kernteam) throw new Error(`kernteam ${meeting.kernteamId} of meeting ${meeting.id} is no longer configured`);
    return kernteam;
  }

  /** Plans a series or a one-off meeting and sends the card of its first meeting to the kernteam. A resubmitted form plans nothing new. */
  async plan(planner: Person, input: PlanInput, formId: string): Promise<MdoOutcome> {
    const kernteam = this.directory.kernteam(input.kernteamId);
    if (!kernteam || !mdo.isMember(kernteam, planner.id)) {
      return { ok: false, refusal: { code: 'not-member', message: 'U kunt alleen MDO’s plannen voor een kernteam waarvan u lid bent.' } };
    }
    const seriesId = `reeks-${formId}`;
    const existing = (await this.store.mdo.series()).find((s) => s.id === seriesId);
    const planned: MdoSeries = existing ?? {
      id: seriesId,
      kernteamId: kernteam.id,
      recurrence: input.recurrence,
      time: input.time,
      durationMinutes: input.durationMinutes,
      location: input.location,
      ...(input.meetingUrl ? { meetingUrl: input.meetingUrl } : {}),
      createdBy: planner.id,
      createdAt: this.clock().toISOString(),
    };
    const now = this.clock().getTime();
    const first = occurrencesBetween(planned, now, now + PLANNING_HORIZON_MS)[0];
    if (!first) return { ok: false, refusal: { code: 'no-meeting', message: 'Deze datum ligt in het verleden; kies een moment dat nog komt.' } };
    const series = existing ?? (await this.store.mdo.insertSeries(planned));
    const meeting = await this.ensureMeeting(series, first);
    await this.announce(meeting);
    return { ok: true, meeting: (await this.store.mdo.meeting(meeting.id)) ?? meeting };
  }

  /** The stored meeting of an occurrence, made when first needed. */
  async ensureMeeting(series: MdoSeries, occurrence: Occurrence): Promise<MdoMeeting> {
    const stored = await this.store.mdo.meeting(occurrence.meetingId);
    if (stored) return stored;
    const kernteam = this.directory.kernteam(series.kernteamId)!;
    for (let attempt = 0; attempt < MAX_REF_ATTEMPTS; attempt++) {
      const inserted = await this.store.mdo.insertMeeting(mdo.newMeeting(series, kernteam, occurrence, newReference('M'), this.clock()));
      if (inserted.outcome !== 'ref-taken') return inserted.record;
    }
    throw new Error(`no free meeting reference after ${MAX_REF_ATTEMPTS} attempts`);
  }

  /** The first meeting of this kernteam that has not started yet, or undefined when none is planned. */
  async nextMeeting(kernteamId: string): Promise<MdoMeeting | undefined> {
    const now = this.clock().getTime();
    const candidates = (await this.allSeries())
      .filter((series) => series.kernteamId === kernteamId)
      .flatMap((series) => occurrencesBetween(series, now + 1, now + PLANNING_HORIZON_MS).slice(0, 1).map((occurrence) => ({ series, occurrence })))
      .sort((a, b) => a.occurrence.startsAt - b.occurrence.startsAt);
    const next = candidates[0];
    return next ? this.ensureMeeting(next.series, next.occurrence) : undefined;
  }

  /** Meetings this person may see that end after now and start within the horizon, soonest first. */
  async upcomingFor(personId: string): Promise<MdoMeeting[]> {
    const now = this.clock().getTime();
    for (const kernteam of this.directory.kernteamsOf(personId)) {
      for (const series of (await this.allSeries()).filter((s) => s.kernteamId === kernteam.id)) {
        for (const occurrence of occurrencesBetween(series, now, now + HORIZON_MS)) await this.ensureMeeting(series, occurrence);
      }
    }
    return (await this.store.mdo.meetings(new Date(now)))
      .filter((m) => Date.parse(m.startsAt) < now + HORIZON_MS)
      .filter((m) => this.directory.kernteam(m.kernteamId) && mdo.mayView(m, this.kernteamOf(m), personId))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  join(person: Person, meetingId: string): Promise<MdoOutcome> {
    return this.change(meetingId, (meeting) => mdo.join(meeting, this.kernteamOf(meeting), person.id, this.clock()));
  }

  leave(person: Person, meetingId: string): Promise<MdoOutcome> {
    return this.change(meetingId, (meeting) => mdo.leave(meeting, person.id, this.clock()));
  }

  /**
   * Puts a patient on the next meeting of a kernteam. A requester outside the kernteam is invited
   * to join for this patient, and gets the meeting card in their chat.
   */
  async addItem(person: Person, kernteamId: string, input: NewItem, itemId: string): Promise<MdoOutcome> {
    const kernteam = this.directory.kernteam(kernteamId);
    if (!kernteam || !mdo.isMember(kernteam, person.id)) {
      return { ok: false, refusal: { code: 'not-member', message: 'U kunt alleen patiënten agenderen voor een kernteam waarvan u lid bent.' } };
    }
    const already = (await this.store.mdo.meetings()).find((m) => m.agenda.some((item) => item.id === itemId));
    if (already) return { ok: true, meeting: already };
    const meeting = await this.nextMeeting(kernteamId);
    if (!meeting) return { ok: false, refusal: { code: 'no-meeting', message: `Er is geen MDO gepland voor ${kernteam.name}. Plan er eerst een met 'mdo plannen'.` } };
    const guests = mdo.isMember(kernteam, input.requesterId) ? [] : [input.requesterId];
    const item: AgendaItem = { ...input, id: itemId, addedAt: this.clock().toISOString(), addedBy: person.id, guests };
    return this.change(meeting.id, (current) => mdo.addItem(current, kernteam, item, this.clock()), async (_before, after, outbox) => {
      await outbox.updateMeetingCards(after);
      for (const guest of guests) await outbox.inviteGuest(after, item, guest);
    });
  }

  removeItem(person: Person, meetingId: string, itemId: string): Promise<MdoOutcome> {
    return this.change(meetingId, (meeting) => mdo.removeItem(meeting, itemId, person.id, this.clock()));
  }

  /** Records the chair's outcome for one patient and sends it to the requester and the regiebehandelaar. */
  recordOutcome(person: Person, meetingId: string, itemId: string, outcome: Omit<ItemOutcome, 'recordedBy' | 'recordedAt'>): Promise<MdoOutcome> {
    return this.change(meetingId, (meeting) => mdo.recordOutcome(meeting, itemId, person.id, outcome, this.clock()), async (_before, after, outbox) => {
      await outbox.updateMeetingCards(after);
      const item = after.agenda.find((i) => i.id === itemId)!;
      for (const personId of new Set([item.requesterId, item.regiebehandelaarId].filter((id): id is string => Boolean(id)))) {
        await outbox.sendOutcome(after, item, personId);
      }
    });
  }

  recordAttendance(person: Person, meetingId: string, present: string[], minutesPerPatient: number): Promise<MdoOutcome> {
    return this.change(meetingId, (meeting) => mdo.recordAttendance(meeting, person.id, present, minutesPerPatient, this.clock()));
  }

  /** Sends a message to every other participant of the meeting, and to guests for their own patient. */
  async relay(person: Person, meetingId: string, text: string): Promise<MdoOutcome> {
    const meeting = await this.store.mdo.meeting(meetingId);
    if (!meeting || !this.directory.kernteam(meeting.kernteamId) || !mdo.mayView(meeting, this.kernteamOf(meeting), person.id)) {
      return { ok: false, refusal: { code: 'not-invited', message: 'U neemt geen deel aan dit MDO.' } };
    }
    for (const personId of meeting.participants.filter((p) => p !== person.id)) await this.notifier.relay(meeting, person.id, text, personId);
    return { ok: true, meeting };
  }

  /**
   * The periodic work: announce each series' next meeting to its kernteam, and send reminders that
   * are due. Each is claimed with compare-and-set, its messages stored with the claim, so it goes
   * out once, also when two ticks overlap or the bot restarts.
   */
  async runDue(): Promise<void> {
    const now = this.clock();
    for (const series of await this.allSeries()) {
      if (!this.directory.kernteam(series.kernteamId)) continue;
      const next = occurrencesBetween(series, now.getTime(), now.getTime() + HORIZON_MS)[0];
      if (next) await this.announce(await this.ensureMeeting(series, next));
    }
    for (const meeting of await this.store.mdo.meetings(now)) {
      // A meeting whose Teams meeting Graph could not make at its announcement gets it later.
      if (meeting.announcedAt && Date.parse(meeting.startsAt) > now.getTime()) await this.linkTeamsMeeting(meeting);
    }
    for (const meeting of await this.store.mdo.meetings()) {
      if (mdo.dueReminders(meeting, now).length === 0 || !this.directory.kernteam(meeting.kernteamId)) continue;
      await this.apply(meeting.id, (current) => mdo.claimDueReminders(current, now), (before, after, outbox) => this.announceReminders(before, after, outbox));
    }
    await deliverNow(this.store);
  }

  /** The reminders a claim marked as sent. Participants in the kernteam's channel read the agenda and link reminders in the thread. */
  private async announceReminders(before: MdoMeeting, after: MdoMeeting, outbox: MdoAnnouncer): Promise<void> {
    const thread = await currentThread(this.store, after);
    const inChannel = thread?.link.memberIds ?? [];
    for (const kind of mdo.REMINDERS.filter((k) => after.reminders[k] && !before.reminders[k])) {
      const inThread = kind !== 'outcomeOverdue' && thread !== undefined;
      if (inThread) await outbox.remindInThread(after, kind);
      const recipients = kind === 'outcomeOverdue' ? [after.chairId] : after.participants.filter((id) => !(inThread && inChannel.includes(id)));
      for (const personId of recipients) await outbox.remind(after, personId, kind);
    }
  }

  /** When `runDue` next has work: the next reminder, or within the hour for a series' next announcement. */
  async nextDueAt(): Promise<Date> {
    const now = this.clock();
    const hourly = now.getTime() + 60 * 60_000;
    const reminders = (await this.store.mdo.meetings(new Date(now.getTime() - 2 * 86_400_000))).map((meeting) => mdo.nextReminderAt(meeting, now) ?? hourly);
    return new Date(Math.min(hourly, ...reminders));
  }

  /** Patients this person discussed, or was invited for, in an MDO of the last 90 days or one to come. */
  async mdoPatientsOf(personId: string): Promise<Set<string>> {
    const since = this.clock().getTime() - MDO_RELATION_MS;
    const patients = new Set<string>();
    for (const meeting of await this.store.mdo.meetings(new Date(since - 1))) {
      const kernteam = this.directory.kernteam(meeting.kernteamId);
      if (!kernteam) continue;
      const participates = meeting.participants.includes(personId) || meeting.attendance?.present.includes(personId);
      for (const item of meeting.agenda) {
        const invited = item.requesterId === personId || item.guests.includes(personId);
        if ((participates && mdo.isMember(kernteam, personId)) || invited) patients.add(item.patientRef);
      }
    }
    return patients;
  }

  /**
   * Sends a new meeting to its kernteam, once: as a thread in the kernteam's channel when it
   * linked one, and as a card in the 1:1 chat of every member who is not in that channel. The
   * Teams meeting is made first, so the messages carry its link; when another process announced
   * the meeting meanwhile, the one made here goes unused.
   */
  private async announce(meeting: MdoMeeting): Promise<void> {
    if (meeting.announcedAt) return;
    const meetingUrl = meeting.meetingUrl ? undefined : await this.teamsMeetings?.joinUrlFor(meeting);
    const link = await this.store.mdoChannels.link(meeting.kernteamId);
    await this.change(meeting.id, (current) => mdo.markAnnounced(current, this.clock(), meetingUrl), async (_before, after, outbox) => {
      if (link) await outbox.postThread(after, link);
      for (const personId of this.kernteamOf(after).members.filter((id) => !link?.memberIds.includes(id))) await outbox.sendMeetingCard(after, personId);
    });
  }

  /** Makes the meeting's Teams meeting when the region wants one and it has no link yet; the cards show the link once stored. */
  private async linkTeamsMeeting(meeting: MdoMeeting): Promise<void> {
    if (meeting.meetingUrl || !this.teamsMeetings) return;
    const meetingUrl = await this.teamsMeetings.joinUrlFor(meeting);
    if (meetingUrl) await this.apply(meeting.id, (current) => mdo.setMeetingUrl(current, meetingUrl));
  }

  /**
   * A message of the outbox that the messenger did not take after all its retries: audited,
   * recorded with the meeting (the chair's card shows it) and told to the coordinators of the
   * kernteam's region. An alert or card update that fails in turn is recorded nowhere, so a
   * messenger that is down does not make alerts about alerts.
   */
  async undeliverable(delivery: MdoDelivery): Promise<void> {
    const message = undeliveredMessageOf(delivery, this.clock());
    const meeting = await this.store.mdo.meeting(delivery.meetingId);
    if (!message || !meeting) return;
    await this.notifier.auditUndelivered(meeting, message);
    await this.change(meeting.id, (current) => mdo.recordUndelivered(current, message), async (_before, after, outbox) => {
      await outbox.updateMeetingCards(after);
      const recorded = after.undelivered!.at(-1)!;
      for (const coordinatorId of this.coordinatorsOf(after)) await outbox.alertUndelivered(after, coordinatorId, recorded);
    });
  }

  private coordinatorsOf(meeting: MdoMeeting): string[] {
    const region = this.directory.regionOfSubRegion(this.kernteamOf(meeting).subRegionId);
    return region ? this.directory.coordinatorsOf(region.id).map((person) => person.id) : [];
  }

  /**
   * The contact-log entries a change adds (attendance, or a discussion after it), written with the
   * meeting and before it. Entries the meeting already gave are not written again: their month of
   * recording must not move.
   */
  private async logContacts(tx: Repositories, before: MdoMeeting, after: MdoMeeting): Promise<void> {
    const kernteam = this.kernteamOf(after);
    const period = periodAt(new Date(after.startsAt), this.router.calendarOf(kernteam.subRegionId));
    const known = new Set(mdoContactEntries(before, kernteam, this.directory, period, this.clock()).map((entry) => entry.id));
    const added = mdoContactEntries(after, kernteam, this.directory, period, this.clock()).filter((entry) => !known.has(entry.id));
    if (added.length > 0) await tx.contacts.record(added);
  }

  /** Applies a change and hands its messages to the messenger at once; the worker retries what fails. */
  private async change(meetingId: string, transition: (meeting: MdoMeeting) => MdoChange, announce: Announce = cardsOnly): Promise<MdoOutcome> {
    const outcome = await this.apply(meetingId, transition, announce);
    await deliverNow(this.store);
    return outcome;
  }

  /**
   * Applies a transition with compare-and-set, retrying on a fresh copy, so two simultaneous joins
   * both count. The meeting, its contacts and the messages the change causes are stored in one
   * transaction (on the file store: contacts, meeting, then messages, each write idempotent);
   * the messages are keyed by meeting and version, so a change stored again sends nothing twice.
   */
  private async apply(meetingId: string, transition: (meeting: MdoMeeting) => MdoChange, announce: Announce = cardsOnly): Promise<MdoOutcome> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.store.mdo.meeting(meetingId);
      if (!current || !this.directory.kernteam(current.kernteamId)) {
        return { ok: false, refusal: { code: 'no-meeting', message: 'Dit MDO bestaat niet (meer).' } };
      }
      const result = transition(current);
      if (!result.ok) return result;
      if (!result.changed) return { ok: true, meeting: current };
      const outbox = new MdoOutboxRecorder();
      await announce(current, result.meeting, outbox);
      const stored = await this.store.transaction(async (tx) => {
        await this.logContacts(tx, current, result.meeting);
        if (!(await tx.mdo.replaceMeeting(result.meeting))) throw new Conflict('meeting changed meanwhile');
        await outbox.scheduleOn(tx.jobs, `mdo:${result.meeting.id}:${result.meeting.version}`);
        return true;
      }).catch((error: unknown) => {
        if (error instanceof Conflict) return false;
        throw error;
      });
      if (stored) return { ok: true, meeting: result.meeting };
    }
    throw new Error(`meeting ${meetingId} kept changing; gave up after ${MAX_CONFLICT_RETRIES} attempts`);
  }
}
