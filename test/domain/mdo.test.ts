import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import '../../src/config/zodMessages.js';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { ContactLogEntrySchema, mdoContactEntries } from '../../src/domain/contactLog.js';
import { NetworkDirectory } from '../../src/domain/directory.js';
import {
  addItem,
  claimDueReminders,
  dueReminders,
  join,
  leave,
  markAnnounced,
  markReminded,
  mayView,
  newMeeting,
  recordAttendance,
  recordOutcome,
  recordUndelivered,
  removeItem,
  visibleItems,
  type AgendaItem,
  type MdoChange,
  type MdoMeeting,
} from '../../src/domain/mdo.js';
import { MdoSeriesSchema, occurrencesBetween, type Kernteam, type MdoSeries, type Occurrence } from '../../src/domain/mdoSeries.js';
import type { ReportingPeriod } from '../../src/domain/reportingPeriod.js';
import { mdoStatistics } from '../../src/domain/statistics.js';

const ZONE = 'Europe/Amsterdam';
const { directory } = loadNetwork('data');

/** An instant given in Dutch local time. */
const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(new TZDate(y, m - 1, d, h, min, ZONE).getTime());
const localTime = (instant: number | string) => format(new TZDate(typeof instant === 'string' ? Date.parse(instant) : instant, ZONE), 'yyyy-MM-dd HH:mm');
const minutes = (n: number) => n * 60_000;
const HOUR = minutes(60);
const DAY = 24 * HOUR;
const shift = (date: Date, ms: number) => new Date(date.getTime() + ms);

function kernteam(id: string): Kernteam {
  const found = directory.kernteam(id);
  if (!found) throw new Error(`kernteam ${id} is not in data/regions`);
  return found;
}
const smdo = kernteam('smdo-westelijke-mijnstreek');
const linde = kernteam('kernteam-de-linde');
const topat = kernteam('topat-ozl');

/** The kernteam's configured series, or a weekly Thursday 12:30 series for a kernteam without one. */
function seriesOf(team: Kernteam): MdoSeries {
  const configured = team.series[0] ?? { id: `${team.id}-test`, recurrence: { kind: 'wekelijks', startsOn: '2026-01-08' }, time: '12:30' };
  return MdoSeriesSchema.parse({ ...configured, kernteamId: team.id });
}

const weekly = (fields: { startsOn: string; intervalWeeks?: number; until?: string }, time = '12:30'): MdoSeries =>
  MdoSeriesSchema.parse({ id: 'test-series', kernteamId: smdo.id, recurrence: { kind: 'wekelijks', ...fields }, time });

function accepted(change: MdoChange): MdoMeeting {
  if (!change.ok) throw new Error(`refused: ${change.refusal.code} (${change.refusal.message})`);
  return change.meeting;
}
const refusalCode = (change: MdoChange): string | undefined => (change.ok ? undefined : change.refusal.code);

/** The occurrence of the team's series on a local date. */
function occurrenceOn(series: MdoSeries, date: string): Occurrence {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [occurrence] = occurrencesBetween(series, at(y, m, d).getTime(), at(y, m, d + 1).getTime());
  if (!occurrence) throw new Error(`series ${series.id} has no meeting on ${date}`);
  return occurrence;
}

/** A fresh meeting of the team on a local date, created a week ahead: only the chair has joined. */
function meetingOn(team: Kernteam, date: string): MdoMeeting {
  const series = seriesOf(team);
  const occurrence = occurrenceOn(series, date);
  return newMeeting(series, team, occurrence, 'M-TEST', new Date(occurrence.startsAt - 7 * DAY));
}

const startOf = (meeting: MdoMeeting) => new Date(meeting.startsAt);
const endOf = (meeting: MdoMeeting) => new Date(meeting.endsAt);
const beforeStart = (meeting: MdoMeeting) => shift(startOf(meeting), -DAY);

let itemSequence = 0;
/** An agenda item as a member would put it on the agenda; a GP asks about their patient by default. */
function item(fields: Partial<AgendaItem> & { patientRef: string; addedBy: string }): AgendaItem {
  itemSequence++;
  return {
    id: `item-${itemSequence}`,
    addedAt: '2026-11-01T09:00:00.000Z',
    patientLabel: 'A.B. 1941',
    question: 'Hoe gaan we om met toenemende onrust in de avond?',
    dimensions: ['fysiek', 'psychisch'],
    newlyMarked: false,
    requesterId: 'anna-de-vries',
    guests: [],
    ...fields,
  };
}

