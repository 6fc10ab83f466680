import { TZDate } from '@date-fns/tz';
import { z } from 'zod/v4';
import { TIME_ZONE, WEEKDAYS, type Weekday } from './calendar.js';

/**
 * Rosters ("roosters"): who is on call when. A roster is written once as a weekly rotation that
 * repeats; imported shifts (from a scheduling tool's .ics) win over the rotation, and manual
 * overrides and swaps win over both.
 */

export const POSITIONS = ['primary', 'backup'] as const;
export type Position = (typeof POSITIONS)[number];

/** Which source a shift comes from; the higher tier wins where shifts of one position overlap. */
export const TIERS = { rotation: 0, imported: 1, override: 2 } as const;
export type Tier = (typeof TIERS)[keyof typeof TIERS];

export interface Shift {
  start: number;
  end: number;
  personId: string;
  position: Position;
  tier: Tier;
  note?: string;
}

const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/, 'gebruik UU:MM, bijvoorbeeld 08:00');
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'gebruik JJJJ-MM-DDTUU:MM (Nederlandse tijd)');

export const RotationShiftSchema = z.object({
  days: z.array(z.enum(WEEKDAYS)).min(1),
  /** Local start time; when `to` is not later than `from`, the shift ends the next day. */
  from: clockTime,
  to: clockTime,
  personId: z.string(),
  position: z.enum(POSITIONS),
});

export const OverrideSchema = z.object({
  from: localDateTime,
  to: localDateTime,
  personId: z.string(),
  position: z.enum(POSITIONS),
  note: z.string().optional(),
});

export const RosterConfigSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  /** Office hours of one sub-region, or the ANW hours of a pool. */
  covers: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('office'), subRegionId: z.string() }),
    z.object({ kind: z.literal('anw'), poolId: z.string() }),
  ]),
  rotation: z.object({
    /** The Monday on which week 1 of the rotation starts. */
    startsOn: z.iso.date(),
    weeks: z.array(z.array(RotationShiftSchema)).min(1),
  }),
  overrides: z.array(OverrideSchema).default([]),
});
export type RosterConfig = z.infer<typeof RosterConfigSchema>;
export type RotationShift = z.infer<typeof RotationShiftSchema>;

const DAY_MS = 86_400_000;

// Rosters repeat the same few dates and clock times thousands of times, and each time-zone
// conversion costs ~11 µs (Intl); the benchmark found 86% of indexing time here.
const instants = new Map<string, number>();
const MAX_REMEMBERED = 200_000;

