import type { Network } from '../config/loadNetwork.js';
import { parseRosterIcs } from '../import/icalendarRoster.js';
import type { Shift } from '../domain/roster.js';
import type { Router } from '../domain/routing.js';
import type { RosterRepository } from '../store/store.js';

const DAY_MS = 86_400_000;
/** Imports cover what a roster needs to answer: from yesterday to a year ahead. */
const IMPORT_WINDOW = { behindDays: 1, aheadDays: 366 };
const MAX_ICS_BYTES = 5 * 1024 * 1024;

export type RosterImportResult =
  | { ok: true; shiftCount: number; primaryCount: number; backupCount: number; first?: number; last?: number }
  | { ok: false; problems: string[] };

/** Validates an .ics for one roster and, only when all of it is valid, replaces the roster's previous import. */
export async function importRosterIcs(rosters: RosterRepository, network: Network, rosterId: string, text: string, source: string, now: Date): Promise<RosterImportResult> {
  if (!network.rosters.some((roster) => roster.id === rosterId)) {
    return { ok: false, problems: [`Rooster '${rosterId}' bestaat niet. Bekend: ${network.rosters.map((r) => r.id).join(', ')}.`] };
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_ICS_BYTES) return { ok: false, problems: ['Het bestand is groter dan 5 MB.'] };
  const window = { from: now.getTime() - IMPORT_WINDOW.behindDays * DAY_MS, to: now.getTime() + IMPORT_WINDOW.aheadDays * DAY_MS };
  const parsed = parseRosterIcs(text, network.directory, window);
  if (!parsed.ok) return parsed;
  if (parsed.shifts.length === 0) return { ok: false, problems: ['Het bestand bevat geen diensten in de komende twaalf maanden.'] };
  await rosters.save({ rosterId, importedAt: now.toISOString(), source, shifts: parsed.shifts });
  return {
    ok: true,
    shiftCount: parsed.shifts.length,
    primaryCount: parsed.shifts.filter((s) => s.position === 'primary').length,
    backupCount: parsed.shifts.filter((s) => s.position === 'backup').length,
    first: parsed.shifts[0]?.start,
    last: parsed.shifts.at(-1)?.end,
  };
}

/**
 * The imported shifts as the router reads them. `refresh` asks the store which imports changed
 * (a cheap stamp per roster) and re-reads only those, so an import by the command line or by
 * another instance counts from the next request on, without a restart.
 */
export class RosterImports {
  private readonly shifts = new Map<string, readonly Shift[]>();
  private stamps = new Map<string, string>();

  constructor(private readonly rosters: RosterRepository) {}

  readonly shiftsOf = (rosterId: string): readonly Shift[] => this.shifts.get(rosterId) ?? [];

  async refresh(router: Router): Promise<void> {
    const stamps = await this.rosters.stamps();
    for (const [rosterId, stamp] of stamps) {
      if (this.stamps.get(rosterId) === stamp) continue;
      this.shifts.set(rosterId, (await this.rosters.imported(rosterId))?.shifts ?? []);
      router.invalidate(rosterId);
    }
    this.stamps = stamps;
  }
}
