import type { Dimension } from './consultRequest.js';
import type { Kernteam, MdoSeries, Occurrence } from './mdoSeries.js';

/**
 * MDO-PZ: multidisciplinary meetings about palliative patients (000:1060-1107). A kernteam (a GP
 * practice with its first-line partners, a hospital care path, a nursing-home ward, or a
 * specialist team such as TOPAT) holds meetings from a series (mdoSeries.ts); each meeting has an
 * agenda of patients, participants who join, and per patient an outcome. Everything here is pure.
 */

const DAY_MS = 86_400_000;

export interface ItemOutcome {
  discussed: boolean;
  advice: string;
  actions: { description: string; ownerId: string }[];
  izpUpdate: boolean;
  followUpDate?: string;
  recordedBy: string;
  recordedAt: string;
}

export interface AgendaItem {
  id: string;
  addedAt: string;
  addedBy: string;
  patientRef: string;
  /** Initials and birth year, as on the consult form; never a name or BSN. */
  patientLabel: string;
  localPatientNumber?: string;
  question: string;
  dimensions: Dimension[];
  /** Newly marked as palliative: every new palliative patient is discussed once (000:1061). */
  newlyMarked: boolean;
  requesterId: string;
  /** Who takes the advice into the IZP (000:1103-1107); gets the outcome with the requester. */
  regiebehandelaarId?: string;
  consultId?: string;
  consultRef?: string;
  /** People outside the kernteam invited to join for this patient only (000:1099-1102). */
  guests: string[];
  outcome?: ItemOutcome;
}

export const REMINDERS = ['agenda', 'link', 'outcomeOverdue'] as const;
export type ReminderKind = (typeof REMINDERS)[number];

export interface Attendance {
  present: string[];
  minutesPerPatient: number;
  recordedBy: string;
  recordedAt: string;
}

export interface MdoMeeting {
  id: string;
  ref: string;
  version: number;
  seriesId: string;
  kernteamId: string;
  date: string;
  time: string;
  startsAt: string;
  endsAt: string;
  location: string;
  meetingUrl?: string;
  chairId: string;
  createdAt: string;
  participants: string[];
  agenda: AgendaItem[];
  attendance?: Attendance;
  /** When the meeting card was first sent to the kernteam. */
  announcedAt?: string;
  /** When each reminder was sent; a reminder is sent once. */
  reminders: Partial<Record<ReminderKind, string>>;
  /** Messages about this meeting that the messenger did not take, after all retries: the chair's card shows them. */
  undelivered?: UndeliveredMdoMessage[];
}

/** What a message that could not be delivered was: an announcement, invitation, reminder, outcome, or a post in the kernteam's channel. */
export const MDO_MESSAGES = ['announcement', 'invitation', 'reminder', 'outcome', 'thread', 'threadReminder'] as const;
export type MdoMessage = (typeof MDO_MESSAGES)[number];

export interface UndeliveredMdoMessage {
  /** Whom it was for; absent for a post in the kernteam's channel. */
  personId?: string;
  what: MdoMessage;
  /** The patient it was about (an invitation or an outcome). */
  itemId?: string;
  at: string;
}

/** A stored meeting for an occurrence; the chair starts as its first participant. */
export function newMeeting(series: MdoSeries, kernteam: Kernteam, occurrence: Occurrence, ref: string, now: Date): MdoMeeting {
  const chairId = series.chairId ?? kernteam.chairId;
  return {
    id: occurrence.meetingId,
    ref,
    version: 1,
    seriesId: series.id,
    kernteamId: kernteam.id,
    date: occurrence.date,
    time: series.time,
    startsAt: new Date(occurrence.startsAt).toISOString(),
    endsAt: new Date(occurrence.endsAt).toISOString(),
    location: series.location,
    ...(series.meetingUrl ? { meetingUrl: series.meetingUrl } : {}),
    chairId,
    createdAt: now.toISOString(),
    participants: [chairId],
    agenda: [],
    reminders: {},
  };
}

export interface MdoRefusal {
  code: 'not-member' | 'not-chair' | 'not-invited' | 'started' | 'not-started' | 'duplicate' | 'unknown-item' | 'has-outcome' | 'recorded' | 'not-yours' | 'no-meeting' | 'ambiguous' | 'not-in-channel';
  message: string;
}
export type MdoChange = { ok: true; meeting: MdoMeeting; changed: boolean } | { ok: false; refusal: MdoRefusal };

const refuse = (code: MdoRefusal['code'], message: string): MdoChange => ({ ok: false, refusal: { code, message } });
const changed = (meeting: MdoMeeting, next: Partial<MdoMeeting>): MdoChange => ({ ok: true, meeting: { ...meeting, ...next, version: meeting.version + 1 }, changed: true });
const unchanged = (meeting: MdoMeeting): MdoChange => ({ ok: true, meeting, changed: false });

