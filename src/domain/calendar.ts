import { TZDate } from '@date-fns/tz';
import Holidays from 'date-holidays';
import { z } from 'zod/v4';

export const TIME_ZONE = 'Europe/Amsterdam';

/** Office hours ("kantoortijden") or evening, night, weekend and public holidays (ANW). */
export type Period = 'office' | 'anw';

export const WEEKDAYS = ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/, 'gebruik UU:MM, bijvoorbeeld 08:00');

/** How a region configures its calendar; everything has a sensible Dutch default. */
export const CalendarConfigSchema = z.object({
  officeDays: z.array(z.enum(WEEKDAYS)).default(['ma', 'di', 'wo', 'do', 'vr']),
  officeFrom: clock.default('08:00'),
  officeTo: clock.default('17:00'),
  /** Extra days that count as ANW in this region, e.g. Bevrijdingsdag or Goede Vrijdag (yyyy-mm-dd). */
  extraHolidays: z.array(z.iso.date()).default([]),
  /** Whether the Dutch public holidays count as ANW (true unless the region says otherwise). */
  dutchPublicHolidays: z.boolean().default(true),
});
export type CalendarConfig = z.infer<typeof CalendarConfigSchema>;

export interface RegionCalendar {
  officeDays: ReadonlySet<Weekday>;
  officeFromMinute: number;
  officeToMinute: number;
  /** True when this local date (yyyy-mm-dd, Europe/Amsterdam) is a public holiday for the region. */
  isHoliday(localDate: string): boolean;
  /** The holiday's Dutch name ("Nieuwjaar", "Tweede kerstdag"); undefined for a day the region added, which has none. */
  holidayName(localDate: string): string | undefined;
}

const minuteOfDay = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

/**
 * The Dutch public holidays as `date-holidays` knows them (type "public"), with their Dutch
 * names: Nieuwjaar, Pasen and Tweede paasdag, Koningsdag (26 April when 27 April is a Sunday),
 * Hemelvaartsdag, Pinksteren and Tweede pinksterdag, Kerstmis and Tweede kerstdag.
 *
 * @example dutchPublicHolidays(2027).get('2027-01-01') // 'Nieuwjaar'
 */
const dutchHolidays = new Holidays('NL');
const holidaysByYear = new Map<number, ReadonlyMap<string, string>>();
export function dutchPublicHolidays(year: number): ReadonlyMap<string, string> {
  let dates = holidaysByYear.get(year);
  if (!dates) {
    dates = new Map(dutchHolidays.getHolidays(year, 'nl').filter((h) => h.type === 'public').map((h) => [h.date.slice(0, 10), h.name]));
    holidaysByYear.set(year, dates);
  }
  return dates;
}

export function regionCalendar(config: CalendarConfig = CalendarConfigSchema.parse({})): RegionCalendar {
  const extra = new Set(config.extraHolidays);
  const dutchName = (localDate: string) => (config.dutchPublicHolidays ? dutchPublicHolidays(Number(localDate.slice(0, 4))).get(localDate) : undefined);
  return {
    officeDays: new Set(config.officeDays),
    officeFromMinute: minuteOfDay(config.officeFrom),
    officeToMinute: minuteOfDay(config.officeTo),
    isHoliday: (localDate) => extra.has(localDate) || dutchName(localDate) !== undefined,
    holidayName: dutchName,
  };
}

/** The local calendar date and weekday of an instant in Europe/Amsterdam. */
export function localDay(instant: Date): { date: string; weekday: Weekday; minute: number } {
  const local = new TZDate(instant.getTime(), TIME_ZONE);
  const date = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
  return { date, weekday: WEEKDAYS[(local.getDay() + 6) % 7]!, minute: local.getHours() * 60 + local.getMinutes() };
}

/** What makes an instant ANW: a public holiday, a day without office hours, or the hours outside them. */
export type AnwReason = { kind: 'holiday'; name?: string } | { kind: 'no-office-day'; weekday: Weekday } | { kind: 'outside-office-hours' };

/**
 * Why an instant is ANW, or undefined in office hours: a public holiday (named when the calendar
 * knows its name), a day without office hours (the weekend), or the hours before `officeFrom` and
 * from `officeTo` on (evening and night). Office hours are from `officeFrom` up to (not
 * including) `officeTo` on office days that are not public holidays.
 *
 * @example anwReason(new Date('2027-01-01T09:00:00Z'), regionCalendar()) // { kind: 'holiday', name: 'Nieuwjaar' } (vr 10:00)
 * @example anwReason(new Date('2027-01-08T09:00:00Z'), regionCalendar()) // undefined: office hours (vr 10:00)
 */
export function anwReason(instant: Date, calendar: RegionCalendar): AnwReason | undefined {
  if (Number.isNaN(instant.getTime())) return { kind: 'outside-office-hours' };
  const { date, weekday, minute } = localDay(instant);
  if (calendar.isHoliday(date)) {
    const name = calendar.holidayName(date);
    return { kind: 'holiday', ...(name ? { name } : {}) };
  }
  if (!calendar.officeDays.has(weekday)) return { kind: 'no-office-day', weekday };
  return minute >= calendar.officeFromMinute && minute < calendar.officeToMinute ? undefined : { kind: 'outside-office-hours' };
}

/**
 * Office or ANW at an instant, in Dutch local time: ANW whenever `anwReason` gives a reason.
 *
 * @example periodAt(new Date('2026-11-27T15:59:00Z'), regionCalendar()) // 'office' (vr 16:59)
 * @example periodAt(new Date('2026-11-27T16:00:00Z'), regionCalendar()) // 'anw'    (vr 17:00)
 */
export function periodAt(instant: Date, calendar: RegionCalendar): Period {
  return anwReason(instant, calendar) ? 'anw' : 'office';
}

/**
 * The instant of a local date and time in Europe/Amsterdam, as a form gives them.
 *
 * @example localInstant('2026-09-28', '14:30') // 2026-09-28T12:30:00.000Z (summer time)
 */
export function localInstant(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, TIME_ZONE).getTime());
}
