import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { nl } from 'date-fns/locale';
import { TIME_ZONE } from '../domain/calendar.js';
import { LABELS } from '../domain/consultRequest.js';
import type { NetworkDirectory } from '../domain/directory.js';
import { chairsNow, invitees, isMember, visibleItems, type AgendaItem, type MdoMeeting, type MdoMessage } from '../domain/mdo.js';
import type { Kernteam } from '../domain/mdoSeries.js';
import type { Recurrence } from '../domain/recurrence.js';
import { weekOfMonth } from '../domain/recurrence.js';
import { localRange } from './format.js';

/** Template data for the MDO cards; every key gets a value, because templates keep unresolved `${…}`. */

const KIND_LABELS: Record<Kernteam['kind'], string> = {
  generalistisch: 'Generalistisch MDO-PZ',
  specialistisch: 'Specialistisch MDO-PZ',
};

const nameOf = (directory: NetworkDirectory, personId: string): string => directory.person(personId)?.name ?? 'onbekende persoon';
const nameWithDiscipline = (directory: NetworkDirectory, personId: string): string => {
  const person = directory.person(personId);
  return person ? `${person.name} (${person.discipline})` : 'onbekende persoon';
};

/** How a series repeats, in words: "eenmalig", "elke donderdag", "elke 2 weken op dinsdag", "elke 2e dinsdag van de maand". */
export function recurrenceText(recurrence: Recurrence): string {
  if (recurrence.kind === 'eenmalig') return 'eenmalig';
  const weekday = format(new TZDate(`${recurrence.startsOn}T12:00:00Z`, TIME_ZONE), 'EEEE', { locale: nl });
  const week = weekOfMonth(recurrence.startsOn);
  const every =
    recurrence.kind === 'maandelijks'
      ? `elke ${week === 'laatste' ? 'laatste' : `${week}e`} ${weekday} van de maand`
      : recurrence.intervalWeeks === 1 ? `elke ${weekday}` : `elke ${recurrence.intervalWeeks} weken op ${weekday}`;
  return recurrence.until ? `${every}, tot en met ${format(new TZDate(`${recurrence.until}T12:00:00Z`, TIME_ZONE), 'd MMMM yyyy', { locale: nl })}` : every;
}

export const meetingWhen = (meeting: MdoMeeting): string => localRange(Date.parse(meeting.startsAt), Date.parse(meeting.endsAt));
export const meetingTitle = (meeting: MdoMeeting, kernteam: Kernteam): string => `${kernteam.name}, ${meetingWhen(meeting)}`;
const localDate = (date: string): string => format(new TZDate(`${date}T12:00:00Z`, TIME_ZONE), 'EEEEEE d MMM yyyy', { locale: nl });

function outcomeLines(item: AgendaItem, directory: NetworkDirectory): string {
  const outcome = item.outcome;
  if (!outcome) return '';
  if (!outcome.discussed) return 'Niet besproken.';
  const actions = outcome.actions.map((a) => `- ${a.description} (${nameOf(directory, a.ownerId)})`);
  return [
    `**Advies:** ${outcome.advice}`,
    ...(actions.length > 0 ? ['**Acties:**', ...actions] : []),
    `IZP bijwerken: ${outcome.izpUpdate ? 'ja' : 'nee'}${outcome.followUpDate ? ` · vervolg ${localDate(outcome.followUpDate)}` : ''}`,
  ].join('\n\n');
}

/** How a message that could not be delivered is named: in the coordinator's alert, and on the chair's card. */
export const UNDELIVERED_LABELS: Record<MdoMessage, { alert: string; card: string }> = {
  announcement: { alert: 'de MDO-kaart', card: 'MDO-kaart' },
  invitation: { alert: 'de uitnodiging', card: 'uitnodiging' },
  reminder: { alert: 'een herinnering', card: 'herinnering' },
  outcome: { alert: 'het advies', card: 'advies' },
  thread: { alert: 'de draad van dit MDO', card: 'draad' },
  threadReminder: { alert: 'een herinnering', card: 'herinnering in de draad' },
};

