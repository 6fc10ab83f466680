import type { Application } from '@microsoft/teams-ai';
import type { NetworkDirectory } from '../domain/directory.js';
import type { Person } from '../domain/network.js';
import type { RosterConfig } from '../domain/roster.js';
import type { Router } from '../domain/routing.js';
import { permittedPerson, type BotDependencies } from './context.js';
import { cardAttachment, renderCard } from './cards.js';
import { localRange, localWeekdayTime } from './format.js';
import { absentAt } from '../domain/absence.js';
import type { Swap } from '../domain/swap.js';
import type { AnwReason } from '../domain/calendar.js';
import { absenceLine } from './availabilityHandlers.js';

/** "di 24 nov. 08:00 – 17:00: Frank Geurts in plaats van Els Vermeulen". */
export function swapLine(swap: Swap, directory: NetworkDirectory): string {
  const name = (id: string) => directory.person(id)?.name ?? id;
  return `${localRange(swap.start, swap.end)}: ${name(swap.colleagueId)} in plaats van ${name(swap.proposerId)}`;
}

export const ROSTER_COMMAND = /^\s*(rooster|oncall|on-call|wie heeft dienst\??)\s*$/i;
export const GAPS_COMMAND = /^\s*(rooster gaten|roostergaten|gaps)\s*$/i;
const GAP_DAYS = 14;

/** The rosters that concern a person: their region's sub-regions, and the ANW pools those belong to. */
export function rostersInScope(person: Person, directory: NetworkDirectory, router: Router): RosterConfig[] {
  const subRegionIds = new Set(directory.subRegionsFor(person.id).map((s) => s.id));
  const poolIds = new Set(router.pools.filter((p) => p.subRegionIds.some((id) => subRegionIds.has(id))).map((p) => p.id));
  return router.rosters.filter((r) => (r.covers.kind === 'office' ? subRegionIds.has(r.covers.subRegionId) : poolIds.has(r.covers.poolId)));
}

function scopeText(roster: RosterConfig, directory: NetworkDirectory, router: Router): string {
  const covers = roster.covers;
  if (covers.kind === 'office') return `Kantoortijden, ${directory.subRegion(covers.subRegionId)?.name ?? covers.subRegionId}`;
  const pool = router.pools.find((p) => p.id === covers.poolId);
  return `ANW (avond, nacht, weekend, feestdagen) voor ${pool?.subRegionIds.map((id) => directory.subRegion(id)?.name ?? id).join(', ') ?? covers.poolId}`;
}

/** "feestdag: Nieuwjaar", "weekend", "avond of nacht": why it is not office hours now. */
function anwReasonText(reason: AnwReason | undefined): string {
  if (reason?.kind === 'holiday') return reason.name ? `feestdag: ${reason.name}` : 'feestdag';
  if (reason?.kind === 'no-office-day') return reason.weekday === 'za' || reason.weekday === 'zo' ? 'weekend' : 'geen kantoordag';
  return 'avond of nacht';
}

/**
 * Outside office hours an office roster is not in force, whatever its rotation says for the day:
 * the line says so and where consults go instead, by the same routing a request takes.
 */
function officeRosterNow(roster: RosterConfig, router: Router, now: number): string | undefined {
  if (roster.covers.kind !== 'office') return undefined;
  const routed = router.rosterFor(roster.covers.subRegionId, now);
  if (routed.period === 'office') return undefined;
  const instead = routed.roster ? `consulten gaan naar ${routed.roster.name}` : 'er is geen ANW-rooster voor deze subregio';
  return `buiten kantoortijd (${anwReasonText(routed.anwReason)}) — ${instead}`;
}

