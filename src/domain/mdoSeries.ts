import { z } from 'zod/v4';
import { meetingDates, RecurrenceSchema } from './recurrence.js';
import { localInstant } from './roster.js';

/**
 * The kernteams and the series their MDO-PZ meetings come from, as the configuration and the
 * planning form give them, and the meetings a series has between two moments. Pure.
 */

export const KERNTEAM_KINDS = ['generalistisch', 'specialistisch'] as const;
export type KernteamKind = (typeof KERNTEAM_KINDS)[number];

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'gebruik kleine letters, cijfers en streepjes');
export const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'gebruik UU:MM, bijvoorbeeld 12:30');
const meetingUrl = z.url({ protocol: /^https$/, error: 'Gebruik een https-link, bijvoorbeeld de link van de Teams-vergadering.' }).max(500);

export const MdoSeriesSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  kernteamId: id,
  recurrence: RecurrenceSchema,
  time: clockTime,
  durationMinutes: z.number().int().min(15).max(480).default(60),
  location: z.string().trim().max(200).default(''),
  meetingUrl: meetingUrl.optional(),
  /** Who leads the meetings and records outcomes; the kernteam's chair unless the planner chose otherwise. */
  chairId: id.optional(),
  createdBy: z.string().default('configuratie'),
  createdAt: z.string().default('1970-01-01T00:00:00.000Z'),
});
export type MdoSeries = z.infer<typeof MdoSeriesSchema>;

export const KernteamSchema = z.object({
  id,
  name: z.string().min(1),
  kind: z.enum(KERNTEAM_KINDS),
  /** Where the kernteam works; its MDO figures count for this sub-region. */
  subRegionId: id,
  members: z.array(id).min(1),
  chairId: id,
  /** Series that exist from the start, e.g. TOPAT's weekly specialist MDO; more are planned in chat. */
  series: z.array(MdoSeriesSchema.omit({ kernteamId: true })).default([]),
});
export type Kernteam = z.infer<typeof KernteamSchema>;

const DAY_MS = 86_400_000;

export interface Occurrence {
  meetingId: string;
  seriesId: string;
  kernteamId: string;
  date: string;
  startsAt: number;
  endsAt: number;
}

/** The meetings of a series that start in [from, to), in order. */
export function occurrencesBetween(series: MdoSeries, from: number, to: number): Occurrence[] {
  const at = (date: string): Occurrence => {
    const startsAt = localInstant(date, series.time);
    return { meetingId: meetingIdOf(series.id, date), seriesId: series.id, kernteamId: series.kernteamId, date, startsAt, endsAt: startsAt + series.durationMinutes * 60_000 };
  };
  // Start a day early: a local date can begin before `from` in UTC.
  const found: Occurrence[] = [];
  for (const date of meetingDates(series.recurrence, new Date(from - DAY_MS).toISOString().slice(0, 10))) {
    const occurrence = at(date);
    if (occurrence.startsAt >= to) break;
    if (occurrence.startsAt >= from) found.push(occurrence);
  }
  return found;
}

export const meetingIdOf = (seriesId: string, date: string): string => `${seriesId}.${date}`;
