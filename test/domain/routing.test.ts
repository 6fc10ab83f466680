import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../src/config/zodMessages.js';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { expandRoster, RosterConfigSchema, RosterIndex, TIERS, type RosterConfig, type Shift } from '../../src/domain/roster.js';
import { Router } from '../../src/domain/routing.js';

const network = loadNetwork('data');
const router = new Router(network.directory, network.pools, network.rosters);
const at = (y: number, m: number, d: number, h: number, min = 0) => new TZDate(y, m - 1, d, h, min, 'Europe/Amsterdam').getTime();
const HOUR = 3_600_000;

function who(subRegionId: string, t: number) {
  const { period, plan } = router.plan(subRegionId, 'spoed', t);
  return { period, primary: plan[0]?.personIds[0], backup: plan[1]?.personIds, label: plan[0]?.label };
}

describe('routing a request to the person on call', () => {
  it('routes a Monday 10:00 request from Westelijke Mijnstreek to its office roster', () => {
    expect(who('westelijke-mijnstreek', at(2026, 11, 23, 10))).toEqual({
      period: 'office',
      primary: 'els-vermeulen',
      backup: ['gea-lemmens'],
      label: 'Dienstdoende specialist PZ Westelijke Mijnstreek (kantoortijd)',
    });
  });

  it('follows the two-week rotation: Tuesday has Frank, and the week after Gea on Monday', () => {
    expect(who('westelijke-mijnstreek', at(2026, 11, 24, 10)).primary).toBe('frank-geurts');
    expect(who('westelijke-mijnstreek', at(2026, 11, 30, 10)).primary).toBe('gea-lemmens');
  });

  it('lets an override win over the rotation for its hours only', () => {
    expect(who('westelijke-mijnstreek', at(2026, 12, 1, 11, 59)).primary).toBe('gea-lemmens');
    expect(who('westelijke-mijnstreek', at(2026, 12, 1, 12)).primary).toBe('els-vermeulen');
  });

  it('routes a Saturday 14:00 request to the region-wide ANW pool', () => {
    const saturday = who('westelijke-mijnstreek', at(2026, 11, 28, 14));
    expect(saturday.period).toBe('anw');
    expect(saturday.label).toBe('Dienstdoende specialist PZ ANW-pool Zuid-Limburg (ANW)');
    expect(saturday.primary).toBe('olaf-claessens');
  });

  it('pools a sub-region with another region at night: Oostelijk Zuid-Limburg and Maastricht-Heuvelland share one specialist', () => {
    const night = at(2026, 11, 25, 23);
    expect(who('oostelijk-zuid-limburg', night).primary).toBe('olaf-claessens');
    expect(who('maastricht-heuvelland', night).primary).toBe('olaf-claessens');
    expect(who('oostelijk-zuid-limburg', at(2026, 11, 25, 11)).primary).toBe('hanna-peters');
    expect(who('maastricht-heuvelland', at(2026, 11, 25, 11)).primary).toBe('noor-willems');
  });

  it('hands the ANW week over on Monday at 08:00', () => {
    expect(who('westelijke-mijnstreek', at(2026, 11, 30, 7, 59)).primary).toBe('olaf-claessens');
    expect(who('westelijke-mijnstreek', at(2026, 11, 30, 17)).primary).toBe('joke-dassen');
  });

  it('routes Eerste Kerstdag 2026, a Friday, to the ANW pool, where the kerstruil override has Ivo', () => {
    expect(who('westelijke-mijnstreek', at(2026, 12, 25, 10)).period).toBe('anw');
    expect(who('westelijke-mijnstreek', at(2026, 12, 25, 10)).primary).toBe('ivo-coenen');
  });

  it('uses each region’s own hours: Drenthe opens at 08:30', () => {
    expect(who('noord-drenthe', at(2026, 11, 23, 8, 15)).period).toBe('anw');
    expect(who('noord-drenthe', at(2026, 11, 23, 8, 30))).toMatchObject({ period: 'office', primary: 'quinta-mulder' });
    expect(who('steenwijkerland', at(2026, 11, 23, 22)).label).toBe('Dienstdoende specialist PZ ANW-pool Drenthe & Steenwijkerland (ANW)');
  });

  it('offers everyone else in the pool at once as the last step, without repeating anyone', () => {
    const { plan } = router.plan('oostelijk-zuid-limburg', 'spoed', at(2026, 11, 28, 3));
    const everyone = plan.flatMap((step) => step.personIds);
    expect(new Set(everyone).size).toBe(everyone.length);
    expect(plan[2]!.personIds).toEqual(expect.arrayContaining(['els-vermeulen', 'noor-willems', 'hanna-peters']));
    expect(plan.map((s) => s.waitMinutes)).toEqual([5, 5, 10]);
  });

  it('uses longer waits for less urgent requests', () => {
    expect(router.plan('westelijke-mijnstreek', 'deze-week', at(2026, 11, 23, 10)).plan.map((s) => s.waitMinutes)).toEqual([240, 240, 480]);
  });

  it('reports no gaps in the demo rosters for the coming 14 days', () => {
    for (const roster of network.rosters) expect(router.gaps(roster, at(2026, 11, 23, 0), at(2026, 12, 7, 0))).toEqual([]);
  });
});

