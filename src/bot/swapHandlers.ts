import { randomUUID } from 'node:crypto';
import type { Application } from '@microsoft/teams-ai';
import { z } from 'zod/v4';
import type { Person } from '../domain/network.js';
import { answerSwap, decideSwap, SWAP_STATUS_LABELS, type Swap, type SwapChange } from '../domain/swap.js';
import type { Action } from '../domain/permissions.js';
import { cardAction, notice, STALE_CARD, type ActionOutcome } from './cardActions.js';
import { cardAttachment, renderCard } from './cards.js';
import { permittedPerson, type BotDependencies } from './context.js';
import { localRange } from './format.js';

export const SWAP_COMMAND = /^\s*(rooster ruilen|dienst ruilen|ruilen)\s*$/i;
const SWAP_WEEKS = 4;
const MAX_SHIFTS = 20;

const ProposalData = z.object({
  formId: z.uuid(),
  // "<roster id>|<position>|<start>|<end>", as the form offered it.
  shift: z.string().regex(/^[a-z0-9-]+\|(primary|backup)\|\d+\|\d+$/, 'Kies een dienst.'),
  colleagueId: z.string().min(1).max(100),
});
const SwapData = z.object({ swapId: z.uuid() });

const POSITION_LABELS = { primary: 'dienstdoende', backup: 'achterwacht' } as const;

/**
 * `rooster ruilen`: a specialist offers one of their coming shifts to a colleague of the same
 * roster, who accepts or declines on a card; where the region asks for it a coordinator approves
 * too. An approved swap is a roster override: routing, `rooster` and the hand-overs follow it.
 */