export const isMember = (kernteam: Kernteam, personId: string): boolean => kernteam.members.includes(personId);
export const isGuest = (meeting: MdoMeeting, personId: string): boolean => meeting.agenda.some((item) => item.guests.includes(personId) || item.requesterId === personId);

/** Members see the whole meeting; an invited guest or a requester sees it for their own patient only. */
export function mayView(meeting: MdoMeeting, kernteam: Kernteam, personId: string): boolean {
  return isMember(kernteam, personId) || isGuest(meeting, personId);
}

/** The agenda as this person may read it: all of it for members, their own items for guests. */
export function visibleItems(meeting: MdoMeeting, kernteam: Kernteam, personId: string): AgendaItem[] {
  if (isMember(kernteam, personId)) return meeting.agenda;
  return meeting.agenda.filter((item) => item.guests.includes(personId) || item.requesterId === personId);
}

const hasStarted = (meeting: MdoMeeting, now: Date) => now.getTime() >= Date.parse(meeting.startsAt);
/** Whether this person may record outcomes and attendance now: the chair, once the meeting has started. */
export const chairsNow = (meeting: MdoMeeting, personId: string, now: Date): boolean => meeting.chairId === personId && hasStarted(meeting, now);
const hasEnded = (meeting: MdoMeeting, now: Date) => now.getTime() >= Date.parse(meeting.endsAt);

export function join(meeting: MdoMeeting, kernteam: Kernteam, personId: string, now: Date): MdoChange {
  if (!mayView(meeting, kernteam, personId)) return refuse('not-invited', 'U bent geen lid van dit kernteam en niet uitgenodigd voor dit MDO.');
  if (hasEnded(meeting, now)) return refuse('started', 'Dit MDO is al voorbij.');
  if (meeting.participants.includes(personId)) return unchanged(meeting);
  return changed(meeting, { participants: [...meeting.participants, personId] });
}

export function leave(meeting: MdoMeeting, personId: string, now: Date): MdoChange {
  if (hasEnded(meeting, now)) return refuse('started', 'Dit MDO is al voorbij.');
  if (!meeting.participants.includes(personId)) return unchanged(meeting);
  return changed(meeting, { participants: meeting.participants.filter((p) => p !== personId) });
}

export function addItem(meeting: MdoMeeting, kernteam: Kernteam, item: AgendaItem, now: Date): MdoChange {
  if (!isMember(kernteam, item.addedBy)) return refuse('not-member', `Alleen leden van ${kernteam.name} kunnen patiënten op de agenda zetten.`);
  if (hasStarted(meeting, now)) return refuse('started', 'Dit MDO is al begonnen; zet de patiënt op een volgend MDO.');
  if (meeting.agenda.some((existing) => existing.patientRef === item.patientRef)) {
    return refuse('duplicate', `Deze patiënt staat al op de agenda van het MDO van ${meeting.date}.`);
  }
  return changed(meeting, { agenda: [...meeting.agenda, item] });
}

/** The chair, or whoever put the patient on the agenda, may take them off until there is an outcome. */
export function removeItem(meeting: MdoMeeting, itemId: string, personId: string, now: Date): MdoChange {
  const item = meeting.agenda.find((i) => i.id === itemId);
  if (!item) return refuse('unknown-item', 'Deze patiënt staat niet (meer) op de agenda.');
  if (item.addedBy !== personId && meeting.chairId !== personId) return refuse('not-yours', 'Alleen de voorzitter of wie de patiënt agendeerde kan deze van de agenda halen.');
  if (item.outcome) return refuse('has-outcome', 'Voor deze patiënt is al een uitkomst vastgelegd.');
  if (hasStarted(meeting, now)) return refuse('started', 'Dit MDO is al begonnen; leg in plaats daarvan vast dat de patiënt niet besproken is.');
  return changed(meeting, { agenda: meeting.agenda.filter((i) => i.id !== itemId) });
}

export function recordOutcome(meeting: MdoMeeting, itemId: string, personId: string, outcome: Omit<ItemOutcome, 'recordedBy' | 'recordedAt'>, now: Date): MdoChange {
  if (meeting.chairId !== personId) return refuse('not-chair', 'Alleen de voorzitter van dit MDO legt uitkomsten vast.');
  if (!hasStarted(meeting, now)) return refuse('not-started', 'Dit MDO is nog niet begonnen.');
  const item = meeting.agenda.find((i) => i.id === itemId);
  if (!item) return refuse('unknown-item', 'Deze patiënt staat niet (meer) op de agenda.');
  if (item.outcome) return refuse('has-outcome', 'Voor deze patiënt is al een uitkomst vastgelegd.');
  const recorded: ItemOutcome = { ...outcome, recordedBy: personId, recordedAt: now.toISOString() };
  return changed(meeting, { agenda: meeting.agenda.map((i) => (i.id === itemId ? { ...i, outcome: recorded } : i)) });
}

