import { z } from 'zod/v4';
import { anwReason, periodAt, regionCalendar, localDay, type AnwReason, type Period, type RegionCalendar } from './calendar.js';
import type { OfferStep } from './consult.js';
import type { Urgency } from './consultRequest.js';
import type { NetworkDirectory } from './directory.js';
import { withAbsences, type Absence } from './absence.js';
import { resolveChain, type StepLabels } from './escalation.js';
import { expandRoster, localInstant, RosterIndex, TIERS, type EffectiveShift, type OnCall, type RosterConfig, type Shift } from './roster.js';

/**
 * Routing by sub-region and hour: in office hours a request goes to the on-call specialist of the
 * requester's sub-region, in ANW hours to the pool that covers that sub-region (one region or
 * several together). The requester addresses the role; the router resolves it to a person.
 */

export const PoolSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  subRegionIds: z.array(z.string()).min(1),
});
export type Pool = z.infer<typeof PoolSchema>;

export interface Gap {
  start: number;
  end: number;
}

/** A stretch between two moments at which neither the roster's shifts nor the calendar change. */
interface Segment extends Gap {
  answers: boolean;
  primary?: string;
}

/** What people changed in chat on top of the configured and imported rosters. */
export interface RosterAdjustments {
  /** Overrides from approved swaps, per roster id: they win over rotation and import. */
  overrides(rosterId: string): readonly Shift[];
  /** Who is away, and who replaces them. */
  absences(): readonly Absence[];
}

const NO_ADJUSTMENTS: RosterAdjustments = { overrides: () => [], absences: () => [] };

const DAY_MS = 86_400_000;
const INDEX_DAYS_BEHIND = 7;
const INDEX_DAYS_AHEAD = 366;

export class Router {
  private readonly calendars = new Map<string, RegionCalendar>();
  private readonly indexes = new Map<string, { from: number; to: number; index: RosterIndex }>();

  constructor(
    private readonly directory: NetworkDirectory,
    readonly pools: readonly Pool[],
    readonly rosters: readonly RosterConfig[],
    /** Shifts imported from a scheduling tool, per roster id; they win over the rotation. */
    private readonly importedShifts: (rosterId: string) => readonly Shift[] = () => [],
    readonly adjustments: RosterAdjustments = NO_ADJUSTMENTS,
  ) {
    for (const region of directory.regions) this.calendars.set(region.id, regionCalendar(region.calendar));
  }

  calendarOf(subRegionId: string): RegionCalendar {
    const region = this.directory.regionOfSubRegion(subRegionId);
    return (region && this.calendars.get(region.id)) ?? regionCalendar();
  }

  poolOf(subRegionId: string): Pool | undefined {
    return this.pools.find((pool) => pool.subRegionIds.includes(subRegionId));
  }

  /** The roster that answers for this sub-region at this instant, and in ANW hours why they are ANW. */
  rosterFor(subRegionId: string, t: number): { period: Period; anwReason?: AnwReason; roster?: RosterConfig } {
    const reason = anwReason(new Date(t), this.calendarOf(subRegionId));
    const period: Period = reason ? 'anw' : 'office';
    const poolId = this.poolOf(subRegionId)?.id;
    const roster = this.rosters.find((r) =>
      period === 'office' ? r.covers.kind === 'office' && r.covers.subRegionId === subRegionId : r.covers.kind === 'anw' && r.covers.poolId === poolId,
    );
    return { period, ...(reason ? { anwReason: reason } : {}), ...(roster ? { roster } : {}) };
  }

  onCall(roster: RosterConfig, t: number): OnCall {
    return this.indexFor(roster, t).onCall(t);
  }

  nextHandover(roster: RosterConfig, t: number) {
    return this.indexFor(roster, t).nextHandover(t);
  }