const baseRoster = (shifts: RosterConfig['rotation']['weeks'][number], overrides: unknown[] = []): RosterConfig =>
  RosterConfigSchema.parse({
    id: 'test',
    name: 'Test',
    covers: { kind: 'anw', poolId: 'p' },
    rotation: { startsOn: '2026-01-05', weeks: [shifts] },
    overrides,
  });

describe('shifts across daylight-saving changes keep their local clock times', () => {
  const nights = baseRoster([{ days: ['za'], from: '17:00', to: '08:00', personId: 'a', position: 'primary' }]);

  it('a Saturday night shift into Sunday 29 March 2026 (summer time) lasts 14 hours', () => {
    const [shift] = expandRoster(nights, at(2026, 3, 28, 0), at(2026, 3, 29, 12));
    expect([shift!.start, shift!.end]).toEqual([at(2026, 3, 28, 17), at(2026, 3, 29, 8)]);
    expect((shift!.end - shift!.start) / HOUR).toBe(14);
  });

  it('a Saturday night shift into Sunday 25 October 2026 (winter time) lasts 16 hours', () => {
    const [shift] = expandRoster(nights, at(2026, 10, 24, 0), at(2026, 10, 25, 12));
    expect((shift!.end - shift!.start) / HOUR).toBe(16);
    const index = new RosterIndex(expandRoster(nights, at(2026, 10, 24, 0), at(2026, 10, 25, 12)));
    expect(index.onCall(Date.parse('2026-10-25T01:30:00Z')).primary).toBe('a'); // 02:30 winter time, the repeated hour
    expect(index.onCall(at(2026, 10, 25, 8)).primary).toBeUndefined();
  });
});

describe('who is on call: exactly one primary', () => {
  /** A week fully covered by consecutive primary shifts, cut at random points, plus random swaps. */
  const weekStart = at(2026, 3, 23, 0);
  const weekEnd = at(2026, 3, 30, 0);
  const coveredWeek = fc
    .record({
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: 7 * 24 * 4 - 1 }), { maxLength: 30 }),
      swaps: fc.array(fc.record({ from: fc.integer({ min: 0, max: 7 * 24 * 4 }), quarters: fc.integer({ min: 1, max: 48 }), person: fc.constantFrom('x', 'y') }), { maxLength: 5 }),
    })
    .map(({ cuts, swaps }) => {
      const quarter = (n: number) => weekStart + n * 15 * 60_000;
      const points = [0, ...cuts.sort((a, b) => a - b), 7 * 24 * 4];
      const shifts: Shift[] = points.slice(1).map((end, i) => ({ start: quarter(points[i]!), end: quarter(end), personId: `p${i}`, position: 'primary', tier: TIERS.rotation }));
      for (const swap of swaps) shifts.push({ start: quarter(swap.from), end: quarter(swap.from + swap.quarters), personId: swap.person, position: 'primary', tier: TIERS.override });
      return shifts;
    });

  it('every instant in a fully covered week resolves to exactly one primary, an override where one applies', () => {
    fc.assert(
      fc.property(coveredWeek, fc.integer({ min: weekStart, max: weekEnd - 1 }), (shifts, t) => {
        const index = new RosterIndex(shifts);
        const onCall = index.onCall(t);
        expect(typeof onCall.primary).toBe('string');
        const override = shifts.find((s) => s.tier === TIERS.override && s.start <= t && s.end > t);
        if (override) expect(['x', 'y']).toContain(onCall.primary);
      }),
      { numRuns: 500 },
    );
  });
});

