import { describe, expect, it } from 'vitest';
import type { ContactLogEntry } from '../../src/domain/contactLog.js';
import { kpiFigures, type AcpFacts, type DeathRecord } from '../../src/domain/outcomes.js';
import { parsePeriod } from '../../src/domain/reportingPeriod.js';

const q3 = parsePeriod('2026-Q3', new Date())!;
const WEST = 'westelijke-mijnstreek';
const EAST = 'oostelijk-zuid-limburg';
const death = (patientRef: string, dateOfDeath: string, place: DeathRecord['place'], notUnexpected = true, subRegionId: string | null = WEST): DeathRecord => ({
  patientRef, dateOfDeath, place, notUnexpected, regionId: 'mijnstreek', recordedBy: 'anna-de-vries', recordedAt: '2026-10-01T10:00:00Z', ...(subRegionId ? { subRegionId } : {}),
});
const contact = (patientRef: string, occurredAt: string, period: 'office' | 'anw' = 'office', subRegionId = WEST) => ({ patientRef, occurredAt, period, subRegionId }) as ContactLogEntry;
const facts = (hospitalUnwanted: boolean | undefined, conversationDate?: string): AcpFacts => ({ hospitalUnwanted, conversationDate });

// Six patients who died in Q3 2026, and one who died in Q2.
const deaths = [
  death('P-A', '2026-07-10', 'ziekenhuis'), // ACP: hospital unwanted; contacts 5 and 60 days before
  death('P-B', '2026-08-01', 'thuis'), // ACP: hospital acceptable; one ANW contact 2 days before
  death('P-C', '2026-09-30', 'ziekenhuis'), // no ACP; died in hospital
  death('P-D', '2026-09-15', 'onbekend'), // ACP says hospital unwanted, place unknown
  death('P-E', '2026-08-20', 'hospice', false), // unexpected: left out of every KPI
  death('P-G', '2026-09-01', 'thuis', true, null), // registered before deaths had a sub-region; last contact in the east
  death('P-F', '2026-06-30', 'thuis'), // Q2
];
const acp: Record<string, AcpFacts> = {
  'P-A': facts(true, '2026-03-01'),
  'P-B': facts(false, '2026-07-15'),
  'P-D': facts(true),
  'P-F': facts(true, '2026-08-01'),
  'P-H': facts(undefined, '2026-09-10'), // alive, a PZP conversation in Q3
};
const contacts = [
  contact('P-A', '2026-07-05T10:00:00Z'),
  contact('P-A', '2026-05-11T10:00:00Z'),
  contact('P-B', '2026-07-30T22:00:00Z', 'anw'),
  contact('P-B', '2026-08-02T10:00:00Z', 'anw'), // after death: not counted
  contact('P-C', '2025-08-01T10:00:00Z'), // more than a year before
  contact('P-G', '2026-08-20T10:00:00Z', 'office', EAST),
  contact('P-H', '2026-09-09T10:00:00Z'),
];
const figures = (subRegionIds = [WEST, EAST], regionWide = true) => kpiFigures({ period: q3, subRegionIds, regionWide, deaths, acpFor: (ref) => acp[ref], contacts });

describe('KPIs on a worked example', () => {
  it('counts deaths in the quarter by date of death, and the non-unexpected ones', () => {
    const all = figures();
    expect([all.deaths, all.notUnexpected, all.placeUnknown]).toEqual([6, 5, 1]);
  });

  it('KPI 19/28 (000:4084, 4160): hospital deaths the PZP called unwanted, among all non-unexpected deaths, unknown place included', () => {
    // P-A counts; P-C died in hospital without an ACP; P-D's place is unknown but stays in the denominator.
    const all = figures();
    expect([all.hospitalDeathUnwanted, all.notUnexpected]).toEqual([1, 5]);
  });

  it('counts PZP conversations held in the period of patients in scope, the living included (the approximation of KPI 23)', () => {
    // P-B (15 July) and P-H (10 September); P-A's was in March, P-D's has no date, P-F's patient died in Q2 and had no contact.
    expect(figures().acpConversations).toBe(2);
  });

  it('specialist involvement by the window of the last contact before death; a death before any contact counts as not involved', () => {
    const all = figures();
    // P-A 5 days, P-B 2 days, P-G 12 days before death; P-C's contact is over a year old; P-D had none.
    expect(all.involvement.map((bin) => [bin.firstWithin, bin.count])).toEqual([[30, 3], [91, 0], [182, 0], [365, 0]]);
    expect(all.notInvolved).toBe(2);
  });

  it('counts ANW contacts in the last 30 days, not those after death', () => {
    expect(figures().anwContactsLast30Days).toBe(1);
  });

  it('narrows to a sub-region: a death belongs to its registered sub-region, an older one to its last contact’s', () => {
    const east = figures([EAST], false);
    expect([east.deaths, east.notUnexpected, east.involvement[0]!.count]).toEqual([1, 1, 1]);
    const west = figures([WEST], false);
    expect([west.deaths, west.notUnexpected, west.hospitalDeathUnwanted]).toEqual([5, 4, 1]);
  });

  it('counts a death no sub-region can be found for only region-wide, and says how many there are', () => {
    const lost = [...deaths, death('P-Z', '2026-09-20', 'thuis', true, null)];
    const regionWide = kpiFigures({ period: q3, subRegionIds: [WEST, EAST], regionWide: true, deaths: lost, acpFor: (ref) => acp[ref], contacts });
    const west = kpiFigures({ period: q3, subRegionIds: [WEST], regionWide: false, deaths: lost, acpFor: (ref) => acp[ref], contacts });
    expect([regionWide.notUnexpected, west.notUnexpected, west.withoutSubRegion]).toEqual([6, 4, 1]);
  });

  it('gives zeros for a quarter without deaths', () => {
    const empty = kpiFigures({ period: parsePeriod('2025-Q1', new Date())!, subRegionIds: [WEST], regionWide: false, deaths, acpFor: () => undefined, contacts });
    expect([empty.deaths, empty.notUnexpected, empty.hospitalDeathUnwanted, empty.notInvolved]).toEqual([0, 0, 0, 0]);
  });
});
