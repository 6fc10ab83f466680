import { acpFactsOf } from '../domain/acpAccess.js';
import { readStoredSummary } from '../fhir/storedSummary.js';
import { localDay } from '../domain/calendar.js';
import type { NetworkDirectory } from '../domain/directory.js';
import { protect } from '../reports/statisticsTables.js';
import { statisticsCardData } from '../reports/statisticsView.js';
import { kpiFigures, type KpiFigures } from '../domain/outcomes.js';
import { parsePeriod, previousPeriod, quarterOf, type ReportingPeriod } from '../domain/reportingPeriod.js';
import { consultStatistics, mdoStatistics, type ConsultStatistics, type MdoStatistics } from '../domain/statistics.js';
import type { QuarterPoint } from '../reports/trendChart.js';
import type { Repositories } from '../store/store.js';

export interface ReportScope {
  regionId: string;
  subRegionIds: string[];
  label: string;
}

/** What a report reads: the chat and `npm run report` pass the same, so they cannot differ. */
export interface ReportingSources {
  store: Pick<Repositories, 'consults' | 'contacts' | 'deaths' | 'mdo' | 'acps'>;
  directory: NetworkDirectory;
  clock: () => Date;
}

const DAY_MS = 86_400_000;

/** Every sub-region of the scope's region: what the region's figures may read, however narrow the view. */
function regionSubRegions(sources: ReportingSources, scope: ReportScope): string[] {
  return sources.directory.regions.find((region) => region.id === scope.regionId)?.subRegions.map((subRegion) => subRegion.id) ?? scope.subRegionIds;
}

export interface Report {
  stats: ConsultStatistics;
  kpis: KpiFigures;
  mdo: MdoStatistics;
  /** The statistics card's data after disclosure control; the KPI export is this, as a table. */
  card: ReturnType<typeof statisticsCardData>;
}

/**
 * The consultation figures and outcome KPIs for one scope and period: the one function behind the
 * statistics card, `export kpi` and `npm run report -- kpi`. The scope applies to every figure.
 */
export async function report(sources: ReportingSources, scope: ReportScope, period: ReportingPeriod): Promise<Report> {
  const before = previousPeriod(period);
  // One read for both periods: the closed consults of their months overlap.
  const [both, contacts, deaths, meetings] = await Promise.all([
    sources.store.consults.requestedBetween(new Date(before.start), new Date(period.end), regionSubRegions(sources, scope)),
    // A year of contacts before the period counts for the involvement KPI.
    sources.store.contacts.tookPlaceBetween(new Date(period.start - 366 * DAY_MS), new Date(period.end), scope.regionId),
    // The KPIs count deaths in the period; a day either side, as the period's edges are local instants.
    sources.store.deaths.diedBetween(scope.regionId, localDay(new Date(period.start - DAY_MS)).date, localDay(new Date(period.end + DAY_MS)).date),
    sources.store.mdo.meetings(),
  ]);
  // The deaths' ACPs (KPI 19/28) and those of the patients with a contact (PZP conversations count for the living too).
  const acps = await acpFactsFor(sources, [...new Set([...deaths, ...contacts].map((record) => record.patientRef))]);
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
  const region = sources.directory.regions.find((r) => r.id === scope.regionId);
  const regionWide = !!region && region.subRegions.every((s) => scope.subRegionIds.includes(s.id));
  const kpis = kpiFigures({ period, subRegionIds: scope.subRegionIds, regionWide, deaths, acpFor: (patientRef) => acps.get(patientRef), contacts });
  const mdo = mdoStatistics({
    period,
    subRegionIds: scope.subRegionIds,
    meetings,
    kernteam: (id) => sources.directory.kernteam(id),
    isSpecialist: (personId) => sources.directory.person(personId)?.role === 'specialist',
  });
  const card = statisticsCardData(stats, { label: scope.label, narrowed: !regionWide, tapas: !!region?.tapas }, kpis, mdo);
  return { stats, kpis, mdo, card };
}

/** Read in slices, so thousands of deaths are a few queries and never all their summaries in memory at once. */
const ACP_SLICE = 1_000;

/** What the KPIs need of each patient's ACP. */
async function acpFactsFor(sources: ReportingSources, patientRefs: readonly string[]): Promise<Map<string, ReturnType<typeof acpFactsOf>>> {
  const facts = new Map<string, ReturnType<typeof acpFactsOf>>();
  for (let from = 0; from < patientRefs.length; from += ACP_SLICE) {
    for (const [patientRef, record] of await sources.store.acps.getMany(patientRefs.slice(from, from + ACP_SLICE))) {
      // Read as the ACP card reads it, so a summary stored in an older shape counts too.
      const summary = readStoredSummary(record.summary);
      if (summary) facts.set(patientRef, acpFactsOf(summary));
    }
  }
  return facts;
}

/** Requested and accepted per quarter, for the six quarters up to the one `start` falls in. */
export async function quarterlyPoints(sources: ReportingSources, subRegionIds: readonly string[], start: number): Promise<QuarterPoint[]> {
  let quarter = parsePeriod(quarterOf(start), sources.clock())!;
  const quarters = [quarter];
  for (let i = 0; i < 5; i++) quarters.unshift((quarter = previousPeriod(quarter)));
  const consults = await sources.store.consults.requestedBetween(new Date(quarters[0]!.start), new Date(quarters.at(-1)!.end), subRegionIds);
  return quarters.map((q) => {
    const within = consults.filter((c) => Date.parse(c.createdAt) >= q.start && Date.parse(c.createdAt) < q.end);
    const accepted = within.filter((c) => c.acceptedAt).length;
    // Requested minus accepted is a group too: both lines are protected as one table.
    const table = protect([{ key: 'accepted', label: '', value: accepted }, { key: 'other', label: '', value: within.length - accepted }], within.length);
    return { quarter: q.label, requested: within.length, accepted: table.isShown('accepted') ? accepted : null };
  });
}