export function registerRosterHandlers(app: Application, deps: BotDependencies): void {
  const { directory, router, clock } = deps;
  // Someone on call who never installed the bot would be skipped; the coordinator should know.
  const describe = (personId: string | undefined, reachable: ReadonlySet<string>, at = clock().getTime()) => {
    const person = directory.person(personId ?? '');
    if (!person) return 'niemand ingeroosterd';
    const unreachable = reachable.has(person.id) ? '' : ' ⚠ nog niet bereikbaar via de chat (bot niet geïnstalleerd)';
    const absence = router.adjustments.absences().find((a) => a.personId === person.id && absentAt(a, at));
    const away = absence ? ` — afwezig, consulten naar ${directory.person(absence.replacementId ?? '')?.name ?? 'de volgende in de keten'}` : '';
    return `${person.name} (${person.discipline}), ${person.phone}${unreachable}${away}`;
  };

  app.message(ROSTER_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'roster.view');
    if (!person) return;
    const now = clock().getTime();
    await deps.refreshRouting();
    // An ANW roster shows its week as rostered, hand-over at the start of the shift included; an
    // office roster shows only what routing uses: its office hours, not nights, weekends or holidays.
    const shown = rostersInScope(person, directory, router).map((roster) => {
      const notInForce = officeRosterNow(roster, router, now);
      return {
        roster,
        notInForce,
        onCall: notInForce ? { backups: [] } : router.onCall(roster, now),
        handover: router.upcomingHandover(roster, now),
      };
    });
    const reachable = await deps.notifier.reachable(shown.flatMap(({ onCall, handover }) => [onCall.primary, ...onCall.backups, handover?.primary].filter((id): id is string => Boolean(id))));
    const swaps = await deps.store.swaps.approvedEndingAfter(new Date(now));
    const rosters = shown.map(({ roster, notInForce, onCall, handover }) => ({
      name: roster.name,
      scope: scopeText(roster, directory, router),
      lines: [
        ...(notInForce
          ? [{ label: 'Nu', value: notInForce }]
          : [
              { label: 'Nu dienstdoende', value: describe(onCall.primary, reachable) },
              { label: 'Achterwacht', value: onCall.backups.length ? onCall.backups.map((id) => describe(id, reachable)).join('; ') : 'geen' },
            ]),
        { label: 'Daarna', value: handover ? `${localWeekdayTime(handover.at)}: ${describe(handover.primary, reachable, handover.at)}` : 'geen wissel in de komende 7 dagen' },
        ...router.adjustments
          .absences()
          .filter((absence) => router.membersOf(roster).has(absence.personId))
          .map((absence) => ({ label: 'Afwezig', value: absenceLine(absence, directory, now) })),
        ...swaps.filter((swap) => swap.rosterId === roster.id).map((swap) => ({ label: 'Ruil', value: swapLine(swap, directory) })),
      ],
    }));
    const card = renderCard('roster', { title: 'Wie heeft dienst', subtitle: `Stand van ${localWeekdayTime(now)}`, rosters });
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  });

  app.message(GAPS_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'roster.gaps');
    if (!person) return;
    const now = clock().getTime();
    const until = now + GAP_DAYS * 86_400_000;
    await deps.refreshRouting();
    const inScope = rostersInScope(person, directory, router);
    // Only the hours a roster answers count: not an office roster's holidays, nights or weekends.
    const shifts = new Map(inScope.map((roster) => [roster.id, router.shiftsInForce(roster, now, until)]));
    const reachable = await deps.notifier.reachable([...new Set([...shifts.values()].flat().map((shift) => shift.personId))]);
    const rosters = inScope.map((roster) => {
      const gaps = router.gaps(roster, now, until).map((gap) => ({ label: 'Geen dienstdoende', value: localRange(gap.start, gap.end) }));
      // Someone the bot cannot reach is on the roster but misses every offer: as good as a gap.
      const unreachable = (shifts.get(roster.id) ?? [])
        .filter((shift) => !reachable.has(shift.personId))
        .map((shift) => ({ label: 'Niet bereikbaar', value: `${localRange(shift.start, shift.end)}: ${directory.person(shift.personId)?.name ?? shift.personId} (${shift.position === 'primary' ? 'dienstdoende' : 'achterwacht'})` }));
      const lines = [...gaps, ...unreachable];
      return { name: roster.name, scope: scopeText(roster, directory, router), lines: lines.length ? lines : [{ label: 'Dekking', value: 'volledig' }] };
    });
    const total = rosters.reduce((sum, r) => sum + r.lines.filter((l) => l.label !== 'Dekking').length, 0);
    const subtitle = `${localWeekdayTime(now)} tot ${localWeekdayTime(until)}: ${total === 0 ? 'geen gaten' : `${total} gat${total === 1 ? '' : 'en'}`}`;
    await context.sendActivity({ attachments: [cardAttachment(renderCard('roster', { title: 'Gaten in de roosters', subtitle, rosters }))] });
  });

}