/**
 * Said on the chair's card when a message about the meeting could not be delivered after all its
 * retries: whom it did not reach, with what (and for which patient; the chair sees the agenda).
 */
function deliveryProblems(meeting: MdoMeeting, directory: NetworkDirectory): string {
  const missed = (meeting.undelivered ?? []).map((message) => {
    const item = meeting.agenda.find((i) => i.id === message.itemId);
    const what = `${UNDELIVERED_LABELS[message.what].card}${item ? ` over ${item.patientLabel}` : ''}`;
    return message.personId ? `${nameOf(directory, message.personId)} (${what})` : `het kanaal van het kernteam (${what})`;
  });
  if (missed.length === 0) return '';
  return `⚠ Niet bereikt via Teams, na herhaalde pogingen: ${missed.join('; ')}. De netwerkcoördinator is ingelicht; neem zo nodig zelf contact op.`;
}

export interface MeetingCardOptions {
  now: Date;
  refreshUserIds: string[];
  notice?: string;
  /** How the meeting's series repeats, in words. */
  seriesText: string;
  /** Whether this viewer may open the patient's ACP from the card. */
  acpVisible: (patientRef: string) => boolean;
}

/** What the 1:1 card and the channel's thread card both say of a meeting (no patient in it). */
function meetingFacts(meeting: MdoMeeting, kernteam: Kernteam, directory: NetworkDirectory, seriesText: string) {
  return {
    title: kernteam.name,
    kindLabel: KIND_LABELS[kernteam.kind],
    ref: meeting.ref,
    meetingId: meeting.id,
    when: meetingWhen(meeting),
    seriesText,
    location: meeting.location || '–',
    chair: nameWithDiscipline(directory, meeting.chairId),
    participantCount: meeting.participants.length,
    participants: meeting.participants.map((id) => nameWithDiscipline(directory, id)).join(', ') || 'nog niemand',
  };
}

/** The MDO card as one person sees it: members see the whole agenda, invited guests their own patient. */
export function meetingCardData(meeting: MdoMeeting, kernteam: Kernteam, viewerId: string, directory: NetworkDirectory, options: MeetingCardOptions) {
  const started = options.now.getTime() >= Date.parse(meeting.startsAt);
  const ended = options.now.getTime() >= Date.parse(meeting.endsAt);
  const member = isMember(kernteam, viewerId);
  const joined = meeting.participants.includes(viewerId);
  const isChair = meeting.chairId === viewerId;
  const chairing = chairsNow(meeting, viewerId, options.now);
  const items = visibleItems(meeting, kernteam, viewerId);
  const allowed = member || items.length > 0;
  return {
    ...meetingFacts(meeting, kernteam, directory, options.seriesText),
    meetingUrl: allowed ? (meeting.meetingUrl ?? '') : '',
    statusText: !allowed
      ? 'U bent niet (meer) uitgenodigd voor dit MDO.'
      : joined
        ? isChair ? 'U bent voorzitter en neemt deel.' : 'U neemt deel.'
        : member ? 'U neemt (nog) niet deel.' : 'U bent uitgenodigd voor uw patiënt.',
    notice: options.notice ?? '',
    deliveryText: isChair ? deliveryProblems(meeting, directory) : '',
    attendanceText: meeting.attendance
      ? `Aanwezig: ${meeting.attendance.present.map((id) => nameOf(directory, id)).join(', ') || 'niemand'}.`
      : '',
    noItemsText: items.length > 0 ? '' : allowed ? 'Nog geen patiënten op de agenda. Agendeer met "mdo agenderen".' : 'U ziet geen patiënten van dit MDO.',
    items: items.map((item, index) => ({
      number: index + 1,
      itemId: item.id,
      patient: item.patientLabel,
      newlyMarkedText: item.newlyMarked ? ' · nieuw gemarkeerd' : '',
      question: item.question,
      dimensions: item.dimensions.map((d) => LABELS.dimension[d]).join(', '),
      requester: nameWithDiscipline(directory, item.requesterId),
      statusText: item.outcome ? (item.outcome.discussed ? 'besproken' : 'niet besproken') : started ? 'wacht op uitkomst' : 'geagendeerd',
      outcomeText: outcomeLines(item, directory),
      hasAcp: options.acpVisible(item.patientRef),
      canOutcome: chairing && !item.outcome,
      canRemove: !started && !item.outcome && (item.addedBy === viewerId || isChair),
    })),
    canJoin: allowed && !joined && !ended,
    canLeave: joined && !ended,
    canRecordAttendance: chairing && !meeting.attendance,
    refreshUserIds: options.refreshUserIds,
  };
}