const outcome = (discussed: boolean) => ({
  discussed,
  advice: discussed ? 'Start haloperidol 0,5 mg a.n.; evalueer over een week.' : '',
  actions: [],
  izpUpdate: discussed,
});

interface Patient {
  ref: string;
  /** Left out: still on the agenda without an outcome. */
  discussed?: boolean;
  newlyMarked?: boolean;
  requesterId?: string;
}

/**
 * A meeting as it went: patients put on the agenda beforehand by the chair, and at the meeting the
 * chair's outcomes and, when `present` is given, the attendance.
 */
function meetingThatWent(team: Kernteam, date: string, patients: Patient[], present?: string[], minutesPerPatient = 15): MdoMeeting {
  let meeting = meetingOn(team, date);
  for (const patient of patients) {
    const agendaItem = item({
      patientRef: patient.ref,
      addedBy: meeting.chairId,
      newlyMarked: patient.newlyMarked ?? false,
      requesterId: patient.requesterId ?? 'anna-de-vries',
    });
    meeting = accepted(addItem(meeting, team, agendaItem, beforeStart(meeting)));
  }
  const during = shift(startOf(meeting), minutes(45));
  meeting.agenda.forEach((agendaItem, index) => {
    const discussed = patients[index]?.discussed;
    if (discussed !== undefined) meeting = accepted(recordOutcome(meeting, agendaItem.id, meeting.chairId, outcome(discussed), during));
  });
  if (present) meeting = accepted(recordAttendance(meeting, meeting.chairId, present, minutesPerPatient, during));
  return meeting;
}

describe('meeting dates of a series', () => {
  it('keeps a Tuesday 12:30 meeting at 12:30 local time when summer time ends on 25 October 2026', () => {
    const series = weekly({ startsOn: '2026-10-06' });
    const found = occurrencesBetween(series, at(2026, 10, 19).getTime(), at(2026, 11, 1).getTime());
    expect(found.map((o) => o.date)).toEqual(['2026-10-20', '2026-10-27']);
    expect(found.map((o) => new Date(o.startsAt).toISOString())).toEqual(['2026-10-20T10:30:00.000Z', '2026-10-27T11:30:00.000Z']);
    expect(found.map((o) => localTime(o.startsAt))).toEqual(['2026-10-20 12:30', '2026-10-27 12:30']);
    expect(found.map((o) => localTime(o.endsAt))).toEqual(['2026-10-20 13:30', '2026-10-27 13:30']);
  });

  it('keeps a Tuesday 12:30 meeting at 12:30 local time when summer time starts on 28 March 2027', () => {
    const series = weekly({ startsOn: '2026-10-06' });
    const found = occurrencesBetween(series, at(2027, 3, 22).getTime(), at(2027, 4, 5).getTime());
    expect(found.map((o) => new Date(o.startsAt).toISOString())).toEqual(['2027-03-23T11:30:00.000Z', '2027-03-30T10:30:00.000Z']);
    expect(found.map((o) => localTime(o.startsAt))).toEqual(['2027-03-23 12:30', '2027-03-30 12:30']);
  });

  it('gives the first meeting on or after a "from" long after the series started, on the series weekday', () => {
    const series = weekly({ startsOn: '2026-10-06' });
    const found = occurrencesBetween(series, at(2027, 2, 11).getTime(), at(2027, 2, 28).getTime());
    expect(found.map((o) => o.date)).toEqual(['2027-02-16', '2027-02-23']);
  });

  it('includes a meeting that starts exactly at "from" and leaves out one that starts exactly at "to"', () => {
    const series = weekly({ startsOn: '2026-10-06' });
    const found = occurrencesBetween(series, at(2026, 10, 13, 12, 30).getTime(), at(2026, 10, 20, 12, 30).getTime());
    expect(found.map((o) => o.date)).toEqual(['2026-10-13']);
  });

  it('has no meetings before the series starts', () => {
    const series = weekly({ startsOn: '2026-10-06' });
    expect(occurrencesBetween(series, at(2026, 9, 1).getTime(), at(2026, 10, 6).getTime())).toEqual([]);
    expect(occurrencesBetween(series, at(2026, 9, 1).getTime(), at(2026, 10, 7).getTime()).map((o) => o.date)).toEqual(['2026-10-06']);
  });

  it('skips the weeks in between for a fortnightly series, also when "from" falls in an off week', () => {
    const series = weekly({ startsOn: '2026-10-06', intervalWeeks: 2 });
    const fromStart = occurrencesBetween(series, at(2026, 10, 1).getTime(), at(2026, 11, 15).getTime());
    expect(fromStart.map((o) => o.date)).toEqual(['2026-10-06', '2026-10-20', '2026-11-03']);
    const fromOffWeek = occurrencesBetween(series, at(2026, 10, 12).getTime(), at(2026, 11, 15).getTime());
    expect(fromOffWeek.map((o) => o.date)).toEqual(['2026-10-20', '2026-11-03']);
  });

  it('stops the series after its "until" date, with a meeting on that date still held', () => {
    const series = weekly({ startsOn: '2026-10-06', until: '2026-10-20' });
    const found = occurrencesBetween(series, at(2026, 10, 1).getTime(), at(2026, 12, 31).getTime());
    expect(found.map((o) => o.date)).toEqual(['2026-10-06', '2026-10-13', '2026-10-20']);
    expect(occurrencesBetween(series, at(2026, 11, 1).getTime(), at(2026, 12, 31).getTime())).toEqual([]);
  });

  it('returns a one-off meeting only when it falls in the range', () => {
    const series = MdoSeriesSchema.parse({ id: 'extra', kernteamId: linde.id, recurrence: { kind: 'eenmalig', date: '2026-12-17' }, time: '16:00', durationMinutes: 90 });
    const found = occurrencesBetween(series, at(2026, 12, 1).getTime(), at(2027, 1, 1).getTime());
    expect(found).toEqual([
      { meetingId: 'extra.2026-12-17', seriesId: 'extra', kernteamId: linde.id, date: '2026-12-17', startsAt: at(2026, 12, 17, 16).getTime(), endsAt: at(2026, 12, 17, 17, 30).getTime() },
    ]);
    expect(occurrencesBetween(series, at(2026, 11, 1).getTime(), at(2026, 12, 1).getTime())).toEqual([]);
    expect(occurrencesBetween(series, at(2026, 12, 17, 16, 1).getTime(), at(2027, 1, 1).getTime())).toEqual([]);
  });

  it('names each meeting after its series and local date', () => {
    const series = seriesOf(smdo);
    const found = occurrencesBetween(series, at(2026, 11, 1).getTime(), at(2026, 11, 15).getTime());
    expect(found.map((o) => o.meetingId)).toEqual(['smdo-wm-donderdag.2026-11-05', 'smdo-wm-donderdag.2026-11-12']);
    expect(found.every((o) => o.seriesId === 'smdo-wm-donderdag' && o.kernteamId === smdo.id)).toBe(true);
  });
});