  /** The offer plan for a request from this sub-region at this instant, with the urgency's waits. */
  plan(subRegionId: string, urgency: Urgency, t: number): { period: Period; plan: OfferStep[] } {
    const { period, roster } = this.rosterFor(subRegionId, t);
    const region = this.directory.regionOfSubRegion(subRegionId);
    if (!region) return { period, plan: [] };
    const onCall = roster ? this.onCall(roster, t) : { backups: [] };
    const scope = period === 'office' ? [subRegionId] : (this.poolOf(subRegionId)?.subRegionIds ?? [subRegionId]);
    const poolSpecialists = [...new Set(scope.flatMap((id) => this.directory.consultationTeamFor(id)?.members ?? []))];
    // Whoever is away is replaced by the colleague they named, or left out.
    const present = withAbsences(onCall, poolSpecialists, this.adjustments.absences(), t);
    return { period, plan: resolveChain(region.escalation[urgency], present.onCall, present.pool, this.labels(subRegionId, period)) };
  }

  /** The shifts of a roster in [from, to) as they fall after overrides and swaps. */
  effectiveShifts(roster: RosterConfig, from: number, to: number): EffectiveShift[] {
    return this.indexFor(roster, from).effectiveShifts(from, to);
  }

  /** The sub-regions a roster answers for: its own in office hours, its pool's in ANW. */
  subRegionsOf(roster: RosterConfig): string[] {
    const covers = roster.covers;
    return covers.kind === 'office' ? [covers.subRegionId] : (this.pools.find((p) => p.id === covers.poolId)?.subRegionIds ?? []);
  }

  /** Everyone who can stand in on a roster: whoever is rostered on it, and the specialists of the sub-regions it covers. */
  membersOf(roster: RosterConfig): Set<string> {
    return new Set([
      ...roster.rotation.weeks.flat().map((shift) => shift.personId),
      ...roster.overrides.map((override) => override.personId),
      ...this.subRegionsOf(roster).flatMap((id) => this.directory.consultationTeamFor(id)?.members ?? []),
    ]);
  }

  /** The rosters a person can stand in on. */
  rostersOfMember(personId: string): RosterConfig[] {
    return this.rosters.filter((roster) => this.membersOf(roster).has(personId));
  }

  /** Whether `otherId` shares a roster or pool with `personId`, so may replace them or take their shift. */
  areColleagues(personId: string, otherId: string): boolean {
    return personId !== otherId && this.rostersOfMember(personId).some((roster) => this.membersOf(roster).has(otherId));
  }

  /** The label of a roster's primary role, as a hand-over names it. */
  primaryRoleOf(roster: RosterConfig): string {
    const subRegionId = this.subRegionsOf(roster)[0] ?? '';
    return this.labels(subRegionId, roster.covers.kind === 'office' ? 'office' : 'anw').primary;
  }

  /**
   * Whether the roster answers at t, by the calendar requests are routed by: an office roster in
   * its sub-region's office hours, an ANW roster when a sub-region of its pool is in ANW hours.
   */
  answersAt(roster: RosterConfig, t: number): boolean {
    return this.calendarsOf(roster).some((calendar) => periodAt(new Date(t), calendar) === roster.covers.kind);
  }

  /** Stretches in [from, to) when the roster must answer but has no primary on call. */
  gaps(roster: RosterConfig, from: number, to: number): Gap[] {
    return merged(this.segments(roster, from, to).filter((segment) => segment.answers && !segment.primary));
  }

  /**
   * The shifts of a roster in [from, to) that fall in hours it answers, each cut to the first and
   * last of those hours: an office shift on a public holiday is left out, an ANW week from Monday
   * 08:00 counts from Monday 17:00.
   */
  shiftsInForce(roster: RosterConfig, from: number, to: number): EffectiveShift[] {
    const answering = merged(this.segments(roster, from, to).filter((segment) => segment.answers));
    return this.effectiveShifts(roster, from, to).flatMap((shift) => {
      const within = answering.filter((stretch) => stretch.start < shift.end && stretch.end > shift.start);
      if (within.length === 0) return [];
      return [{ ...shift, start: Math.max(shift.start, within[0]!.start), end: Math.min(shift.end, within[within.length - 1]!.end) }];
    });
  }

  /**
   * The next hand-over as requests will find it: the first moment in the coming 7 days at which
   * the roster answers and has a primary other than the one answering now. Hours it does not
   * answer are passed over, so on Nieuwjaarsdag (a Friday) an office roster's next is Monday 08:00.
   */
  nextHandoverInForce(roster: RosterConfig, t: number): { at: number; primary: string } | undefined {
    const segments = this.segments(roster, t, t + 7 * DAY_MS);
    const current = segments[0]?.answers ? segments[0].primary : undefined;
    const next = segments.find((segment) => segment.answers && segment.primary && segment.primary !== current);
    return next?.primary ? { at: next.start, primary: next.primary } : undefined;
  }

