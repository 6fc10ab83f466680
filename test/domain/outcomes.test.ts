import { describe, expect, it } from 'vitest';
import type { ContactLogEntry } from '../../src/domain/contactLog.js';
import { kpiFigures, type AcpFacts, type DeathRecord } from '../../src/domain/outcomes.js';
import { parsePeriod } from '../../src/domain/reportingPeriod.js';

const q3 = parsePeriod('2026-Q3', new Date())!;
const death = (patientRef: string, dateOfDeath: string, place: DeathRecord['place'], notUnexpected = true): DeathRecord => ({
  patientRef, dateOfDeath, place, notUnexpected, regionId: 'mijnstreek', recordedBy: 'anna-de-vries', recordedAt: '2026-10-01T10:00:00Z',
});
const contact = (patientRef: string, recordedAt: string, period: 'office' | 'anw' = 'office') => ({ patientRef, recordedAt, period }) as ContactLogEntry;

// Five patients who died in Q3 2026, and one who died in Q2.
const deaths = [
  death('P-A', '2026-07-10', 'ziekenhuis'), // ACP: hospital unwanted; contacts 5 and 60 days before
  death('P-B', '2026-08-01', 'thuis'), // ACP: hospital acceptable; one ANW contact 2 days before
  death('P-C', '2026-09-30', 'ziekenhuis'), // no ACP; died in hospital
  death('P-D', '2026-09-15', 'onbekend'), // ACP says hospital unwanted, place unknown
  death('P-E', '2026-08-20', 'hospice', false), // unexpected: left out of every KPI
  death('P-F', '2026-06-30', 'thuis'), // Q2
];
const acp: Record<string, AcpFacts> = { 'P-A': { hospitalUnwanted: true }, 'P-B': { hospitalUnwanted: false }, 'P-D': { hospitalUnwanted: true }, 'P-F': { hospitalUnwanted: true } };
const contacts = [
  contact('P-A', '2026-07-05T10:00:00Z'),
  contact('P-A', '2026-05-11T10:00:00Z'),
  contact('P-B', '2026-07-30T22:00:00Z', 'anw'),
  contact('P-B', '2026-08-02T10:00:00Z', 'anw'), // after death: not counted
  contact('P-C', '2025-08-01T10:00:00Z'), // more than a year before
];

describe('KPIs on a worked example', () => {
  const figures = kpiFigures({ period: q3, deaths, acpFor: (ref) => acp[ref], contacts });

  it('counts deaths in the quarter by date of death, and the non-unexpected ones', () => {
    expect([figures.deaths, figures.notUnexpected, figures.placeUnknown]).toEqual([5, 4, 1]);
  });

  it('KPI 23: share of non-unexpected deaths with an ACP (a patient without one counts in the denominator only)', () => {
    expect([figures.withAcp.numerator, figures.withAcp.denominator]).toEqual([3, 4]);
    expect(figures.withAcp.definition).toContain('000:4096');
  });

  it('KPI 19/28: hospital deaths the ACP called unwanted, among deaths with a known place', () => {
    // P-A counts; P-C died in hospital without an ACP; P-D's place is unknown.
    expect([figures.hospitalDeathUnwanted.numerator, figures.hospitalDeathUnwanted.denominator]).toEqual([1, 3]);
  });

  it('specialist involvement 30, 91, 182 and 365 days before death; a death before any contact counts as not involved', () => {
    expect(figures.specialistInvolved.map((r) => [r.days, r.numerator, r.denominator])).toEqual([
      [30, 2, 4],
      [91, 2, 4],
      [182, 2, 4],
      [365, 2, 4],
    ]);
  });

  it('counts ANW contacts in the last 30 days, not those after death', () => {
    expect(figures.anwContactsLast30Days).toMatchObject({ contacts: 1, patients: 4 });
  });

  it('gives zeros for a quarter without deaths', () => {
    const empty = kpiFigures({ period: parsePeriod('2025-Q1', new Date())!, deaths, acpFor: () => undefined, contacts });
    expect([empty.deaths, empty.withAcp.denominator, empty.hospitalDeathUnwanted.denominator]).toEqual([0, 0, 0]);
  });
});