describe('a new meeting', () => {
  it('carries the series time, place and link, and has the kernteam chair as its only participant', () => {
    const series = seriesOf(smdo);
    const occurrence = occurrenceOn(series, '2026-11-12');
    const meeting = newMeeting(series, smdo, occurrence, 'M-TEST', at(2026, 11, 1, 9));
    expect(meeting).toMatchObject({
      id: 'smdo-wm-donderdag.2026-11-12',
      ref: 'M-TEST',
      kernteamId: smdo.id,
      date: '2026-11-12',
      time: '12:30',
      startsAt: '2026-11-12T11:30:00.000Z',
      endsAt: '2026-11-12T12:30:00.000Z',
      location: 'Teams',
      meetingUrl: 'https://teams.microsoft.com/l/meetup-join/smdo-westelijke-mijnstreek',
      chairId: 'els-vermeulen',
      participants: ['els-vermeulen'],
      agenda: [],
      reminders: {},
    });
  });

  it('is chaired by the chair the planner chose rather than the kernteam chair', () => {
    const series = MdoSeriesSchema.parse({ ...seriesOf(smdo), chairId: 'gea-lemmens' });
    const meeting = newMeeting(series, smdo, occurrenceOn(series, '2026-11-12'), 'M-TEST', at(2026, 11, 1, 9));
    expect(meeting.chairId).toBe('gea-lemmens');
    expect(meeting.participants).toEqual(['gea-lemmens']);
  });
});

