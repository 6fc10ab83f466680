import { TZDate } from '@date-fns/tz';
import { TIME_ZONE } from './calendar.js';

/** A reporting period in Dutch local time: [start, end), with a label for people. */
export interface ReportingPeriod {
  start: number;
  end: number;
  label: string;
}

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const startOfMonth = (year: number, month: number) => new TZDate(year, month, 1, 0, 0, TIME_ZONE).getTime();
const dayStart = (year: number, month: number, day: number) => new TZDate(year, month - 1, day, 0, 0, TIME_ZONE).getTime();

function month(year: number, index: number): ReportingPeriod {
  const normalisedYear = year + Math.floor(index / 12);
  const normalisedIndex = ((index % 12) + 12) % 12;
  return {
    start: startOfMonth(normalisedYear, normalisedIndex),
    end: startOfMonth(normalisedYear, normalisedIndex + 1),
    label: `${MONTHS[normalisedIndex]} ${normalisedYear}`,
  };
}

function quarter(year: number, q: number): ReportingPeriod {
  const normalisedYear = year + Math.floor((q - 1) / 4);
  const normalisedQ = ((((q - 1) % 4) + 4) % 4) + 1;
  return {
    start: startOfMonth(normalisedYear, (normalisedQ - 1) * 3),
    end: startOfMonth(normalisedYear, normalisedQ * 3),
    label: `${normalisedYear}-Q${normalisedQ}`,
  };
}

/**
 * Reads a period as a coordinator writes it: `2026-Q3`, `2026-10`, `vorige maand`, `deze maand`,
 * `vorig kwartaal`, `dit kwartaal`, `2026`, or a date range `2026-01-01..2026-03-31` (both days
 * included). Without text: the current quarter so far.
 *
 * @example parsePeriod('2026-Q3', now) // 1 July 2026 00:00 up to 1 October 2026 00:00, Amsterdam time
 */
export function parsePeriod(text: string, now: Date): ReportingPeriod | undefined {
  const input = text.trim().toLowerCase();
  const local = new TZDate(now.getTime(), TIME_ZONE);
  const [year, monthIndex] = [local.getFullYear(), local.getMonth()];
  const currentQuarter = Math.floor(monthIndex / 3) + 1;
  if (input === '' || input === 'dit kwartaal') return quarter(year, currentQuarter);
  if (input === 'vorig kwartaal') return quarter(year, currentQuarter - 1);
  if (input === 'deze maand') return month(year, monthIndex);
  if (input === 'vorige maand') return month(year, monthIndex - 1);
  let match = /^(\d{4})-?q([1-4])$/.exec(input);
  if (match) return quarter(Number(match[1]), Number(match[2]));
  match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(input);
  if (match) return month(Number(match[1]), Number(match[2]) - 1);
  match = /^(\d{4})$/.exec(input);
  if (match) return { start: startOfMonth(Number(match[1]), 0), end: startOfMonth(Number(match[1]) + 1, 0), label: match[1]! };
  match = /^(\d{4})-(\d{2})-(\d{2})\s*(?:\.\.|t\/m|tot en met|-)\s*(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (match) {
    const [y1, m1, d1, y2, m2, d2] = match.slice(1).map(Number) as [number, number, number, number, number, number];
    const start = dayStart(y1, m1, d1);
    const end = dayStart(y2, m2, d2 + 1);
    // A date that does not exist (31 februari) rolls over; compare back to refuse it.
    const sameDate = (t: number, y: number, m: number, d: number) => {
      const l = new TZDate(t, TIME_ZONE);
      return l.getFullYear() === y && l.getMonth() === m - 1 && l.getDate() === d;
    };
    if (end > start && sameDate(start, y1, m1, d1) && sameDate(end - 1, y2, m2, d2)) {
      return { start, end, label: `${match[1]}-${match[2]}-${match[3]} t/m ${match[4]}-${match[5]}-${match[6]}` };
    }
  }
  return undefined;
}

/** The period of equal length just before, for the trend. */
export function previousPeriod(period: ReportingPeriod): ReportingPeriod {
  const start = new TZDate(period.start, TIME_ZONE);
  const end = new TZDate(period.end, TIME_ZONE);
  const months = (end.getFullYear() - start.getFullYear()) * 12 + end.getMonth() - start.getMonth();
  if (start.getDate() === 1 && end.getDate() === 1 && months > 0) {
    const label =
      months === 1
        ? month(start.getFullYear(), start.getMonth() - 1).label
        : months === 3
          ? quarter(start.getFullYear(), Math.floor(start.getMonth() / 3)).label
          : months === 12
            ? String(start.getFullYear() - 1)
            : 'voorgaande periode';
    return { start: startOfMonth(start.getFullYear(), start.getMonth() - months), end: period.start, label };
  }
  const length = period.end - period.start;
  return { start: period.start - length, end: period.start, label: 'voorgaande periode' };
}

/** The quarter an instant falls in, as `2026-Q3`. */
export function quarterOf(instant: number): string {
  const local = new TZDate(instant, TIME_ZONE);
  return `${local.getFullYear()}-Q${Math.floor(local.getMonth() / 3) + 1}`;
}
