import { TZDate } from '@date-fns/tz';
import { format, isValid } from 'date-fns';
import { nl as NL_LOCALE } from 'date-fns/locale';
import { TIME_ZONE } from '../domain/calendar.js';

/**
 * FHIR dates and dateTimes as a Dutch reader means them. A FHIR dateTime with a time carries a
 * zone ('2020-11-08T23:30:00Z'); the day and year it falls on are those of Europe/Amsterdam, not
 * of the text: 23:30 UTC on 8 November is 00:30 on 9 November in the Netherlands.
 */

/** FHIR date: YYYY, YYYY-MM or YYYY-MM-DD, with nothing after it. */
const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
/** FHIR dateTime with a time; FHIR requires the zone, the text form allows leaving seconds' fractions out. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function amsterdam(value: string): TZDate | null {
  const instant = new TZDate(new Date(value).getTime(), TIME_ZONE);
  return isValid(instant) ? instant : null;
}

/** Whether this is a FHIR dateTime with a time of day (and so a zone). */
export function hasTimeOfDay(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME.test(value) && amsterdam(value) !== null;
}

/**
 * The Dutch calendar date of a FHIR date or dateTime: '2020-11-08T23:30:00Z' → '2020-11-09';
 * a date without time stays as written ('2024-03' → '2024-03'). Null for anything else.
 */
export function localDateOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (PARTIAL_DATE.test(value)) return value;
  if (!hasTimeOfDay(value)) return null;
  return format(amsterdam(value)!, 'yyyy-MM-dd');
}

/** The Dutch calendar year: '1960-12-31T23:30:00Z' → 1961; '1959-07-31' → 1959. */
export function localYearOf(value: unknown): number | null {
  const date = localDateOf(value);
  const year = date === null ? null : Number(date.slice(0, 4));
  return year !== null && year >= 1800 && year <= 2200 ? year : null;
}

/** '9 november 2020, 00:30' in Dutch time for a dateTime; '9 november 2020' or '2024-03' for a date. */
export function dutchMoment(date: string | null, dateTime: string | null): string | null {
  if (dateTime && hasTimeOfDay(dateTime)) return format(amsterdam(dateTime)!, "d MMMM yyyy', 'HH:mm", { locale: NL_LOCALE });
  const day = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (day) return format(new TZDate(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 12, TIME_ZONE), 'd MMMM yyyy', { locale: NL_LOCALE });
  // FHIR allows a month or a year alone: "oktober 2020", "2020", never the ISO form.
  const month = date ? /^(\d{4})-(\d{2})$/.exec(date) : null;
  if (month) return format(new TZDate(Number(month[1]), Number(month[2]) - 1, 15, 12, TIME_ZONE), 'MMMM yyyy', { locale: NL_LOCALE });
  return date;
}