describe('joining and leaving a meeting', () => {
  const meeting = meetingOn(smdo, '2026-11-12');
  const before = beforeStart(meeting);

  it('adds a kernteam member once; joining again changes nothing', () => {
    const first = join(meeting, smdo, 'frank-geurts', before);
    expect(first.ok && first.changed).toBe(true);
    const joined = accepted(first);
    expect(joined.participants).toEqual(['els-vermeulen', 'frank-geurts']);
    const again = join(joined, smdo, 'frank-geurts', before);
    expect(again.ok && again.changed).toBe(false);
    expect(accepted(again).participants).toEqual(['els-vermeulen', 'frank-geurts']);
  });

  it('refuses someone who is neither a member nor invited', () => {
    expect(refusalCode(join(meeting, smdo, 'anna-de-vries', before))).toBe('not-invited');
    expect(meeting.participants).toEqual(['els-vermeulen']);
  });

  it('lets the requester and the invited guests of a patient join', () => {
    const withItem = accepted(addItem(meeting, smdo, item({ patientRef: 'P-1', addedBy: 'frank-geurts', requesterId: 'anna-de-vries', guests: ['carla-hermans'] }), before));
    const withRequester = accepted(join(withItem, smdo, 'anna-de-vries', before));
    const withGuest = accepted(join(withRequester, smdo, 'carla-hermans', before));
    expect(withGuest.participants).toEqual(['els-vermeulen', 'anna-de-vries', 'carla-hermans']);
    expect(refusalCode(join(withGuest, smdo, 'bram-janssen', before))).toBe('not-invited');
  });

  it('takes someone who leaves off the participants; leaving without having joined changes nothing', () => {
    const joined = accepted(join(meeting, smdo, 'frank-geurts', before));
    expect(accepted(leave(joined, 'frank-geurts', before)).participants).toEqual(['els-vermeulen']);
    const notJoined = leave(joined, 'gea-lemmens', before);
    expect(notJoined.ok && notJoined.changed).toBe(false);
  });

  it('lets members still join while the meeting runs, but not once it has ended', () => {
    expect(accepted(join(meeting, smdo, 'gea-lemmens', shift(startOf(meeting), minutes(59)))).participants).toContain('gea-lemmens');
    expect(refusalCode(join(meeting, smdo, 'gea-lemmens', endOf(meeting)))).toBe('started');
    const joined = accepted(join(meeting, smdo, 'gea-lemmens', before));
    expect(refusalCode(leave(joined, 'gea-lemmens', endOf(meeting)))).toBe('started');
  });
});

describe('the agenda', () => {
  const meeting = meetingOn(smdo, '2026-11-12');
  const before = beforeStart(meeting);

  it('lets a member put a patient on the agenda before the meeting', () => {
    const added = accepted(addItem(meeting, smdo, item({ patientRef: 'P-1', addedBy: 'gea-lemmens' }), before));
    expect(added.agenda.map((i) => i.patientRef)).toEqual(['P-1']);
    expect(added.version).toBe(meeting.version + 1);
  });

  it('refuses a patient put on the agenda by someone outside the kernteam', () => {
    expect(refusalCode(addItem(meeting, smdo, item({ patientRef: 'P-1', addedBy: 'anna-de-vries' }), before))).toBe('not-member');
  });

  it('refuses a new patient once the meeting has started', () => {
    expect(refusalCode(addItem(meeting, smdo, item({ patientRef: 'P-1', addedBy: 'gea-lemmens' }), startOf(meeting)))).toBe('started');
    expect(addItem(meeting, smdo, item({ patientRef: 'P-1', addedBy: 'gea-lemmens' }), shift(startOf(meeting), -1)).ok).toBe(true);
  });

  it('refuses the same patient twice on one agenda, even from another member', () => {
    const added = accepted(addItem(meeting, smdo, item({ patientRef: 'P-1', addedBy: 'gea-lemmens' }), before));
    expect(refusalCode(addItem(added, smdo, item({ patientRef: 'P-1', addedBy: 'frank-geurts' }), before))).toBe('duplicate');
  });

  describe('taking a patient off', () => {
    const first = item({ patientRef: 'P-1', addedBy: 'gea-lemmens' });
    const withItem = accepted(addItem(meeting, smdo, first, before));

    it('is allowed to whoever put the patient on the agenda and to the chair', () => {
      expect(accepted(removeItem(withItem, first.id, 'gea-lemmens', before)).agenda).toEqual([]);
      expect(accepted(removeItem(withItem, first.id, 'els-vermeulen', before)).agenda).toEqual([]);
    });

    it('is refused to another member', () => {
      expect(refusalCode(removeItem(withItem, first.id, 'frank-geurts', before))).toBe('not-yours');
    });

    it('is refused once the meeting has started or the patient has an outcome', () => {
      expect(refusalCode(removeItem(withItem, first.id, 'gea-lemmens', startOf(meeting)))).toBe('started');
      const discussed = accepted(recordOutcome(withItem, first.id, 'els-vermeulen', outcome(true), startOf(meeting)));
      expect(refusalCode(removeItem(discussed, first.id, 'els-vermeulen', endOf(meeting)))).toBe('has-outcome');
    });

    it('is refused for a patient who is not on the agenda', () => {
      expect(refusalCode(removeItem(withItem, 'no-such-item', 'els-vermeulen', before))).toBe('unknown-item');
    });
  });

  describe('who sees which patients', () => {
    const forAnna = item({ patientRef: 'P-1', addedBy: 'frank-geurts', requesterId: 'anna-de-vries', guests: ['carla-hermans'] });
    const forDaan = item({ patientRef: 'P-2', addedBy: 'frank-geurts', requesterId: 'daan-smeets' });
    const full = accepted(addItem(accepted(addItem(meeting, smdo, forAnna, before)), smdo, forDaan, before));
    const refs = (personId: string) => visibleItems(full, smdo, personId).map((i) => i.patientRef);

    it('shows a kernteam member every patient', () => {
      expect(refs('gea-lemmens')).toEqual(['P-1', 'P-2']);
      expect(mayView(full, smdo, 'gea-lemmens')).toBe(true);
    });

    it('shows a requester or guest only the patients they were invited for', () => {
      expect(refs('anna-de-vries')).toEqual(['P-1']);
      expect(refs('carla-hermans')).toEqual(['P-1']);
      expect(refs('daan-smeets')).toEqual(['P-2']);
      expect(mayView(full, smdo, 'carla-hermans')).toBe(true);
    });

    it('shows someone not invited nothing at all', () => {
      expect(refs('bram-janssen')).toEqual([]);
      expect(mayView(full, smdo, 'bram-janssen')).toBe(false);
    });
  });
});

