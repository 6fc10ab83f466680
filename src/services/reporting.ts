import type { NetworkDirectory } from '../domain/directory.js';
import { kpiFigures, type AcpFacts, type KpiFigures } from '../domain/outcomes.js';
import { parsePeriod, previousPeriod, quarterOf, type ReportingPeriod } from '../domain/reportingPeriod.js';
import { consultStatistics, mdoStatistics, type ConsultStatistics, type MdoStatistics } from '../domain/statistics.js';
import type { QuarterPoint } from '../reports/trendChart.js';
import type { Repositories } from '../store/store.js';

export interface ReportScope {
  regionId: string;
  subRegionIds: string[];
  label: string;
}

export interface ReportingSources {
  store: Pick<Repositories, 'consults' | 'contacts' | 'deaths' | 'mdo'>;
  directory: NetworkDirectory;
  acpFacts: (patientRef: string) => Promise<AcpFacts | undefined>;
  clock: () => Date;
}

const DAY_MS = 86_400_000;

/** The consultation figures and outcome KPIs for one scope and period, as the bot and `npm run report` show them. */
export async function reportFigures(sources: ReportingSources, scope: ReportScope, period: ReportingPeriod): Promise<{ stats: ConsultStatistics; kpis: KpiFigures; mdo: MdoStatistics }> {
  const before = previousPeriod(period);
  // One read for both periods: the closed consults of their months overlap.
  const [both, contacts, deaths, meetings] = await Promise.all([
    sources.store.consults.requestedBetween(new Date(before.start), new Date(period.end)),
    // A year of contacts before the period counts for the involvement KPI.
    sources.store.contacts.recordedBetween(new Date(period.start - 366 * DAY_MS), new Date(period.end), scope.regionId),
    sources.store.deaths.inRegion(scope.regionId),
    sources.store.mdo.meetings(),
  ]);
  const acps = new Map(await Promise.all(deaths.map(async (death) => [death.patientRef, await sources.acpFacts(death.patientRef)] as const)));
  const requestedIn = (p: ReportingPeriod) => both.filter((c) => Date.parse(c.createdAt) >= p.start && Date.parse(c.createdAt) < p.end);
  const [consults, earlier] = [requestedIn(period), requestedIn(before)];
  const stats = consultStatistics({
    period,
    subRegionIds: scope.subRegionIds,
    consults,
    contacts,
    previousRequested: earlier.filter((c) => scope.subRegionIds.includes(c.request.subRegionId)).length,
    previousLabel: before.label,
    directory: sources.directory,
  });
  const kpis = kpiFigures({ period, deaths, acpFor: (patientRef) => acps.get(patientRef), contacts });
  const mdo = mdoStatistics({
    period,
    subRegionIds: scope.subRegionIds,
    meetings,
    kernteam: (id) => sources.directory.kernteam(id),
    isSpecialist: (personId) => sources.directory.person(personId)?.role === 'specialist',
  });
  return { stats, kpis, mdo };
}

/** Requested and accepted per quarter, for the six quarters up to the one `start` falls in. */
export async function quarterlyPoints(sources: ReportingSources, subRegionIds: readonly string[], start: number): Promise<QuarterPoint[]> {
  let quarter = parsePeriod(quarterOf(start), sources.clock())!;
  const quarters = [quarter];
  for (let i = 0; i < 5; i++) quarters.unshift((quarter = previousPeriod(quarter)));
  const consults = (await sources.store.consults.requestedBetween(new Date(quarters[0]!.start), new Date(quarters.at(-1)!.end))).filter((c) =>
    subRegionIds.includes(c.request.subRegionId),
  );
  return quarters.map((q) => {
    const within = consults.filter((c) => Date.parse(c.createdAt) >= q.start && Date.parse(c.createdAt) < q.end);
    return { quarter: q.label, requested: within.length, accepted: within.filter((c) => c.acceptedAt).length };
  });
}
