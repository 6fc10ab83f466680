import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anwReason, CalendarConfigSchema, periodAt, regionCalendar } from '../../src/domain/calendar.js';

const standard = regionCalendar();
/** An instant given as Dutch local wall-clock time. */
const amsterdam = (y: number, m: number, d: number, h: number, min = 0) => new Date(new TZDate(y, m - 1, d, h, min, 'Europe/Amsterdam').getTime());

describe('office hours or ANW, in Dutch local time', () => {
  it('is office hours on Friday at 16:59 and ANW at 17:00', () => {
    expect(periodAt(amsterdam(2026, 11, 27, 16, 59), standard)).toBe('office');
    expect(periodAt(amsterdam(2026, 11, 27, 17, 0), standard)).toBe('anw');
  });

  it('starts office hours at 08:00 exactly and not a minute before', () => {
    expect(periodAt(amsterdam(2026, 11, 23, 7, 59), standard)).toBe('anw');
    expect(periodAt(amsterdam(2026, 11, 23, 8, 0), standard)).toBe('office');
  });

  it('is ANW all Saturday', () => {
    for (const hour of [0, 8, 10, 14, 16, 23]) expect(periodAt(amsterdam(2026, 11, 28, hour), standard)).toBe('anw');
  });

  it('is ANW on Tweede Kerstdag when it falls on a weekday (Friday 26 December 2025)', () => {
    expect(periodAt(amsterdam(2025, 12, 26, 10), standard)).toBe('anw');
    expect(periodAt(amsterdam(2025, 12, 24, 10), standard)).toBe('office');
  });

  it('is ANW on Koningsdag 2025, Saturday 26 April, because 27 April was a Sunday; 27 April 2026 is the holiday', () => {
    const holidays2025 = [...Array(31).keys()].map((d) => `2025-04-${String(d + 1).padStart(2, '0')}`).filter((d) => standard.isHoliday(d));
    expect(holidays2025).toContain('2025-04-26');
    expect(holidays2025).not.toContain('2025-04-27');
    expect(periodAt(amsterdam(2026, 4, 27, 10), standard)).toBe('anw');
    expect(periodAt(amsterdam(2026, 4, 28, 10), standard)).toBe('office');
  });

  it('is ANW on Hemelvaartsdag 2026, Thursday 14 May', () => {
    expect(periodAt(amsterdam(2026, 5, 14, 11), standard)).toBe('anw');
    expect(periodAt(amsterdam(2026, 5, 15, 11), standard)).toBe('office');
  });

  it('is ANW all of Tweede Pinksterdag (Monday 25 May 2026), and office hours from 08:00 exactly the next day and on the Monday after', () => {
    expect(periodAt(amsterdam(2026, 5, 25, 8), standard)).toBe('anw');
    expect(periodAt(amsterdam(2026, 5, 26, 8), standard)).toBe('office');
    expect(periodAt(amsterdam(2026, 6, 1, 7, 59), standard)).toBe('anw');
    expect(periodAt(amsterdam(2026, 6, 1, 8), standard)).toBe('office');
  });

  it('follows the clock through the change to summer time on 29 March 2026', () => {
    // Monday 30 March: 08:00 summer time is 06:00 UTC, where a week earlier it was 07:00 UTC.
    expect(periodAt(new Date('2026-03-30T05:59:00Z'), standard)).toBe('anw');
    expect(periodAt(new Date('2026-03-30T06:00:00Z'), standard)).toBe('office');
    expect(periodAt(new Date('2026-03-23T06:30:00Z'), standard)).toBe('anw');
  });

  it('follows the clock through the change to winter time on 25 October 2026', () => {
    // Friday 23 October 17:00 is 15:00 UTC (summer); Monday 26 October 08:00 is 07:00 UTC (winter).
    expect(periodAt(new Date('2026-10-23T14:59:00Z'), standard)).toBe('office');
    expect(periodAt(new Date('2026-10-23T15:00:00Z'), standard)).toBe('anw');
    expect(periodAt(new Date('2026-10-26T06:59:00Z'), standard)).toBe('anw');
    expect(periodAt(new Date('2026-10-26T07:00:00Z'), standard)).toBe('office');
  });

  it('lets a region set its own hours and add its own days', () => {
    const drenthe = regionCalendar(CalendarConfigSchema.parse({ officeFrom: '08:30', officeTo: '17:30', extraHolidays: ['2026-05-05'] }));
    expect(periodAt(amsterdam(2026, 11, 23, 8, 15), drenthe)).toBe('anw');
    expect(periodAt(amsterdam(2026, 11, 23, 17, 15), drenthe)).toBe('office');
    expect(periodAt(amsterdam(2026, 5, 5, 10), drenthe)).toBe('anw');
    expect(periodAt(amsterdam(2026, 5, 5, 10), standard)).toBe('office');
  });

  it('is total: gives office or ANW for any instant, never an error', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: false }), (instant) => {
        expect(['office', 'anw']).toContain(periodAt(instant, standard));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('why an instant is ANW, as the roster card says it', () => {
  it('names Nieuwjaar on Friday 1 January 2027 at 10:00, and gives no reason at 10:00 on the Friday after', () => {
    expect(anwReason(amsterdam(2027, 1, 1, 10), standard)).toEqual({ kind: 'holiday', name: 'Nieuwjaar' });
    expect(anwReason(amsterdam(2027, 1, 8, 10), standard)).toBeUndefined();
    expect(periodAt(amsterdam(2027, 1, 8, 10), standard)).toBe('office');
  });

  it('names Kerstmis on Friday 25 December 2026, and Tweede kerstdag on Saturday 26 December rather than the weekend', () => {
    expect(anwReason(amsterdam(2026, 12, 25, 10), standard)).toEqual({ kind: 'holiday', name: 'Kerstmis' });
    expect(anwReason(amsterdam(2026, 12, 26, 10), standard)).toEqual({ kind: 'holiday', name: 'Tweede kerstdag' });
  });

  it('tells the weekend and the evening apart from a holiday', () => {
    expect(anwReason(amsterdam(2027, 1, 9, 10), standard)).toEqual({ kind: 'no-office-day', weekday: 'za' });
    expect(anwReason(amsterdam(2027, 1, 8, 17), standard)).toEqual({ kind: 'outside-office-hours' });
    expect(anwReason(amsterdam(2027, 1, 8, 7, 59), standard)).toEqual({ kind: 'outside-office-hours' });
  });

  it('calls a day the region added a holiday without a name, and a region without Dutch holidays works on 1 January', () => {
    const own = regionCalendar(CalendarConfigSchema.parse({ extraHolidays: ['2027-05-05'], dutchPublicHolidays: false }));
    expect(anwReason(amsterdam(2027, 5, 5, 10), own)).toEqual({ kind: 'holiday' });
    expect(anwReason(amsterdam(2027, 1, 1, 10), own)).toBeUndefined();
  });
});