describe('recording what happened', () => {
  const meeting = meetingOn(smdo, '2026-11-12');
  const first = item({ patientRef: 'P-1', addedBy: 'frank-geurts' });
  const planned = accepted(addItem(meeting, smdo, first, beforeStart(meeting)));
  const during = shift(startOf(meeting), minutes(20));

  it('records the outcome of a patient by the chair, from the start of the meeting', () => {
    const recorded = accepted(recordOutcome(planned, first.id, 'els-vermeulen', outcome(true), startOf(meeting)));
    expect(recorded.agenda[0]?.outcome).toMatchObject({ discussed: true, recordedBy: 'els-vermeulen', recordedAt: meeting.startsAt });
  });

  it('refuses an outcome from anyone but the chair', () => {
    expect(refusalCode(recordOutcome(planned, first.id, 'frank-geurts', outcome(true), during))).toBe('not-chair');
  });

  it('refuses an outcome before the meeting has started', () => {
    expect(refusalCode(recordOutcome(planned, first.id, 'els-vermeulen', outcome(true), shift(startOf(meeting), -1)))).toBe('not-started');
  });

  it('records a patient outcome only once', () => {
    const recorded = accepted(recordOutcome(planned, first.id, 'els-vermeulen', outcome(true), during));
    expect(refusalCode(recordOutcome(recorded, first.id, 'els-vermeulen', outcome(false), during))).toBe('has-outcome');
    expect(refusalCode(recordOutcome(recorded, 'no-such-item', 'els-vermeulen', outcome(true), during))).toBe('unknown-item');
  });

  it('records attendance by the chair from the start, once, without counting anyone twice', () => {
    expect(refusalCode(recordAttendance(planned, 'frank-geurts', ['els-vermeulen'], 10, during))).toBe('not-chair');
    expect(refusalCode(recordAttendance(planned, 'els-vermeulen', ['els-vermeulen'], 10, shift(startOf(meeting), -1)))).toBe('not-started');
    const recorded = accepted(recordAttendance(planned, 'els-vermeulen', ['els-vermeulen', 'frank-geurts', 'els-vermeulen'], 10, during));
    expect(recorded.attendance).toEqual({ present: ['els-vermeulen', 'frank-geurts'], minutesPerPatient: 10, recordedBy: 'els-vermeulen', recordedAt: during.toISOString() });
    expect(refusalCode(recordAttendance(recorded, 'els-vermeulen', ['gea-lemmens'], 10, during))).toBe('recorded');
  });
});

