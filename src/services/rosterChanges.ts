import type { Absence } from '../domain/absence.js';
import type { Shift } from '../domain/roster.js';
import type { RosterAdjustments, Router } from '../domain/routing.js';
import { overrideOf } from '../domain/swap.js';
import type { Repositories } from '../store/store.js';

/** Routing indexes reach a week back; swaps that ended before that no longer matter to them. */
const INDEX_BEHIND_MS = 8 * 86_400_000;

/**
 * Absences and approved swaps as the router reads them: held in memory and brought up to date
 * from the store with every routing refresh, so a change made through another instance counts
 * from the next request on. Only rosters whose swaps changed are re-indexed.
 */
export class RosterChanges implements RosterAdjustments {
  private current: readonly Absence[] = [];
  private overridesByRoster = new Map<string, Shift[]>();

  constructor(
    private readonly store: Pick<Repositories, 'absences' | 'swaps'>,
    private readonly clock: () => Date,
  ) {}

  readonly absences = (): readonly Absence[] => this.current;
  readonly overrides = (rosterId: string): readonly Shift[] => this.overridesByRoster.get(rosterId) ?? [];

  async refresh(router: Router): Promise<void> {
    const now = this.clock();
    const [absences, swaps] = await Promise.all([this.store.absences.endingAfter(now), this.store.swaps.approvedEndingAfter(new Date(now.getTime() - INDEX_BEHIND_MS))]);
    this.current = absences;
    const next = new Map<string, Shift[]>();
    for (const swap of swaps) {
      next.set(swap.rosterId, [...(next.get(swap.rosterId) ?? []), overrideOf(swap)]);
    }
    for (const rosterId of new Set([...next.keys(), ...this.overridesByRoster.keys()])) {
      if (JSON.stringify(next.get(rosterId) ?? []) !== JSON.stringify(this.overrides(rosterId))) router.invalidate(rosterId);
    }
    this.overridesByRoster = next;
  }
}
