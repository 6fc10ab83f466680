import type { Consult } from './consult.js';
import type { ContactLogEntry } from './contactLog.js';
import type { NetworkDirectory } from './directory.js';
import { wasHeld, type MdoMeeting } from './mdo.js';
import type { Kernteam } from './mdoSeries.js';
import type { ReportingPeriod } from './reportingPeriod.js';

/**
 * Consultation figures for coordinators. Everything counts groups, never individual clinicians
 * (001:262-265); what may be shown of them is decided by disclosure.ts.
 */

export type Tally = Record<string, number>;

const ranOut = (c: Consult): boolean => c.status === 'niet-beantwoord' || Boolean(c.exhaustedAt);

export interface ConsultStatistics {
  period: ReportingPeriod;
  requested: number;
  /** What became of the consults requested: a partition of `requested`. */
  accepted: number;
  unanswered: number;
  withdrawn: number;
  stillOpen: number;
  /** Minutes from request to accept: median and 90th percentile of the accepted consults. */
  timeToAccept: { n: number; median?: number; p90?: number };
  /** Consults that moved past their first step (decline or timeout), of those offered. */
  escalated: number;
  offered: number;
  byPeriod: Tally;
  byRequestedForm: Tally;
  bySetting: Tally;
  byRequesterDiscipline: Tally;
  /** How many different requesters each discipline's count is about. */
  requestersPerDiscipline: Tally;
  byDimension: Tally;
  byComplexity: Tally;
  contacts: number;
  contactMinutes: number;
  contactsByForm: Tally;
  contactsByPrestatie: Tally;
  distinctRequesters: number;
  distinctOrganisations: number;
  subRegionsWithoutRequests: string[];
  /** PC4 areas of the practices in scope that asked nothing in the period: is the team "breed bekend" (004:518-522)? */
  postcodesWithoutRequests: string[];
  previous: { label: string; requested: number };
}

