import { TZDate, tz } from '@date-fns/tz';
import { isValid, parse } from 'date-fns';
import { nl } from 'date-fns/locale';
import { z } from 'zod/v4';
import { TIME_ZONE } from './calendar.js';
import type { OnCall } from './roster.js';

/**
 * Away and replacement ("afwezig tot vrijdag 17:00, vervanger Els Vermeulen"): for a while a
 * specialist takes no consults, and routing offers to the named colleague instead, or skips them.
 * An absence ends by itself at its `until`, or earlier when the person says so.
 */

export const AbsenceSchema = z.object({
  id: z.string(),
  personId: z.string(),
  /** "afwezig" (away) or "geen consulten" (present, but not taking consults). */
  kind: z.enum(['afwezig', 'geen-consulten']),
  from: z.iso.datetime({ offset: true }),
  until: z.iso.datetime({ offset: true }),
  replacementId: z.string().optional(),
  /** Set when the person said "weer beschikbaar" before `until`. */
  endedAt: z.iso.datetime({ offset: true }).optional(),
});
export type Absence = z.infer<typeof AbsenceSchema>;

/** Whether the absence holds at instant `t`. */
export const absentAt = (absence: Absence, t: number): boolean =>
  Date.parse(absence.from) <= t && t < Date.parse(absence.endedAt ?? absence.until);

/**
 * Who takes a person's place at `t`: themselves when present, their replacement when away with
 * one (who is present), nobody otherwise. A replacement's own replacement is not followed, so a
 * chain of absences can never loop.
 */
export function standIn(personId: string, absences: readonly Absence[], t: number): string | undefined {
  const absence = absences.find((a) => a.personId === personId && absentAt(a, t));
  if (!absence) return personId;
  const replacement = absence.replacementId;
  if (!replacement || absences.some((a) => a.personId === replacement && absentAt(a, t))) return undefined;
  return replacement;
}

/** The on-call people and the pool at `t` with everyone who is away replaced or left out. */
export function withAbsences(onCall: OnCall, pool: readonly string[], absences: readonly Absence[], t: number): { onCall: OnCall; pool: string[] } {
  const primary = onCall.primary ? standIn(onCall.primary, absences, t) : undefined;
  const backups = [...new Set(onCall.backups.map((id) => standIn(id, absences, t)).filter((id): id is string => Boolean(id) && id !== primary))];
  return { onCall: { ...(primary ? { primary } : {}), backups }, pool: pool.filter((id) => standIn(id, absences, t) === id) };
}

export type AbsenceCommand =
  | { kind: 'afwezig' | 'geen-consulten'; until: Date; replacementName?: string }
  | { kind: 'problem'; message: string };

export const ABSENCE_COMMAND = /^\s*(afwezig|geen consulten)\s+tot\b/i;
export const AVAILABLE_AGAIN_COMMAND = /^\s*weer beschikbaar\s*\.?\s*$/i;

const EXAMPLE = "Schrijf bijvoorbeeld 'afwezig tot vrijdag 17:00, vervanger Els Vermeulen' of 'geen consulten tot 3 december 12:00'.";
const MAX_AHEAD_MS = 366 * 86_400_000;

/**
 * Reads "afwezig tot <moment>[, vervanger <naam>]" and "geen consulten tot <moment>". The moment
 * is Dutch local time: "vrijdag 17:00" (the first such day on which 17:00 is still to come),
 * "morgen 12:00", "3 december 12:00" (the first such date to come), "3 december 2026 12:00" or
 * "3-12-2026 12:00".
 *
 * @example parseAbsence('afwezig tot vrijdag 17:00, vervanger Els Vermeulen', new Date('2026-11-23T10:00:00+01:00'))
 *   // { kind: 'afwezig', until: 2026-11-27T16:00:00Z, replacementName: 'Els Vermeulen' }
 */
export function parseAbsence(text: string, now: Date): AbsenceCommand {
  const match = /^\s*(afwezig|geen consulten)\s+tot\s+(.+?)(?:\s*[,;]\s*(?:vervanger|vervangen door|waarneming door|waarnemer)\s*:?\s*(.+?))?\s*\.?\s*$/i.exec(text);
  if (!match) return { kind: 'problem', message: `Dat begrijp ik niet. ${EXAMPLE}` };
  const until = parseMoment(match[2]!, now);
  if (!until) return { kind: 'problem', message: `Ik kan '${match[2]!.trim()}' niet als datum en tijd lezen. ${EXAMPLE}` };
  if (until.getTime() <= now.getTime()) return { kind: 'problem', message: 'Dat tijdstip is al voorbij. Er is niets gewijzigd.' };
  if (until.getTime() - now.getTime() > MAX_AHEAD_MS) return { kind: 'problem', message: 'Afwezigheid kan hoogstens een jaar vooruit worden opgegeven. Er is niets gewijzigd.' };
  const kind = match[1]!.toLowerCase() === 'afwezig' ? 'afwezig' : 'geen-consulten';
  return { kind, until, ...(match[3] ? { replacementName: match[3].trim() } : {}) };
}

const WEEKDAYS = ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'];
const RELATIVE_DAYS: Record<string, number> = { vandaag: 0, morgen: 1, overmorgen: 2 };
const MONTH_ABBREVIATIONS: Record<string, string> = {
  jan: 'januari', feb: 'februari', mrt: 'maart', apr: 'april', jun: 'juni', jul: 'juli', aug: 'augustus', sep: 'september', sept: 'september', okt: 'oktober', nov: 'november', dec: 'december',
};
const ABSOLUTE_FORMATS = ['d MMMM yyyy HH:mm', 'd MMMM HH:mm', 'd-M-yyyy HH:mm', 'd-M HH:mm'];

/** A Dutch local date and time after `now`, or undefined when the text is not one. */
export function parseMoment(text: string, now: Date): Date | undefined {
  const normalised = text
    .toLowerCase()
    .replace(/\b(om|uur)\b/g, ' ')
    .replace(/\b(\d{1,2})[.:](\d{2})\b/g, '$1:$2')
    .replace(/\b([a-z]{3,4})\.?(?=\s)/g, (word, stem: string) => MONTH_ABBREVIATIONS[stem] ?? word)
    .replace(/\s+/g, ' ')
    .trim();
  const relative = /^([a-z]+) (\d{1,2}):(\d{2})$/.exec(normalised);
  if (relative) return relativeMoment(relative[1]!, Number(relative[2]), Number(relative[3]), now);
  const local = new TZDate(now, TIME_ZONE);
  for (const pattern of ABSOLUTE_FORMATS) {
    const parsed = parse(normalised, pattern, local, { locale: nl, in: tz(TIME_ZONE) });
    if (!isValid(parsed)) continue;
    // Without a year: the first such date still to come.
    if (!pattern.includes('yyyy') && parsed.getTime() <= now.getTime()) parsed.setFullYear(parsed.getFullYear() + 1);
    return new Date(parsed.getTime());
  }
  return undefined;
}

function relativeMoment(day: string, hours: number, minutes: number, now: Date): Date | undefined {
  if (hours > 23 || minutes > 59) return undefined;
  const local = new TZDate(now, TIME_ZONE);
  const at = (offset: number) => new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + offset, hours, minutes, TIME_ZONE).getTime());
  if (day in RELATIVE_DAYS) return at(RELATIVE_DAYS[day]!);
  const weekday = WEEKDAYS.findIndex((name) => name === day || name.slice(0, 2) === day);
  if (weekday < 0) return undefined;
  const offset = (weekday - local.getDay() + 7) % 7;
  const moment = at(offset);
  return moment.getTime() > now.getTime() ? moment : at(offset + 7);
}