describe('reminders', () => {
  const emptyAgenda = meetingOn(smdo, '2026-11-12');
  const planned = accepted(addItem(emptyAgenda, smdo, item({ patientRef: 'P-1', addedBy: 'frank-geurts' }), beforeStart(emptyAgenda)));
  const start = startOf(planned);
  const end = endOf(planned);
  const dueAt = (m: MdoMeeting, offsetFromStart: number) => dueReminders(m, shift(start, offsetFromStart));

  it('sends nothing two days before the meeting', () => {
    expect(dueAt(planned, -2 * DAY)).toEqual([]);
    expect(dueAt(planned, -DAY - minutes(1))).toEqual([]);
  });

  it('sends the agenda from 24 hours before until half an hour before', () => {
    expect(dueAt(planned, -DAY)).toEqual(['agenda']);
    expect(dueAt(planned, -HOUR)).toEqual(['agenda']);
    expect(dueAt(planned, -minutes(31))).toEqual(['agenda']);
  });

  it('sends the meeting link from half an hour before until the end, and no late agenda', () => {
    expect(dueAt(planned, -minutes(30))).toEqual(['link']);
    expect(dueAt(planned, minutes(59))).toEqual(['link']);
    expect(dueReminders(planned, end)).toEqual([]);
  });

  it('tells the chair of patients without an outcome from 24 hours after the end', () => {
    expect(dueReminders(planned, shift(end, DAY - minutes(1)))).toEqual([]);
    expect(dueReminders(planned, shift(end, DAY))).toEqual(['outcomeOverdue']);
    expect(dueReminders(planned, shift(end, 10 * DAY))).toEqual(['outcomeOverdue']);
  });

  it('does not chase outcomes when every patient has one, or when the agenda was empty', () => {
    const done = accepted(recordOutcome(planned, planned.agenda[0]!.id, 'els-vermeulen', outcome(false), start));
    expect(dueReminders(done, shift(end, DAY))).toEqual([]);
    expect(dueReminders(emptyAgenda, shift(end, DAY))).toEqual([]);
  });

  it('sends each reminder only once', () => {
    const agendaSent = markReminded(planned, ['agenda'], shift(start, -DAY));
    expect(agendaSent.reminders.agenda).toBe(shift(start, -DAY).toISOString());
    expect(dueAt(agendaSent, -HOUR)).toEqual([]);
    const linkSent = markReminded(agendaSent, ['link'], shift(start, -minutes(30)));
    expect(dueAt(linkSent, minutes(10))).toEqual([]);
    const chased = markReminded(linkSent, ['outcomeOverdue'], shift(end, DAY));
    expect(dueReminders(chased, shift(end, 2 * DAY))).toEqual([]);
  });
});

describe('announcing and what could not be delivered', () => {
  // The specialist MDO's series has a configured link; this meeting is planned without one.
  const { meetingUrl: _configured, ...meeting } = meetingOn(smdo, '2026-11-12');
  const now = at(2026, 11, 2, 9);

  it('announces a meeting once, with the Teams meeting made for it, and keeps a link it already has', () => {
    const announced = accepted(markAnnounced(meeting, now, 'https://teams.microsoft.com/l/meetup-join/nieuw'));
    expect(announced).toMatchObject({ announcedAt: now.toISOString(), meetingUrl: 'https://teams.microsoft.com/l/meetup-join/nieuw', version: meeting.version + 1 });
    expect(markAnnounced(announced, shift(now, HOUR))).toEqual({ ok: true, meeting: announced, changed: false });
    const pasted = { ...meeting, meetingUrl: 'https://teams.microsoft.com/l/meetup-join/geplakt' };
    expect(accepted(markAnnounced(pasted, now, 'https://teams.microsoft.com/l/meetup-join/nieuw')).meetingUrl).toBe('https://teams.microsoft.com/l/meetup-join/geplakt');
  });

  it('claims due reminders once: a second claim at the same moment changes nothing', () => {
    const dayBefore = shift(new Date(meeting.startsAt), -DAY + HOUR);
    const claimed = accepted(claimDueReminders(meeting, dayBefore));
    expect(claimed.reminders.agenda).toBe(dayBefore.toISOString());
    expect(claimDueReminders(claimed, dayBefore)).toMatchObject({ ok: true, changed: false });
  });

  it('records a message that could not be delivered once per person, kind and patient', () => {
    const invitation = { personId: 'anna-de-vries', what: 'invitation' as const, itemId: 'item-1', at: now.toISOString() };
    const once = accepted(recordUndelivered(meeting, invitation));
    expect(once.undelivered).toEqual([invitation]);
    expect(recordUndelivered(once, { ...invitation, at: shift(now, HOUR).toISOString() })).toMatchObject({ ok: true, changed: false });
    const thread = { what: 'thread' as const, at: now.toISOString() };
    expect(accepted(recordUndelivered(once, thread)).undelivered).toEqual([invitation, thread]);
  });
});

