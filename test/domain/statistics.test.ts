import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import '../../src/config/zodMessages.js';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import * as lifecycle from '../../src/domain/consult.js';
import { decline, offerToNextStep } from '../../src/domain/paging.js';
import type { Consult, Transition } from '../../src/domain/consult.js';
import { parsePeriod, previousPeriod } from '../../src/domain/reportingPeriod.js';
import { Router } from '../../src/domain/routing.js';
import { consultStatistics, median, percentile } from '../../src/domain/statistics.js';

const network = loadNetwork('data');
const router = new Router(network.directory, network.pools, network.rosters);
const at = (y: number, m: number, d: number, h: number, min = 0) => new Date(new TZDate(y, m - 1, d, h, min, 'Europe/Amsterdam').getTime());
const MIJNSTREEK = ['westelijke-mijnstreek', 'oostelijk-zuid-limburg'];
let sequence = 0;

const ok = (t: Transition): Consult => {
  if (!t.ok) throw new Error(t.refusal.message);
  return t.consult;
};

/** A consult as the bot would have made it at that local time, with what happened after. */
function consult(
  when: Date,
  fields: { subRegionId?: string; requesterId?: string; form?: 'telefonisch' | 'bedside' | 'digitaal'; setting?: 'thuis' | 'hospice' },
  after: { acceptedAfterMinutes?: number; declinedFirst?: boolean; unanswered?: boolean; withdrawn?: boolean } = {},
): Consult {
  const subRegionId = fields.subRegionId ?? 'westelijke-mijnstreek';
  const { period, plan } = router.plan(subRegionId, 'vandaag', when.getTime());
  sequence++;
  let c = lifecycle.newConsult({
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`, ref: `C-${String(sequence).padStart(4, '0')}`, formId: `f${sequence}`,
    requesterId: fields.requesterId ?? 'anna-de-vries', patientRef: 'P-X', period, plan, now: when,
    request: {
      patientInitials: 'A.', patientBirthYear: 1940, localPatientNumber: undefined, setting: fields.setting ?? 'thuis', subRegionId,
      form: fields.form ?? 'telefonisch', urgency: 'vandaag', complexity: 'complex', dimensions: ['fysiek', 'sociaal'], question: 'vraag over pijn', callbackPhone: '046 411 0101',
    },
  });
  c = ok(offerToNextStep(c, when, () => true));
  if (after.declinedFirst) c = ok(decline(c, lifecycle.pendingOffers(c)[0]!.personId, '', when, () => true));
  if (after.acceptedAfterMinutes !== undefined) {
    c = ok(lifecycle.accept(c, lifecycle.pendingOffers(c)[0]!.personId, new Date(when.getTime() + after.acceptedAfterMinutes * 60_000)));
  }
  if (after.withdrawn) c = ok(lifecycle.withdraw(c, c.requesterId, when));
  if (after.unanswered) while (!c.exhaustedAt) c = ok(decline(c, lifecycle.pendingOffers(c)[0]!.personId, '', when, () => true));
  return c;
}

const october = parsePeriod('2026-10', new Date('2026-11-22T12:00:00Z'))!;
const octoberConsults = [
  consult(at(2026, 10, 2, 16, 59), {}, { acceptedAfterMinutes: 4 }),
  consult(at(2026, 10, 2, 17, 0), { form: 'bedside' }, { acceptedAfterMinutes: 10 }),
  consult(at(2026, 10, 3, 10), { subRegionId: 'oostelijk-zuid-limburg', requesterId: 'bram-janssen' }, { declinedFirst: true, acceptedAfterMinutes: 7 }),
  consult(at(2026, 10, 5, 9), { requesterId: 'carla-hermans', setting: 'hospice' }, { unanswered: true }),
  consult(at(2026, 10, 6, 11), { subRegionId: 'oostelijk-zuid-limburg', requesterId: 'daan-smeets' }, { acceptedAfterMinutes: 20 }),
  consult(at(2026, 10, 7, 11), {}, { withdrawn: true }),
  consult(at(2026, 11, 1, 0, 0), {}, { acceptedAfterMinutes: 1 }), // 1 November 00:00 local: outside October
  consult(at(2026, 10, 8, 11), { subRegionId: 'noord-drenthe', requesterId: 'pieter-bakker' }, { acceptedAfterMinutes: 1 }), // another region
];

function statsFor(consults: Consult[], period = october) {
  return consultStatistics({ period, subRegionIds: MIJNSTREEK, consults, contacts: [], previousRequested: 3, previousLabel: 'september 2026', directory: network.directory });
}

describe('consultation figures, computed by hand', () => {
  const stats = statsFor(octoberConsults);

  it('counts requested, accepted, unanswered and withdrawn in the period and region only', () => {
    expect([stats.requested, stats.accepted, stats.unanswered, stats.withdrawn]).toEqual([6, 4, 1, 1]);
  });

  it('splits office and ANW at Friday 17:00 and counts a Saturday as ANW', () => {
    expect(stats.byPeriod).toEqual({ office: 4, anw: 2 });
  });

  it('takes the median of an even count as the mean of the middle two, and p90 by nearest rank', () => {
    // Waits 4, 7, 10, 20 minutes.
    expect(stats.timeToAccept).toEqual({ n: 4, median: 8.5, p90: 20 });
    expect([median([1, 2, 3, 4, 5]), percentile([1, 2, 3, 4, 5], 90)]).toEqual([3, 5]);
    expect(percentile([5, 1, 9].sort((a, b) => a - b), 50)).toBe(5);
  });

  it('counts escalations among offered consults, reach, and mixes', () => {
    expect([stats.escalated, stats.offered]).toEqual([2, 6]); // one decline, and the one declined until unanswered
    expect([stats.distinctRequesters, stats.distinctOrganisations]).toEqual([4, 4]);
    expect(stats.byRequestedForm).toEqual({ telefonisch: 5, bedside: 1 });
    expect(stats.bySetting).toEqual({ thuis: 5, hospice: 1 });
    expect(stats.byRequesterDiscipline).toEqual({ huisarts: 4, wijkverpleegkundige: 1, 'specialist ouderengeneeskunde': 1 });
    expect(stats.byDimension).toEqual({ fysiek: 6, sociaal: 6 });
    expect(stats.subRegionsWithoutRequests).toEqual([]);
    // Every demo practice in Mijnstreek asked something: De Linde (6131) and Schaesberg (6372).
    expect(stats.postcodesWithoutRequests).toEqual([]);
  });

  it('counts a public holiday as ANW (Hemelvaartsdag 2026)', () => {
    const may = parsePeriod('2026-05', new Date())!;
    const holiday = statsFor([consult(at(2026, 5, 14, 10), {}), consult(at(2026, 5, 15, 10), {})], may);
    expect(holiday.byPeriod).toEqual({ anw: 1, office: 1 });
  });

  it('gives zeros and no percentiles for an empty period, and names every sub-region as without requests', () => {
    const empty = statsFor([], parsePeriod('2025-Q1', new Date())!);
    expect([empty.requested, empty.accepted, empty.timeToAccept]).toEqual([0, 0, { n: 0 }]);
    expect(empty.subRegionsWithoutRequests).toEqual(['Westelijke Mijnstreek', 'Oostelijk Zuid-Limburg']);
    expect(empty.postcodesWithoutRequests).toEqual(['6131', '6372']);
  });
});

describe('reporting periods in Dutch local time', () => {
  const now = new Date('2026-11-22T12:00:00Z');

  it.each([
    ['2026-Q3', '2026-07-01', '2026-10-01', '2026-Q3'],
    ['2026-10', '2026-10-01', '2026-11-01', 'oktober 2026'],
    ['vorige maand', '2026-10-01', '2026-11-01', 'oktober 2026'],
    ['', '2026-10-01', '2027-01-01', '2026-Q4'],
    ['2026-01-01..2026-03-31', '2026-01-01', '2026-04-01', '2026-01-01 t/m 2026-03-31'],
  ])('reads "%s"', (text, start, end, label) => {
    const period = parsePeriod(text, now)!;
    expect(period.start).toBe(at(Number(start.slice(0, 4)), Number(start.slice(5, 7)), Number(start.slice(8, 10)), 0).getTime());
    expect(period.end).toBe(at(Number(end.slice(0, 4)), Number(end.slice(5, 7)), Number(end.slice(8, 10)), 0).getTime());
    expect(period.label).toBe(label);
  });

  it('refuses what is not a period', () => {
    for (const text of ['gisteren', '2026-13', '2026-02-30..2026-03-01', '2026-Q5']) expect(parsePeriod(text, now)).toBeUndefined();
  });

  it('compares a quarter with the quarter before, across a year', () => {
    expect(previousPeriod(parsePeriod('2026-Q1', now)!).label).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2026-10', now)!).label).toBe('september 2026');
  });
});