/** An instant from a Dutch local date and clock time; "24:00" is midnight at the end of the day. */
export function localInstant(date: string, time: string): number {
  const key = `${date}T${time}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const [h, min] = time.split(':').map(Number) as [number, number];
    instant = new TZDate(y, m - 1, d, h, min, TIME_ZONE).getTime();
    if (instants.size >= MAX_REMEMBERED) instants.clear();
    instants.set(key, instant);
  }
  return instant;
}

export function addDays(date: string, days: number): string {
  const utc = new Date(`${date}T12:00:00Z`);
  utc.setUTCDate(utc.getUTCDate() + days);
  return utc.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / DAY_MS);
}

function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7]!;
}

/**
 * The concrete shifts of a roster's rotation and overrides that overlap [from, to). Local clock
 * times are kept across daylight-saving changes: a night shift 17:00–08:00 over the last Sunday
 * of October lasts 16 hours, over the last Sunday of March 14.
 */
export function expandRoster(config: RosterConfig, from: number, to: number): Shift[] {
  const shifts: Shift[] = [];
  const weeks = config.rotation.weeks;
  const firstDay = addDays(new Date(from).toISOString().slice(0, 10), -2);
  const lastDay = new Date(to).toISOString().slice(0, 10);
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    const weekIndex = Math.floor(daysBetween(config.rotation.startsOn, day) / 7);
    const week = weeks[((weekIndex % weeks.length) + weeks.length) % weeks.length]!;
    const weekday = weekdayOf(day);
    for (const entry of week) {
      if (!entry.days.includes(weekday)) continue;
      const start = localInstant(day, entry.from);
      const end = entry.to > entry.from ? localInstant(day, entry.to) : localInstant(addDays(day, 1), entry.to);
      if (end > from && start < to) shifts.push({ start, end, personId: entry.personId, position: entry.position, tier: TIERS.rotation });
    }
  }
  for (const override of config.overrides) {
    const [fromDate, fromTime] = override.from.split('T') as [string, string];
    const [toDate, toTime] = override.to.split('T') as [string, string];
    const start = localInstant(fromDate, fromTime);
    const end = localInstant(toDate, toTime);
    if (end > from && start < to) {
      shifts.push({ start, end, personId: override.personId, position: override.position, tier: TIERS.override, ...(override.note ? { note: override.note } : {}) });
    }
  }
  return shifts;
}

/** A stretch one person holds one position, whatever shifts and tiers it is made of. */
export interface EffectiveShift {
  start: number;
  end: number;
  personId: string;
  position: Position;
}

export interface OnCall {
  primary?: string;
  backups: string[];
}

/**
 * Answers "who is on call at t" over a set of shifts. Per position, only the highest tier that
 * covers t counts; among equals the most recently started shift wins, so a swap entered on top
 * of a longer shift takes over for its duration.
 */
export class RosterIndex {
  private readonly shifts: Shift[];
  private readonly longest: number;

  constructor(shifts: Shift[]) {
    this.shifts = [...shifts].sort((a, b) => a.start - b.start);
    this.longest = this.shifts.reduce((max, s) => Math.max(max, s.end - s.start), 0);
  }

  covering(t: number): Shift[] {
    const result: Shift[] = [];
    let high = this.shifts.length;
    let low = 0;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.shifts[mid]!.start <= t) low = mid + 1;
      else high = mid;
    }
    for (let i = low - 1; i >= 0 && this.shifts[i]!.start >= t - this.longest; i--) {
      const shift = this.shifts[i]!;
      if (shift.end > t) result.push(shift);
    }
    return result;
  }

  onCall(t: number): OnCall {
    const covering = this.covering(t);
    const winners = (position: Position): Shift[] => {
      const candidates = covering.filter((s) => s.position === position);
      const top = Math.max(-1, ...candidates.map((s) => s.tier));
      return candidates.filter((s) => s.tier === top).sort((a, b) => b.start - a.start);
    };
    const primary = winners('primary')[0]?.personId;
    const backups = [...new Set(winners('backup').map((s) => s.personId))].filter((id) => id !== primary);
    return { ...(primary ? { primary } : {}), backups };
  }

  /** Every moment after `t` and before `until` at which the set of covering shifts changes. */
  boundariesBetween(t: number, until: number): number[] {
    const moments = new Set<number>();
    for (const shift of this.shifts) {
      if (shift.start > t && shift.start < until) moments.add(shift.start);
      if (shift.end > t && shift.end < until) moments.add(shift.end);
    }
    return [...moments].sort((a, b) => a - b);
  }

  /**
   * The shifts as they fall once tiers are applied, in [from, to): one per person and position for
   * every unbroken stretch they are on call, however many configured shifts make it up (a week of
   * daily ANW shifts of one person is one). A stretch running before `from` starts at `from`.
   */
  effectiveShifts(from: number, to: number): EffectiveShift[] {
    const moments = [from, ...this.boundariesBetween(from, to), to];
    const open = new Map<string, EffectiveShift>();
    const done: EffectiveShift[] = [];
    for (let i = 0; i + 1 < moments.length; i++) {
      const [start, end] = [moments[i]!, moments[i + 1]!];
      const onCall = this.onCall((start + end) / 2);
      const present = new Set<string>();
      const holders: [Position, string][] = [...(onCall.primary ? [['primary', onCall.primary] as [Position, string]] : []), ...onCall.backups.map((id): [Position, string] => ['backup', id])];
      for (const [position, personId] of holders) {
        const key = `${position}:${personId}`;
        present.add(key);
        const run = open.get(key);
        if (run && run.end === start) run.end = end;
        else open.set(key, { start, end, personId, position });
      }
      for (const [key, run] of open) {
        if (present.has(key)) continue;
        done.push(run);
        open.delete(key);
      }
    }
    return [...done, ...open.values()].sort((a, b) => a.start - b.start || a.position.localeCompare(b.position));
  }

  /**
   * The next handover within a week: the first moment after `t` at which someone other than the
   * current primary is on call. Hours without anyone (an office roster at night) are passed over.
   */
  nextHandover(t: number): { at: number; primary: string } | undefined {
    const current = this.onCall(t).primary;
    for (const moment of this.boundariesBetween(t, t + 7 * DAY_MS)) {
      const next = this.onCall(moment).primary;
      if (next && next !== current) return { at: moment, primary: next };
    }
    return undefined;
  }
}