const tally = <T>(items: T[], key: (item: T) => string | string[] | undefined): Tally => {
  const counts: Tally = {};
  for (const item of items) {
    const keys = key(item);
    for (const k of Array.isArray(keys) ? keys : keys === undefined ? [] : [keys]) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
};

/** Median: the middle value, or the mean of the two middle values for an even count. */
export function median(sorted: number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Percentile by the nearest-rank method: the smallest value with at least p% of values at or below it. */
export function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function consultStatistics(input: {
  period: ReportingPeriod;
  subRegionIds: readonly string[];
  consults: readonly Consult[];
  contacts: readonly ContactLogEntry[];
  previousRequested: number;
  previousLabel: string;
  directory: NetworkDirectory;
}): ConsultStatistics {
  const scope = new Set(input.subRegionIds);
  const inPeriod = (iso: string) => {
    const t = Date.parse(iso);
    return t >= input.period.start && t < input.period.end;
  };
  const consults = input.consults.filter((c) => scope.has(c.request.subRegionId) && inPeriod(c.createdAt));
  const contacts = input.contacts.filter((c) => scope.has(c.subRegionId) && inPeriod(c.occurredAt));
  const accepted = consults.filter((c) => c.acceptedAt);
  const waits = accepted.map((c) => (Date.parse(c.acceptedAt!) - Date.parse(c.createdAt)) / 60_000).sort((a, b) => a - b);
  const offered = consults.filter((c) => c.stepLog.length > 0);
  const requester = (c: Consult) => input.directory.person(c.requesterId);
  const requesters = new Set(consults.map((c) => c.requesterId));
  const organisations = new Set(consults.map((c) => requester(c)?.organisationId).filter(Boolean));
  const subRegionsWith = new Set(consults.map((c) => c.request.subRegionId));
  const discipline = (c: Consult) => requester(c)?.discipline ?? 'onbekend';
  const requestersOf: Record<string, Set<string>> = {};
  for (const c of consults) (requestersOf[discipline(c)] ??= new Set()).add(c.requesterId);
  const median_ = median(waits);
  const p90 = percentile(waits, 90);
  return {
    period: input.period,
    requested: consults.length,
    accepted: accepted.length,
    // Unanswered: the whole chain ran out with nobody accepting (the GP had to phone), whether or
    // not the GP withdrew it afterwards; `niet-beantwoord` is how such consults were stored before.
    unanswered: consults.filter((c) => !c.acceptedAt && ranOut(c)).length,
    withdrawn: consults.filter((c) => !c.acceptedAt && !ranOut(c) && c.status === 'ingetrokken').length,
    stillOpen: consults.filter((c) => !c.acceptedAt && !ranOut(c) && c.status !== 'ingetrokken').length,
    timeToAccept: { n: waits.length, ...(median_ !== undefined ? { median: median_ } : {}), ...(p90 !== undefined ? { p90 } : {}) },
    escalated: offered.filter((c) => c.stepLog.length > 1).length,
    offered: offered.length,
    byPeriod: tally(consults, (c) => c.period),
    byRequestedForm: tally(consults, (c) => c.request.form),
    bySetting: tally(consults, (c) => c.request.setting),
    byRequesterDiscipline: tally(consults, discipline),
    requestersPerDiscipline: Object.fromEntries(Object.entries(requestersOf).map(([key, people]) => [key, people.size])),
    byDimension: tally(consults, (c) => c.request.dimensions),
    byComplexity: tally(consults, (c) => c.request.complexity),
    contacts: contacts.length,
    contactMinutes: contacts.reduce((sum, c) => sum + c.minutes, 0),
    contactsByForm: tally(contacts, (c) => c.form),
    contactsByPrestatie: tally(contacts, (c) => c.prestatie ?? 'geen TAPA$'),
    distinctRequesters: requesters.size,
    distinctOrganisations: organisations.size,
    subRegionsWithoutRequests: input.subRegionIds.filter((id) => !subRegionsWith.has(id)).map((id) => input.directory.subRegion(id)?.name ?? id),
    postcodesWithoutRequests: postcodesWithout(input.directory, scope, organisations),
    previous: { label: input.previousLabel, requested: input.previousRequested },
  };
}

function postcodesWithout(directory: NetworkDirectory, scope: ReadonlySet<string>, asking: ReadonlySet<string | undefined>): string[] {
  const silent = new Set<string>();
  const active = new Set<string>();
  for (const region of directory.regions) {
    for (const organisation of region.organisations) {
      if (organisation.kind !== 'huisartsenpraktijk') continue;
      const subRegion = directory.subRegionForPostcode(organisation.postcode);
      if (!subRegion || !scope.has(subRegion.id)) continue;
      (asking.has(organisation.id) ? active : silent).add(organisation.postcode.slice(0, 4));
    }
  }
  return [...silent].filter((pc4) => !active.has(pc4)).sort();
}

/** MDO-PZ figures for one scope and period (KPI 4, 000:4020; 0-meting 000:3283). Counts only, never per clinician. */
export interface MdoStatistics {
  /** Meetings in the period whose attendance or at least one discussion was recorded. */
  meetingsHeld: number;
  /** Distinct patients discussed in those meetings. */
  patientsDiscussed: number;
  /** Distinct patients discussed who were newly marked as palliative. */
  newlyMarkedDiscussed: number;
  /** Distinct newly marked patients put on an MDO agenda in the period ("geregistreerd in de MDO-tool"). */
  newlyMarkedRegistered: number;
  /** Specialist PZ attendances at held meetings, summed over meetings. */
  specialistParticipations: number;
  /** How many different specialists PZ those attendances are about. */
  specialistsPresent: number;
  /** Held meetings with at least one specialist PZ present. */
  meetingsWithSpecialist: number;
}

export function mdoStatistics(input: {
  period: ReportingPeriod;
  subRegionIds: readonly string[];
  meetings: readonly MdoMeeting[];
  kernteam: (kernteamId: string) => Kernteam | undefined;
  isSpecialist: (personId: string) => boolean;
}): MdoStatistics {
  const scope = new Set(input.subRegionIds);
  const inScope = input.meetings.filter((m) => {
    const t = Date.parse(m.startsAt);
    const kernteam = input.kernteam(m.kernteamId);
    return kernteam && scope.has(kernteam.subRegionId) && t >= input.period.start && t < input.period.end;
  });
  const held = inScope.filter(wasHeld);
  const discussed = held.flatMap((m) => m.agenda.filter((item) => item.outcome?.discussed));
  const presentSpecialists = held.map((m) => (m.attendance?.present ?? []).filter(input.isSpecialist));
  const specialistsPresent = presentSpecialists.map((present) => present.length);
  return {
    meetingsHeld: held.length,
    patientsDiscussed: new Set(discussed.map((item) => item.patientRef)).size,
    newlyMarkedDiscussed: new Set(discussed.filter((item) => item.newlyMarked).map((item) => item.patientRef)).size,
    newlyMarkedRegistered: new Set(inScope.flatMap((m) => m.agenda.filter((item) => item.newlyMarked).map((item) => item.patientRef))).size,
    specialistParticipations: specialistsPresent.reduce((sum, n) => sum + n, 0),
    specialistsPresent: new Set(presentSpecialists.flat()).size,
    meetingsWithSpecialist: specialistsPresent.filter((n) => n > 0).length,
  };
}
