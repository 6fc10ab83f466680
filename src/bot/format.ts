import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { nl } from 'date-fns/locale';
import { TIME_ZONE } from '../domain/calendar.js';

/** "1 december 2026, 20:47" in Dutch local time, whatever zone the server runs in. */
export function localDateTime(iso: string): string {
  return format(new TZDate(iso, TIME_ZONE), 'd MMMM yyyy, HH:mm', { locale: nl });
}

/** "op 1 december om 20:47", for a sentence about when something happened. */
export function onDayAtTime(iso: string): string {
  return format(new TZDate(iso, TIME_ZONE), "'op' d MMMM 'om' HH:mm", { locale: nl });
}

/** A count in words, singular or plural: "1 patiënt", "3 patiënten". */
export function countOf(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "20:45" in Dutch local time. */
export function localClock(iso: string): string {
  return format(new TZDate(iso, TIME_ZONE), 'HH:mm', { locale: nl });
}

/** A Teams deep link that starts a call with this person. */
export function teamsCallUrl(email: string): string {
  return `https://teams.microsoft.com/l/call/0/0?users=${encodeURIComponent(email)}`;
}

/** "ma 23 nov. 12:00" in Dutch local time. */
export function localWeekdayTime(epochMs: number): string {
  return format(new TZDate(epochMs, TIME_ZONE), 'EEEEEE d MMM HH:mm', { locale: nl });
}

/** "ma 23 nov. 12:00 – 17:00", or with both dates when the range crosses midnight. */
export function localRange(start: number, end: number): string {
  const sameDay = format(new TZDate(start, TIME_ZONE), 'yyyy-MM-dd') === format(new TZDate(end, TIME_ZONE), 'yyyy-MM-dd');
  return `${localWeekdayTime(start)} – ${sameDay ? format(new TZDate(end, TIME_ZONE), 'HH:mm') : localWeekdayTime(end)}`;
}

/** "1 december 2026, 20:47" in Dutch local time. */
export function longDateTime(epochMs: number): string {
  return format(new TZDate(epochMs, TIME_ZONE), "d MMMM yyyy', 'HH:mm", { locale: nl });
}

/** "vrijdag 27 november 2026, 17:00" in Dutch local time. */
export function longWeekdayDateTime(epochMs: number): string {
  return format(new TZDate(epochMs, TIME_ZONE), "EEEE d MMMM yyyy', 'HH:mm", { locale: nl });
}