describe('contact-log entries for an MDO', () => {
  const now = at(2026, 11, 12, 14);
  const meeting = meetingThatWent(
    smdo,
    '2026-11-12',
    [
      { ref: 'P-1', discussed: true, requesterId: 'anna-de-vries' },
      { ref: 'P-2', discussed: true, requesterId: 'daan-smeets' },
      { ref: 'P-3', discussed: false },
      { ref: 'P-4' },
    ],
    ['els-vermeulen', 'frank-geurts', 'anna-de-vries'],
    20,
  );

  it('logs one contact per specialist PZ present and per patient discussed', () => {
    const entries = mdoContactEntries(meeting, smdo, directory, 'office', now);
    expect(entries.map((e) => `${e.patientRef} ${e.specialistId}`).sort()).toEqual([
      'P-1 els-vermeulen',
      'P-1 frank-geurts',
      'P-2 els-vermeulen',
      'P-2 frank-geurts',
    ]);
  });

  it('fills each entry as an MDO contact under TAPA$ prestatie 1 for the region', () => {
    const entries = mdoContactEntries(meeting, smdo, directory, 'office', now);
    const frankOnP2 = entries.find((e) => e.patientRef === 'P-2' && e.specialistId === 'frank-geurts');
    expect(frankOnP2).toMatchObject({
      schemaVersion: 3,
      source: 'mdo',
      occurredAt: meeting.startsAt,
      occurredAtEstimated: false,
      form: 'mdo',
      prestatie: '1',
      period: 'office',
      minutes: 20,
      regionId: 'mijnstreek',
      subRegionId: 'westelijke-mijnstreek',
      specialistOrganisationId: 'zkh-sittard',
      specialistDiscipline: 'verpleegkundig specialist PZ',
      requesterId: 'daan-smeets',
      requesterOrganisationId: 'vph-de-bron',
      requesterDiscipline: 'specialist ouderengeneeskunde',
      meetingId: 'smdo-wm-donderdag.2026-11-12',
      meetingRef: 'M-TEST',
      kernteamId: smdo.id,
      meetingAt: '2026-11-12T11:30:00.000Z',
      recordedAt: now.toISOString(),
    });
    for (const entry of entries) expect(ContactLogEntrySchema.parse(entry)).toEqual(entry);
  });

  it('leaves the prestatie out in a region that has not adopted TAPA$', () => {
    const withoutTapas = new NetworkDirectory(directory.regions.map((region) => ({ ...region, tapas: false })));
    const entries = mdoContactEntries(meeting, smdo, withoutTapas, 'office', now);
    expect(entries).toHaveLength(4);
    expect(entries.every((e) => e.prestatie === undefined)).toBe(true);
  });

  it('gives the same ids when the same meeting is logged twice', () => {
    const ids = (when: Date) => mdoContactEntries(meeting, smdo, directory, 'office', when).map((e) => e.id);
    expect(ids(at(2026, 11, 13, 9))).toEqual(ids(now));
    expect(new Set(ids(now)).size).toBe(4);
  });

  it('logs nothing for the generalists present at a GP practice MDO, only for the specialist PZ', () => {
    const practice = meetingThatWent(linde, '2026-11-12', [{ ref: 'P-5', discussed: true }], ['anna-de-vries', 'carla-hermans', 'daan-smeets', 'els-vermeulen']);
    const entries = mdoContactEntries(practice, linde, directory, 'office', now);
    expect(entries.map((e) => `${e.patientRef} ${e.specialistId}`)).toEqual(['P-5 els-vermeulen']);
  });

  it('logs nothing while the attendance is not recorded', () => {
    const noAttendance = meetingThatWent(smdo, '2026-11-12', [{ ref: 'P-1', discussed: true }]);
    expect(mdoContactEntries(noAttendance, smdo, directory, 'office', now)).toEqual([]);
  });

  it('logs nothing when no patient was discussed', () => {
    const nothingDiscussed = meetingThatWent(smdo, '2026-11-12', [{ ref: 'P-1', discussed: false }, { ref: 'P-2' }], ['els-vermeulen', 'frank-geurts']);
    expect(mdoContactEntries(nothingDiscussed, smdo, directory, 'office', now)).toEqual([]);
  });
});