/** Who was there is recorded once, by the chair, from the moment the meeting starts. */
export function recordAttendance(meeting: MdoMeeting, personId: string, present: string[], minutesPerPatient: number, now: Date): MdoChange {
  if (meeting.chairId !== personId) return refuse('not-chair', 'Alleen de voorzitter van dit MDO legt de aanwezigheid vast.');
  if (!hasStarted(meeting, now)) return refuse('not-started', 'Dit MDO is nog niet begonnen.');
  if (meeting.attendance) return refuse('recorded', 'De aanwezigheid van dit MDO is al vastgelegd.');
  return changed(meeting, { attendance: { present: [...new Set(present)], minutesPerPatient, recordedBy: personId, recordedAt: now.toISOString() } });
}

/** Who may take part: the kernteam's members and everyone invited for one of the patients. */
export function invitees(meeting: MdoMeeting, kernteam: Kernteam): string[] {
  return [...new Set([...kernteam.members, ...meeting.agenda.flatMap((item) => [item.requesterId, ...item.guests])])];
}

/**
 * Reminders that are due and not yet sent. The agenda goes out a day before, the meeting link half
 * an hour before, and 24 hours after the end the chair hears of patients without an outcome.
 * A reminder whose moment passed (say, the bot was down) is not sent late, except the last.
 */
export function dueReminders(meeting: MdoMeeting, now: Date): ReminderKind[] {
  const t = now.getTime();
  const start = Date.parse(meeting.startsAt);
  const end = Date.parse(meeting.endsAt);
  const due: ReminderKind[] = [];
  if (!meeting.reminders.agenda && t >= start - DAY_MS && t < start - 30 * 60_000) due.push('agenda');
  if (!meeting.reminders.link && t >= start - 30 * 60_000 && t < end) due.push('link');
  if (!meeting.reminders.outcomeOverdue && t >= end + DAY_MS && itemsWithoutOutcome(meeting).length > 0) due.push('outcomeOverdue');
  return due;
}

/** When the next of this meeting's reminders falls due, after `now`; undefined when none is left. */
export function nextReminderAt(meeting: MdoMeeting, now: Date): number | undefined {
  const start = Date.parse(meeting.startsAt);
  const end = Date.parse(meeting.endsAt);
  const moments = [
    meeting.reminders.agenda ? undefined : start - DAY_MS,
    meeting.reminders.link ? undefined : start - 30 * 60_000,
    meeting.reminders.outcomeOverdue ? undefined : end + DAY_MS,
  ];
  return moments.filter((t): t is number => t !== undefined && t > now.getTime()).sort((a, b) => a - b)[0];
}

export const itemsWithoutOutcome = (meeting: MdoMeeting): AgendaItem[] => meeting.agenda.filter((item) => !item.outcome);

/**
 * The meeting is sent to its kernteam once: claimed with its version, so two ticks do not both
 * announce it; with the join link of the Teams meeting made for it, when there is one.
 */
export function markAnnounced(meeting: MdoMeeting, now: Date, meetingUrl?: string): MdoChange {
  if (meeting.announcedAt) return unchanged(meeting);
  return changed(meeting, { announcedAt: now.toISOString(), ...(meetingUrl && !meeting.meetingUrl ? { meetingUrl } : {}) });
}

/** Gives the meeting the join link of its Teams meeting, unless it has one (configured, pasted, or made before). */
export function setMeetingUrl(meeting: MdoMeeting, meetingUrl: string): MdoChange {
  return meeting.meetingUrl ? unchanged(meeting) : changed(meeting, { meetingUrl });
}

/**
 * Records that a message about this meeting could not be delivered, so the chair's card shows it
 * and the coordinators hear of it. The same message to the same person is recorded once.
 */
export function recordUndelivered(meeting: MdoMeeting, message: UndeliveredMdoMessage): MdoChange {
  const same = (other: UndeliveredMdoMessage) => other.personId === message.personId && other.what === message.what && other.itemId === message.itemId;
  if ((meeting.undelivered ?? []).some(same)) return unchanged(meeting);
  return changed(meeting, { undelivered: [...(meeting.undelivered ?? []), message] });
}

/** Claims the reminders due now as sent; unchanged when none is due (another tick claimed them). */
export function claimDueReminders(meeting: MdoMeeting, now: Date): MdoChange {
  const due = dueReminders(meeting, now);
  return due.length === 0 ? unchanged(meeting) : { ok: true, meeting: markReminded(meeting, due, now), changed: true };
}

export function markReminded(meeting: MdoMeeting, kinds: readonly ReminderKind[], now: Date): MdoMeeting {
  const reminders = { ...meeting.reminders };
  for (const kind of kinds) reminders[kind] = now.toISOString();
  return { ...meeting, reminders, version: meeting.version + 1 };
}

/** Whether the meeting took place: its attendance or at least one patient's discussion is recorded. */
export const wasHeld = (meeting: MdoMeeting): boolean => Boolean(meeting.attendance) || meeting.agenda.some((item) => item.outcome?.discussed);
