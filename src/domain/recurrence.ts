import { z } from 'zod/v4';
import { addDays, daysBetween } from './roster.js';

/**
 * How an MDO series repeats, in Dutch local dates: once, every n weeks on a weekday, or monthly
 * on the n-th (or last) weekday of the month, like "elke 2e dinsdag van de maand". Pure.
 */

const isoDate = z.iso.date('gebruik JJJJ-MM-DD');

export const RecurrenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('eenmalig'), date: isoDate }),
  z.object({
    kind: z.literal('wekelijks'),
    /** The date of the first meeting; its weekday is the meeting day. */
    startsOn: isoDate,
    intervalWeeks: z.number().int().min(1).max(8).default(1),
    until: isoDate.optional(),
  }),
  z.object({
    kind: z.literal('maandelijks'),
    /** The date of the first meeting: its weekday, and which one of the month it is, repeat each month (the fifth counts as the last). */
    startsOn: isoDate,
    until: isoDate.optional(),
  }),
]);
export type Recurrence = z.infer<typeof RecurrenceSchema>;

const weekdayIndex = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();
const dayOfMonth = (date: string): number => Number(date.slice(8, 10));

/** Which weekday of its month a date is: 1 to 4, or 'laatste' for one in the last seven days of the month. */
export function weekOfMonth(date: string): 1 | 2 | 3 | 4 | 'laatste' {
  const n = Math.ceil(dayOfMonth(date) / 7);
  return n >= 5 ? 'laatste' : (n as 1 | 2 | 3 | 4);
}

/** The `week`-th (or last) day with this weekday in the month of `monthStart` (a YYYY-MM-01 date). */
function nthWeekday(monthStart: string, weekday: number, week: ReturnType<typeof weekOfMonth>): string {
  const first = addDays(monthStart, (weekday - weekdayIndex(monthStart) + 7) % 7);
  if (week !== 'laatste') return addDays(first, 7 * (week - 1));
  const nextMonth = addMonths(monthStart, 1);
  let last = first;
  while (addDays(last, 7) < nextMonth) last = addDays(last, 7);
  return last;
}

function addMonths(monthStart: string, months: number): string {
  const date = new Date(`${monthStart}T12:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months, 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The meeting dates of a recurrence from `fromDate` on, in order (endless unless it has an end).
 * A one-off meeting's date is given even when it lies before `fromDate`; callers filter by instant.
 */
export function* meetingDates(recurrence: Recurrence, fromDate: string): Generator<string> {
  if (recurrence.kind === 'eenmalig') {
    yield recurrence.date;
    return;
  }
  const within = (date: string) => !recurrence.until || date <= recurrence.until;
  if (recurrence.kind === 'wekelijks') {
    const step = 7 * recurrence.intervalWeeks;
    for (let k = Math.max(0, Math.ceil(daysBetween(recurrence.startsOn, fromDate) / step)); ; k++) {
      const date = addDays(recurrence.startsOn, k * step);
      if (!within(date)) return;
      yield date;
    }
  }
  const weekday = weekdayIndex(recurrence.startsOn);
  const week = weekOfMonth(recurrence.startsOn);
  let month = `${(fromDate > recurrence.startsOn ? fromDate : recurrence.startsOn).slice(0, 7)}-01`;
  for (;; month = addMonths(month, 1)) {
    const date = nthWeekday(month, weekday, week);
    if (date < recurrence.startsOn || date < fromDate) continue;
    if (!within(date)) return;
    yield date;
  }
}