  /**
   * The hand-over that comes next, as the chat announces and keeps it: an office roster's skips the hours it does not
   * answer (after Nieuwjaarsdag it is the next working morning, and so is the note for it); the ANW pool's is its
   * rotation's (its week changes hands on Monday 08:00, before its first evening).
   */
  upcomingHandover(roster: RosterConfig, t: number): { at: number; primary: string } | undefined {
    return roster.covers.kind === 'office' ? this.nextHandoverInForce(roster, t) : this.nextHandover(roster, t);
  }

  private calendarsOf(roster: RosterConfig): RegionCalendar[] {
    return [...new Set(this.subRegionsOf(roster).map((id) => this.calendarOf(id)))];
  }

  /** [from, to) cut at every shift boundary and every start and end of office hours, each piece with whether the roster answers and who is its primary. */
  private segments(roster: RosterConfig, from: number, to: number): Segment[] {
    const index = this.indexFor(roster, from);
    const calendars = this.calendarsOf(roster);
    const moments = new Set([from, to, ...index.boundariesBetween(from, to)]);
    for (let day = from - DAY_MS; day < to + DAY_MS; day += DAY_MS) {
      const { date } = localDay(new Date(day));
      for (const calendar of calendars) {
        for (const minute of [0, calendar.officeFromMinute, calendar.officeToMinute]) {
          const moment = localInstant(date, `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`);
          if (moment > from && moment < to) moments.add(moment);
        }
      }
    }
    const sorted = [...moments].sort((a, b) => a - b);
    return sorted.slice(0, -1).map((start, i) => {
      const end = sorted[i + 1]!;
      const mid = (start + end) / 2;
      const primary = index.onCall(mid).primary;
      return { start, end, answers: this.answersAt(roster, mid), ...(primary ? { primary } : {}) };
    });
  }

  private labels(subRegionId: string, period: Period): StepLabels {
    if (period === 'office') {
      const name = this.directory.subRegion(subRegionId)?.name ?? subRegionId;
      return {
        primary: `Dienstdoende specialist PZ ${name} (kantoortijd)`,
        backup: `Achterwacht ${name} (kantoortijd)`,
        pool: `Overige specialisten PZ ${name}`,
      };
    }
    const name = this.poolOf(subRegionId)?.name ?? 'ANW';
    return { primary: `Dienstdoende specialist PZ ${name} (ANW)`, backup: `Achterwacht ${name} (ANW)`, pool: `Overige specialisten PZ ${name}` };
  }

  /** Shifts are expanded for about a year around t and indexed once; later instants re-index. */
  private indexFor(roster: RosterConfig, t: number): RosterIndex {
    const cached = this.indexes.get(roster.id);
    if (cached && t >= cached.from && t < cached.to - 30 * DAY_MS) return cached.index;
    const from = t - INDEX_DAYS_BEHIND * DAY_MS;
    const to = t + INDEX_DAYS_AHEAD * DAY_MS;
    const inWindow = (s: Shift) => s.end > from && s.start < to;
    const imported = this.importedShifts(roster.id).filter(inWindow).map((s) => ({ ...s, tier: TIERS.imported }));
    const swapped = this.adjustments.overrides(roster.id).filter(inWindow).map((s) => ({ ...s, tier: TIERS.override }));
    const index = new RosterIndex([...expandRoster(roster, from, to), ...imported, ...swapped]);
    this.indexes.set(roster.id, { from, to, index });
    return index;
  }

  /** Forgets cached indexes, e.g. after an import changed a roster's shifts. */
  invalidate(rosterId?: string): void {
    if (rosterId) this.indexes.delete(rosterId);
    else this.indexes.clear();
  }
}

/** Adjoining stretches joined into one. */
function merged(stretches: readonly Gap[]): Gap[] {
  const joined: Gap[] = [];
  for (const { start, end } of stretches) {
    const last = joined[joined.length - 1];
    if (last && last.end === start) last.end = end;
    else joined.push({ start, end });
  }
  return joined;
}
