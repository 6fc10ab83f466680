import { describe, expect, it } from 'vitest';
import { meetingDates, weekOfMonth, type Recurrence } from '../../src/domain/recurrence.js';
import { occurrencesBetween, type MdoSeries } from '../../src/domain/mdoSeries.js';
import { recurrenceText } from '../../src/bot/mdoView.js';

const first = (recurrence: Recurrence, from: string, count: number): string[] => {
  const dates: string[] = [];
  for (const date of meetingDates(recurrence, from)) {
    dates.push(date);
    if (dates.length === count) break;
  }
  return dates;
};

describe('how an MDO series repeats', () => {
  it('meets on the 2nd Tuesday of every month, also in months that start on a Tuesday', () => {
    // 10 November 2026 is the second Tuesday; December 2026 starts on a Tuesday.
    expect(first({ kind: 'maandelijks', startsOn: '2026-11-10' }, '2026-11-01', 4)).toEqual(['2026-11-10', '2026-12-08', '2027-01-12', '2027-02-09']);
    expect(recurrenceText({ kind: 'maandelijks', startsOn: '2026-11-10' })).toBe('elke 2e dinsdag van de maand');
  });

  it('takes a fifth weekday as the last one of each month', () => {
    expect(weekOfMonth('2026-10-29')).toBe('laatste');
    expect(first({ kind: 'maandelijks', startsOn: '2026-10-29' }, '2026-10-01', 3)).toEqual(['2026-10-29', '2026-11-26', '2026-12-31']);
    expect(recurrenceText({ kind: 'maandelijks', startsOn: '2026-10-29', until: '2027-06-30' })).toBe('elke laatste donderdag van de maand, tot en met 30 juni 2027');
  });

  it('starts at the first meeting on or after the date asked, and stops after the end date', () => {
    expect(first({ kind: 'maandelijks', startsOn: '2026-11-10', until: '2027-01-31' }, '2026-12-09', 5)).toEqual(['2027-01-12']);
    expect(first({ kind: 'wekelijks', startsOn: '2026-11-05', intervalWeeks: 2 }, '2026-11-20', 2)).toEqual(['2026-12-03', '2026-12-17']);
    expect(recurrenceText({ kind: 'wekelijks', startsOn: '2026-11-05', intervalWeeks: 2 })).toBe('elke 2 weken op donderdag');
    expect(recurrenceText({ kind: 'wekelijks', startsOn: '2026-11-05', intervalWeeks: 1 })).toBe('elke donderdag');
  });

  it('keeps a monthly MDO at 12:30 local time across the end of summer time', () => {
    const series: MdoSeries = { id: 'maand', kernteamId: 'k', recurrence: { kind: 'maandelijks', startsOn: '2026-10-13' }, time: '12:30', durationMinutes: 60, location: '', createdBy: 'x', createdAt: '2026-10-01T00:00:00Z' };
    const found = occurrencesBetween(series, Date.parse('2026-10-01T00:00:00Z'), Date.parse('2026-12-01T00:00:00Z'));
    expect(found.map((o) => new Date(o.startsAt).toISOString())).toEqual(['2026-10-13T10:30:00.000Z', '2026-11-10T11:30:00.000Z']);
  });
});