/**
 * The meeting card in the kernteam's channel: the same for everyone who reads the channel, so it
 * names no patient: the agenda is numbered, with dimensions and status only.
 */
export function threadCardData(meeting: MdoMeeting, kernteam: Kernteam, directory: NetworkDirectory, now: Date, seriesText: string) {
  const started = now.getTime() >= Date.parse(meeting.startsAt);
  return {
    ...meetingFacts(meeting, kernteam, directory, seriesText),
    meetingUrl: meeting.meetingUrl ?? '',
    meetingLinkText: meeting.meetingUrl ? 'zie "Naar de vergadering"' : 'nog geen link',
    noItemsText: meeting.agenda.length > 0 ? '' : 'Nog geen patiënten op de agenda.',
    items: meeting.agenda.map((item, index) => ({
      number: index + 1,
      newlyMarkedText: item.newlyMarked ? ' (nieuw gemarkeerd)' : '',
      dimensions: item.dimensions.map((d) => LABELS.dimension[d]).join(', '),
      statusText: item.outcome ? (item.outcome.discussed ? 'besproken, uitkomst vastgelegd' : 'niet besproken') : started ? 'wacht op uitkomst' : 'geagendeerd',
    })),
    open: now.getTime() < Date.parse(meeting.endsAt),
  };
}

/** The outcome for one patient, as the requester and the regiebehandelaar receive it. */
export function outcomeCardData(meeting: MdoMeeting, kernteam: Kernteam, item: AgendaItem, recipientId: string, directory: NetworkDirectory) {
  const outcome = item.outcome!;
  const roles = [item.requesterId === recipientId ? 'u de vraag stelde' : '', item.regiebehandelaarId === recipientId ? 'u regiebehandelaar bent en het advies na afstemming met de patiënt in het IZP opneemt' : ''].filter(Boolean);
  return {
    patient: item.patientLabel,
    meeting: meetingTitle(meeting, kernteam),
    ref: meeting.ref,
    question: item.question,
    discussed: outcome.discussed ? 'ja' : 'nee',
    izpUpdate: outcome.izpUpdate ? 'ja' : 'nee',
    followUp: outcome.followUpDate ? localDate(outcome.followUpDate) : '–',
    recordedBy: nameWithDiscipline(directory, outcome.recordedBy),
    advice: outcome.discussed ? outcome.advice : 'De patiënt is niet besproken; de voorzitter agendeert opnieuw of neemt contact op.',
    actions: outcome.actions.map((a) => ({ description: a.description, owner: nameOf(directory, a.ownerId) })),
    whyYou: `U ontvangt dit omdat ${roles.join(' en ') || 'u betrokken bent bij deze patiënt'}.`,
  };
}

/** Everyone who may own an action or be marked present: the kernteam and the invited requesters. */
export function peopleOf(meeting: MdoMeeting, kernteam: Kernteam, directory: NetworkDirectory) {
  return invitees(meeting, kernteam).map((id) => ({ id, name: nameWithDiscipline(directory, id) }));
}