describe('coverage gaps', () => {
  it('finds the office hours nobody is rostered for, and only those', () => {
    const config = RosterConfigSchema.parse({
      id: 'gappy',
      name: 'Gappy',
      covers: { kind: 'office', subRegionId: 'westelijke-mijnstreek' },
      rotation: { startsOn: '2026-01-05', weeks: [[{ days: ['ma', 'di', 'wo', 'do', 'vr'], from: '08:00', to: '12:00', personId: 'els-vermeulen', position: 'primary' }]] },
    });
    const gapRouter = new Router(network.directory, network.pools, [config]);
    const gaps = gapRouter.gaps(config, at(2026, 11, 23, 0), at(2026, 11, 25, 0));
    expect(gaps).toEqual([
      { start: at(2026, 11, 23, 12), end: at(2026, 11, 23, 17) },
      { start: at(2026, 11, 24, 12), end: at(2026, 11, 24, 17) },
    ]);
  });
});

describe('what an office roster is in force for: office hours, not holidays, nights or weekends', () => {
  const office = network.rosters.find((r) => r.id === 'kantoor-oostelijk-zuid-limburg')!;
  const anw = network.rosters.find((r) => r.id === 'anw-zuid-limburg')!;
  const primaries = (shifts: { start: number; end: number; personId: string; position: string }[]) =>
    shifts.filter((s) => s.position === 'primary').map(({ start, end, personId }) => ({ start, end, personId }));

  it('does not answer on Nieuwjaarsdag, Friday 1 January 2027, though its rotation has Joke on Fridays; it does on Friday 8 January', () => {
    expect(router.answersAt(office, at(2027, 1, 1, 10))).toBe(false);
    expect(router.answersAt(anw, at(2027, 1, 1, 10))).toBe(true);
    expect(router.rosterFor('oostelijk-zuid-limburg', at(2027, 1, 1, 10)).roster?.id).toBe('anw-zuid-limburg');
    expect(router.answersAt(office, at(2027, 1, 8, 10))).toBe(true);
    expect(router.answersAt(office, at(2027, 1, 8, 20))).toBe(false);
  });

  it('has its next hand-over on Nieuwjaarsdag at the next real office shift, Monday 4 January 08:00', () => {
    expect(router.nextHandoverInForce(office, at(2027, 1, 1, 10))).toEqual({ at: at(2027, 1, 4, 8), primary: 'hanna-peters' });
    expect(router.nextHandoverInForce(office, at(2027, 1, 8, 10))).toEqual({ at: at(2027, 1, 11, 8), primary: 'hanna-peters' });
  });

  it('passes over Eerste Kerstdag: on Thursday evening 24 December 2026 the next office shift is Monday 28 December', () => {
    expect(router.nextHandoverInForce(office, at(2026, 12, 24, 20))).toEqual({ at: at(2026, 12, 28, 8), primary: 'hanna-peters' });
  });

  it('leaves the office shift of Nieuwjaarsdag out of the shifts in force, and keeps Thursday and Monday', () => {
    expect(primaries(router.shiftsInForce(office, at(2026, 12, 31, 0), at(2027, 1, 5, 0)))).toEqual([
      { start: at(2026, 12, 31, 8), end: at(2026, 12, 31, 17), personId: 'hanna-peters' },
      { start: at(2027, 1, 4, 8), end: at(2027, 1, 4, 17), personId: 'hanna-peters' },
    ]);
  });

  it('cuts an office shift that runs into the evening at 17:00, and counts an ANW week from Monday 17:00', () => {
    const late = RosterConfigSchema.parse({
      id: 'late',
      name: 'Late',
      covers: { kind: 'office', subRegionId: 'westelijke-mijnstreek' },
      rotation: { startsOn: '2026-01-05', weeks: [[{ days: ['vr'], from: '08:00', to: '20:00', personId: 'els-vermeulen', position: 'primary' }]] },
    });
    const lateRouter = new Router(network.directory, network.pools, [late]);
    expect(primaries(lateRouter.shiftsInForce(late, at(2026, 12, 28, 0), at(2027, 1, 11, 0)))).toEqual([
      { start: at(2027, 1, 8, 8), end: at(2027, 1, 8, 17), personId: 'els-vermeulen' },
    ]);
    const week = primaries(router.shiftsInForce(anw, at(2027, 1, 4, 0), at(2027, 1, 11, 0)));
    expect(week.at(-1)).toEqual({ start: at(2027, 1, 4, 17), end: at(2027, 1, 11, 0), personId: 'ivo-coenen' });
  });
});