export function registerSwapHandlers(app: Application, deps: BotDependencies): void {
  const { directory, router, clock, store } = deps;
  const name = (personId: string) => directory.person(personId)?.name ?? personId;
  const rosterOf = (rosterId: string) => router.rosters.find((roster) => roster.id === rosterId);

  /** The person's shifts still to come in the coming weeks, after every override, per roster. */
  const shiftsOf = (person: Person) => {
    const now = clock().getTime();
    return router.rostersOfMember(person.id).flatMap((roster) =>
      router
        .effectiveShifts(roster, now, now + SWAP_WEEKS * 7 * 86_400_000)
        .filter((shift) => shift.personId === person.id && shift.start > now)
        .map((shift) => ({ roster, shift })),
    );
  };

  const swapCard = (swap: Swap, text: string, actions: { title: string; verb: string; style: string }[] = []) =>
    renderCard('roster-swap', {
      title: 'Dienstruil',
      text,
      roster: rosterOf(swap.rosterId)?.name ?? swap.rosterId,
      shift: `${localRange(swap.start, swap.end)} (${POSITION_LABELS[swap.position]})`,
      proposer: name(swap.proposerId),
      colleague: name(swap.colleagueId),
      status: SWAP_STATUS_LABELS[swap.status],
      actions: actions.map((action) => ({ ...action, swapId: swap.id })),
    });

  const tell = (personId: string, text: string) => deps.notifier.inConversation(personId, (context) => context.sendActivity(text));
  const sendCard = (personId: string, card: ReturnType<typeof swapCard>) => deps.notifier.inConversation(personId, (context) => context.sendActivity({ attachments: [cardAttachment(card)] }));

  /** Stores a change from the version it was read at, and lets routing and the hand-over chains follow an approved swap. */
  const saveChange = async (change: SwapChange): Promise<{ swap: Swap } | { refused: string }> => {
    if (!change.ok) return { refused: change.message };
    if (!(await store.swaps.replace(change.swap))) return { refused: 'Deze ruil is intussen door iemand anders gewijzigd. Er is niets gewijzigd.' };
    if (change.swap.status === 'goedgekeurd') {
      await deps.refreshRouting();
      await deps.duties.planAll();
    }
    return { swap: change.swap };
  };

  const done = (swap: Swap) => `${name(swap.colleagueId)} neemt de dienst ${localRange(swap.start, swap.end)} (${rosterOf(swap.rosterId)?.name ?? swap.rosterId}) over van ${name(swap.proposerId)}; het rooster is aangepast.`;

  app.message(SWAP_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'roster.swap');
    if (!person) return;
    await deps.refreshRouting();
    const shifts = shiftsOf(person).slice(0, MAX_SHIFTS);
    if (shifts.length === 0) {
      await context.sendActivity(`U heeft de komende ${SWAP_WEEKS} weken geen diensten om te ruilen.`);
      return;
    }
    const colleagueIds = new Set(shifts.flatMap(({ roster }) => [...router.membersOf(roster)]));
    const colleagues = [...colleagueIds]
      .map((id) => directory.person(id))
      .filter((colleague): colleague is Person => Boolean(colleague) && colleague!.id !== person.id && colleague!.role === 'specialist')
      .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    const card = renderCard('roster-swap-form', {
      formId: randomUUID(),
      intro: 'Kies een dienst en de collega die hem overneemt. Uw collega krijgt een kaart om te accepteren of te weigeren.',
      shifts: shifts.map(({ roster, shift }) => ({
        title: `${roster.name}: ${localRange(shift.start, shift.end)} (${POSITION_LABELS[shift.position]})`,
        value: `${roster.id}|${shift.position}|${shift.start}|${shift.end}`,
      })),
      colleagues: colleagues.map((colleague) => ({ id: colleague.id, name: colleague.name })),
    });
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  });

  cardAction(app, deps, 'roster.swap.propose', 'roster.swap', ProposalData, async (_context, person, data): Promise<ActionOutcome> => {
    const [rosterId, position, start, end] = data.shift.split('|') as [string, 'primary' | 'backup', string, string];
    const roster = rosterOf(rosterId);
    await deps.refreshRouting();
    const mine = shiftsOf(person).some(({ roster: r, shift }) => r.id === rosterId && shift.position === position && shift.start === Number(start) && shift.end === Number(end));
    const refuse = (text: string, detail: string): ActionOutcome => ({ card: notice(`${text} Er is niets gewijzigd.`), result: 'geweigerd', detail });
    if (!roster || !mine) return refuse('Deze dienst is niet (meer) van u, of al begonnen.', 'dienst niet van de aanvrager');
    const colleague = directory.person(data.colleagueId);
    if (!colleague || colleague.role !== 'specialist' || colleague.id === person.id || !router.membersOf(roster).has(colleague.id)) {
      return refuse(`Alleen een specialist PZ van ${roster.name} kan deze dienst overnemen.`, 'collega niet van het rooster');
    }
    const region = directory.regionOfPerson(person.id);
    const swap: Swap = {
      id: data.formId,
      version: 1,
      rosterId,
      regionId: region?.id ?? '',
      proposerId: person.id,
      colleagueId: colleague.id,
      position,
      start: Number(start),
      end: Number(end),
      needsApproval: region?.rosterSwaps.coordinatorApproval ?? false,
      status: 'voorgesteld',
      proposedAt: clock().toISOString(),
    };
    await store.swaps.insert(swap);
    await sendCard(colleague.id, swapCard(swap, `${person.name} vraagt of u deze dienst wilt overnemen.`, [
      { title: 'Accepteren', verb: 'roster.swap.accept', style: 'positive' },
      { title: 'Weigeren', verb: 'roster.swap.decline', style: 'destructive' },
    ]));
    return { card: swapCard(swap, `Gevraagd aan ${colleague.name}.${swap.needsApproval ? ' Na een ja keurt de coördinator de ruil goed.' : ''}`), detail: `ruil ${swap.id} voorgesteld aan ${colleague.id}` };
  });

  const answer = (verb: string, accept: boolean) =>
    cardAction(app, deps, verb, 'roster.swap', SwapData, async (_context, person, data): Promise<ActionOutcome> => {
      const current = await store.swaps.get(data.swapId);
      if (!current) return { card: STALE_CARD, result: 'geweigerd', detail: 'onbekende ruil' };
      const outcome = await saveChange(answerSwap(current, person.id, accept, clock()));
      if ('refused' in outcome) return { card: notice(outcome.refused), result: 'geweigerd', detail: `ruil ${current.id}` };
      const { swap } = outcome;
      if (swap.status === 'goedgekeurd') await tell(swap.proposerId, done(swap));
      if (swap.status === 'afgewezen') await tell(swap.proposerId, `${person.name} neemt de dienst ${localRange(swap.start, swap.end)} niet over. Het rooster blijft zoals het was.`);
      if (swap.status === 'wacht-op-coordinator') {
        await tell(swap.proposerId, `${person.name} wil de dienst ${localRange(swap.start, swap.end)} overnemen; de ruil wacht nu op goedkeuring van de coördinator.`);
        for (const coordinator of directory.coordinatorsOf(swap.regionId)) {
          await sendCard(coordinator.id, swapCard(swap, 'Beide specialisten zijn akkoord. Keurt u de ruil goed?', [
            { title: 'Goedkeuren', verb: 'roster.swap.approve', style: 'positive' },
            { title: 'Afkeuren', verb: 'roster.swap.reject', style: 'destructive' },
          ]));
        }
      }
      return { card: swapCard(swap, ''), detail: `ruil ${swap.id}: ${swap.status}` };
    });
  answer('roster.swap.accept', true);
  answer('roster.swap.decline', false);

  const decide = (verb: string, approve: boolean, action: Action) =>
    cardAction(app, deps, verb, action, SwapData, async (_context, person, data): Promise<ActionOutcome> => {
      const current = await store.swaps.get(data.swapId);
      if (!current) return { card: STALE_CARD, result: 'geweigerd', detail: 'onbekende ruil' };
      if (person.role === 'coordinator' && !directory.coordinatorsOf(current.regionId).some((c) => c.id === person.id)) {
        return { card: notice('Deze ruil hoort bij een andere regio. Er is niets gewijzigd.'), result: 'geweigerd', detail: `ruil ${current.id}: andere regio` };
      }
      const outcome = await saveChange(decideSwap(current, person.id, approve, clock()));
      if ('refused' in outcome) return { card: notice(outcome.refused), result: 'geweigerd', detail: `ruil ${current.id}` };
      const { swap } = outcome;
      const text = approve ? done(swap) : `De coördinator heeft de ruil van de dienst ${localRange(swap.start, swap.end)} niet goedgekeurd. Het rooster blijft zoals het was.`;
      for (const personId of [swap.proposerId, swap.colleagueId]) await tell(personId, text);
      return { card: swapCard(swap, ''), detail: `ruil ${swap.id}: ${swap.status}` };
    });
  decide('roster.swap.approve', true, 'roster.approve');
  decide('roster.swap.reject', false, 'roster.approve');
}
