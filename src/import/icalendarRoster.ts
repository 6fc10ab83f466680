import { TZDate } from '@date-fns/tz';
import ICAL from 'ical.js';
import { TIME_ZONE } from '../domain/calendar.js';
import type { NetworkDirectory } from '../domain/directory.js';
import type { Person } from '../domain/network.js';
import { TIERS, type Shift } from '../domain/roster.js';

/**
 * Reads the shifts of a roster from an iCalendar file exported by a scheduling tool: recurring
 * events (RRULE) with exceptions (EXDATE) and moved or swapped occurrences (RECURRENCE-ID), in
 * any time zone the file names. Each event is one shift; who works it comes from an ATTENDEE
 * e-mail address or the person's name in SUMMARY, and "achterwacht" or "backup" in SUMMARY or
 * CATEGORIES makes it a backup shift. All-or-nothing: one problem and nothing is imported.
 */

export type IcsImport = { ok: true; shifts: Shift[] } | { ok: false; problems: string[] };

const MAX_OCCURRENCES = 20_000;

export function parseRosterIcs(text: string, directory: NetworkDirectory, window: { from: number; to: number }): IcsImport {
  try {
    return readShifts(text, directory, window);
  } catch (error) {
    // ical.js throws plain errors for structures it cannot read (a VTIMEZONE without TZID, …).
    return { ok: false, problems: [`Het iCalendar-bestand is beschadigd (${(error as Error).message}).`] };
  }
}

function readShifts(text: string, directory: NetworkDirectory, window: { from: number; to: number }): IcsImport {
  if (!/^\uFEFF?\s*BEGIN:VCALENDAR/i.test(text)) {
    return { ok: false, problems: ['Dit is geen iCalendar-bestand: het begint niet met BEGIN:VCALENDAR. Exporteer het rooster als .ics.'] };
  }
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text.replace(/^\uFEFF/, '')));
  } catch (error) {
    return { ok: false, problems: [`Het iCalendar-bestand is beschadigd (${(error as Error).message}).`] };
  }
  if (calendar.name !== 'vcalendar') return { ok: false, problems: ['Het bestand bevat geen VCALENDAR.'] };
  const timezones = new Map<string, ICAL.Timezone>();
  for (const component of calendar.getAllSubcomponents('vtimezone')) {
    const zone = new ICAL.Timezone(component);
    timezones.set(zone.tzid, zone);
  }

  const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
  if (events.length === 0) return { ok: false, problems: ['Het bestand bevat geen diensten (VEVENT).'] };
  const masters = new Map<string, ICAL.Event>();
  for (const event of events) if (!event.isRecurrenceException()) masters.set(event.uid, event);
  for (const event of events) {
    if (event.isRecurrenceException()) masters.get(event.uid)?.relateException(event);
  }

  const problems: string[] = [];
  const shifts: Shift[] = [];
  for (const master of masters.values()) {
    const occurrences = master.isRecurring() ? expand(master, window.to) : [{ event: master, start: master.startDate, end: master.endDate }];
    for (const { event, start, end } of occurrences) {
      const startZone = zoneIdOf(event, 'dtstart');
      const startAt = instantOf(start, startZone, timezones);
      const endAt = instantOf(end, zoneIdOf(event, 'dtend') ?? startZone, timezones);
      const label = `'${event.summary ?? event.uid}'`;
      if (startAt === undefined || endAt === undefined) {
        problems.push(`Dienst ${label}: onbekende tijdzone '${startZone}'.`);
        continue;
      }
      if (endAt <= startAt) {
        problems.push(`Dienst ${label} op ${new Date(startAt).toISOString()}: het einde ligt niet na het begin.`);
        continue;
      }
      if (endAt <= window.from || startAt >= window.to) continue;
      const person = personOf(event, directory);
      if (!person) {
        problems.push(`Dienst ${label} op ${new Date(startAt).toISOString()}: geen bekende specialist PZ gevonden (ATTENDEE-e-mail of naam in SUMMARY).`);
        continue;
      }
      shifts.push({ start: startAt, end: endAt, personId: person.id, position: isBackup(event) ? 'backup' : 'primary', tier: TIERS.imported });
    }
  }
  if (problems.length > 0) return { ok: false, problems: [...new Set(problems)].slice(0, 20) };
  return { ok: true, shifts: shifts.sort((a, b) => a.start - b.start) };
}

function expand(master: ICAL.Event, until: number): { event: ICAL.Event; start: ICAL.Time; end: ICAL.Time }[] {
  const result: { event: ICAL.Event; start: ICAL.Time; end: ICAL.Time }[] = [];
  const iterator = master.iterator();
  for (let next = iterator.next(); next && result.length < MAX_OCCURRENCES; next = iterator.next()) {
    const details = master.getOccurrenceDetails(next);
    if (details.startDate.toJSDate().getTime() > until + 86_400_000) break;
    result.push({ event: details.item, start: details.startDate, end: details.endDate });
  }
  return result;
}

/** The TZID an event gives for its start or end; absent for UTC and floating times. */
function zoneIdOf(event: ICAL.Event, property: 'dtstart' | 'dtend'): string | undefined {
  const tzid = event.component.getFirstProperty(property)?.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : undefined;
}

/**
 * UTC times are exact. Zoned times use the IANA zone they name (Europe/Amsterdam for floating
 * times); a zone only the file defines (Outlook's "W. Europe Standard Time") uses the file's
 * own VTIMEZONE.
 */
function instantOf(time: ICAL.Time, tzid: string | undefined, timezones: Map<string, ICAL.Timezone>): number | undefined {
  if (time.zone === ICAL.Timezone.utcTimezone) return time.toUnixTime() * 1000;
  const zone = tzid ?? TIME_ZONE;
  if (isIanaZone(zone)) return new TZDate(time.year, time.month - 1, time.day, time.hour, time.minute, time.second, zone).getTime();
  const defined = timezones.get(zone);
  if (!defined) return undefined;
  const wallClock = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
  return ICAL.Time.fromData(wallClock, defined).toUnixTime() * 1000;
}

function isIanaZone(tzid: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tzid });
    return true;
  } catch {
    return false;
  }
}

function personOf(event: ICAL.Event, directory: NetworkDirectory): Person | undefined {
  const specialists = directory.regions.flatMap((r) => r.people).filter((p) => p.role === 'specialist');
  for (const attendee of event.attendees) {
    const address = String(attendee.getFirstValue() ?? '').replace(/^mailto:/i, '').toLowerCase();
    const match = specialists.find((p) => p.email.toLowerCase() === address);
    if (match) return match;
  }
  const summary = (event.summary ?? '').toLowerCase();
  return specialists.find((p) => summary.includes(p.name.toLowerCase()));
}

function isBackup(event: ICAL.Event): boolean {
  const categories = event.component.getAllProperties('categories').flatMap((p) => p.getValues().map(String));
  return /achterwacht|backup/i.test([event.summary ?? '', ...categories].join(' '));
}