describe('MDO statistics', () => {
  const november: ReportingPeriod = { start: at(2026, 11, 1).getTime(), end: at(2026, 12, 1).getTime(), label: 'november 2026' };
  const isSpecialist = (personId: string) => directory.person(personId)?.role === 'specialist';
  const meetings = [
    // Held, with two specialists PZ and a GP present.
    meetingThatWent(
      smdo,
      '2026-11-05',
      [
        { ref: 'P-1', discussed: true, newlyMarked: true },
        { ref: 'P-2', discussed: true },
        { ref: 'P-3', discussed: false, newlyMarked: true },
      ],
      ['els-vermeulen', 'frank-geurts', 'anna-de-vries'],
    ),
    // Held, one specialist; P-1 is discussed again.
    meetingThatWent(smdo, '2026-11-12', [{ ref: 'P-1', discussed: true, newlyMarked: true }, { ref: 'P-4', discussed: true, newlyMarked: true }], ['els-vermeulen']),
    // Held without recorded attendance: a discussion is enough.
    meetingThatWent(linde, '2026-11-19', [{ ref: 'P-5', discussed: true }]),
    // Not held (yet): nothing recorded, but a newly marked patient is registered on its agenda.
    meetingThatWent(smdo, '2026-11-26', [{ ref: 'P-6', newlyMarked: true }]),
    // Not held: only "not discussed" recorded, no attendance.
    meetingThatWent(linde, '2026-11-05', [{ ref: 'P-7', discussed: false }]),
    // Outside the period.
    meetingThatWent(smdo, '2026-10-29', [{ ref: 'P-8', discussed: true, newlyMarked: true }], ['els-vermeulen', 'gea-lemmens']),
    meetingThatWent(smdo, '2026-12-03', [{ ref: 'P-9', discussed: true, newlyMarked: true }], ['els-vermeulen']),
    // Another sub-region.
    meetingThatWent(topat, '2026-11-10', [{ ref: 'P-10', discussed: true, newlyMarked: true }], ['ivo-coenen', 'hanna-peters']),
  ];
  const statistics = (subRegionIds: string[]) =>
    mdoStatistics({ period: november, subRegionIds, meetings, kernteam: (id) => directory.kernteam(id), isSpecialist });

  it('counts the meetings held in the period and the sub-region', () => {
    expect(statistics(['westelijke-mijnstreek']).meetingsHeld).toBe(3);
    expect(statistics(['westelijke-mijnstreek', 'oostelijk-zuid-limburg']).meetingsHeld).toBe(4);
    expect(statistics(['oostelijk-zuid-limburg']).meetingsHeld).toBe(1);
  });

  it('counts each patient discussed once, however often they were discussed', () => {
    const figures = statistics(['westelijke-mijnstreek']);
    expect(figures.patientsDiscussed).toBe(4);
    expect(figures.newlyMarkedDiscussed).toBe(2);
  });

  it('counts newly marked patients put on an agenda, whether or not they were discussed yet', () => {
    expect(statistics(['westelijke-mijnstreek']).newlyMarkedRegistered).toBe(4);
    expect(statistics(['westelijke-mijnstreek', 'oostelijk-zuid-limburg']).newlyMarkedRegistered).toBe(5);
  });

  it('counts specialist PZ attendances over the meetings held, and the meetings with a specialist PZ', () => {
    const figures = statistics(['westelijke-mijnstreek']);
    expect(figures.specialistParticipations).toBe(3);
    expect(figures.meetingsWithSpecialist).toBe(2);
    const whole = statistics(['westelijke-mijnstreek', 'oostelijk-zuid-limburg']);
    expect(whole.specialistParticipations).toBe(5);
    expect(whole.meetingsWithSpecialist).toBe(3);
  });

  it('counts a meeting by its local start: 1 November 00:30 is November, 1 December 00:00 is not', () => {
    const heldOneOff = (date: string, time: string) => {
      const series = MdoSeriesSchema.parse({ id: `nacht-${date}`, kernteamId: smdo.id, recurrence: { kind: 'eenmalig', date }, time });
      const occurrence = occurrenceOn(series, date);
      const created = newMeeting(series, smdo, occurrence, 'M-TEST', new Date(occurrence.startsAt - 7 * DAY));
      return accepted(recordAttendance(created, 'els-vermeulen', ['els-vermeulen'], 15, new Date(occurrence.startsAt)));
    };
    const earlyNovember = heldOneOff('2026-11-01', '00:30');
    expect(earlyNovember.startsAt).toBe('2026-10-31T23:30:00.000Z');
    const figures = mdoStatistics({
      period: november,
      subRegionIds: ['westelijke-mijnstreek'],
      meetings: [earlyNovember, heldOneOff('2026-12-01', '00:00')],
      kernteam: (id) => directory.kernteam(id),
      isSpecialist,
    });
    expect(figures.meetingsHeld).toBe(1);
  });

  it('is all zero without meetings', () => {
    expect(mdoStatistics({ period: november, subRegionIds: ['westelijke-mijnstreek'], meetings: [], kernteam: (id) => directory.kernteam(id), isSpecialist })).toEqual({
      meetingsHeld: 0,
      patientsDiscussed: 0,
      newlyMarkedDiscussed: 0,
      newlyMarkedRegistered: 0,
      specialistParticipations: 0,
      specialistsPresent: 0,
      meetingsWithSpecialist: 0,
    });
  });
});
