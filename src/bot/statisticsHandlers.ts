import type { Application } from '@microsoft/teams-ai';
import type { Person } from '../domain/network.js';
import { parsePeriod } from '../domain/reportingPeriod.js';
import { report, type Report } from '../services/reporting.js';
import { cardAttachment, renderCard } from './cards.js';
import { permittedPerson, type BotDependencies } from './context.js';

export const STATISTICS_COMMAND = /^\s*(statistiek|statistics|stats)\b(.*)$/i;

/**
 * Splits "2026-Q3 Westelijke Mijnstreek" into a period and a scope. The scope is a sub-region or
 * an ANW pool, limited to the asker's own region: a coordinator sees only their own network.
 */
function scopeOf(text: string, person: Person, deps: BotDependencies): { periodText: string; subRegionIds: string[]; label: string } | undefined {
  const region = deps.directory.regionOfPerson(person.id);
  if (!region) return undefined;
  const own = region.subRegions;
  const lower = text.toLowerCase();
  const named = [
    ...own.map((s) => ({ names: [s.id, s.name.toLowerCase()], subRegionIds: [s.id], label: s.name })),
    ...deps.router.pools.map((p) => ({ names: [p.id, p.name.toLowerCase()], subRegionIds: p.subRegionIds.filter((id) => own.some((s) => s.id === id)), label: `${p.name} (deel ${region.name})` })),
  ];
  for (const candidate of named) {
    const name = candidate.names.find((n) => lower.endsWith(n));
    if (name && candidate.subRegionIds.length > 0) return { periodText: text.slice(0, text.length - name.length), subRegionIds: candidate.subRegionIds, label: candidate.label };
  }
  return { periodText: text, subRegionIds: own.map((s) => s.id), label: region.name };
}

/** The figures a coordinator asked for, from "2026-Q3 Westelijke Mijnstreek"; undefined when the text is not understood. */
export async function statisticsFor(
  text: string,
  person: Person,
  deps: BotDependencies,
): Promise<(Report & { scopeLabel: string; subRegionIds: string[] }) | undefined> {
  const scope = scopeOf(text, person, deps);
  const period = scope && parsePeriod(scope.periodText, deps.clock());
  const regionId = deps.directory.regionOfPerson(person.id)?.id;
  if (!scope || !period || !regionId) return undefined;
  const figures = await report(deps, { regionId, subRegionIds: scope.subRegionIds, label: scope.label }, period);
  return { ...figures, scopeLabel: scope.label, subRegionIds: scope.subRegionIds };
}

export const UNKNOWN_PERIOD = (text: string) =>
  `Die periode of subregio ken ik niet: '${text}'. Voorbeelden: statistiek 2026-Q3, statistiek 2026-10, statistiek vorige maand, statistiek 2026-01-01..2026-03-31 Westelijke Mijnstreek.`;

export function registerStatisticsHandlers(app: Application, deps: BotDependencies): void {
  app.message(STATISTICS_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'stats.view');
    if (!person) return;
    const rest = (STATISTICS_COMMAND.exec(context.activity.text ?? '')?.[2] ?? '').trim();
    const result = await statisticsFor(rest, person, deps);
    if (!result) {
      await context.sendActivity(UNKNOWN_PERIOD(rest));
      return;
    }
    await deps.audit.record({ context, person }, 'stats.view', 'toegestaan', { detail: `${result.scopeLabel}, ${result.stats.period.label}` });
    await context.sendActivity({ attachments: [cardAttachment(renderCard('statistics', result.card))] });
  });
}
