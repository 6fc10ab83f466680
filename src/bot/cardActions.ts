import type { AdaptiveCard, Application } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { z } from 'zod/v4';
import type { AuditResult } from '../domain/audit.js';
import type { Consult } from '../domain/consult.js';
import type { Person } from '../domain/network.js';
import { may, type Action } from '../domain/permissions.js';
import { renderCard } from './cards.js';
import { NOT_ALLOWED, personOf, UNKNOWN_PERSON, type BotDependencies } from './context.js';

/** What a card action shows (a card in place of the one pressed, or a text for the presser only), and what the audit trail records about it. */
export interface ActionOutcome {
  card: AdaptiveCard | string;
  result?: AuditResult;
  consult?: Consult;
  patientRef?: string;
  detail?: string;
}

export const notice = (text: string, title = ''): AdaptiveCard => renderCard('notice', { title, text });
const STALE_TEXT = 'Deze kaart is niet (meer) geldig. Er is niets gewijzigd. Typ "consulten" voor uw lopende consulten.';
export const STALE_CARD = notice(STALE_TEXT);
/** What a redelivered action shows when there is no current card of its object to show instead. */
export const ALREADY_HANDLED = notice('Deze actie is al ontvangen en verwerkt. Er is niets dubbel gedaan.');
const NOT_ALLOWED_CARD = notice(`${NOT_ALLOWED} Er is niets gewijzigd.`);

/**
 * Registers a card action: only for a known person whose role permits `action` (any known
 * person when it is undefined, for checks the handler makes itself), with data validated by
 * `schema`. Every outcome, refusals included, is written to the audit trail before the card is shown.
 * A redelivered action (same conversation and activity id) runs nothing: it gets `current`, the
 * card of the object as it stands now (audited like any view): the same kind of answer as the first, never an error.
 */
export function cardAction<T>(
  app: Application,
  deps: BotDependencies,
  verb: string,
  action: Action | undefined,
  schema: z.ZodType<T>,
  handle: (context: TurnContext, person: Person, data: T, raw: unknown) => Promise<ActionOutcome>,
  current: (person: Person, data: T) => Promise<ActionOutcome> = async () => ({ card: ALREADY_HANDLED }),
): void {
  app.adaptiveCards.actionExecute(verb, async (context, _state, raw) => {
    // Claimed before anything else, refusals included, so a redelivery can never run the effect.
    const first = await deps.deliveries.isFirst(context);
    const person = personOf(context, deps.directory);
    // A card in a channel is the same for everyone there: a refusal must not replace it.
    const inChannel = context.activity.conversation?.conversationType === 'channel';
    if (!person || (action && !may(person.role, action))) {
      await deps.audit.record({ context, ...(person ? { person } : {}) }, verb, 'geweigerd', { detail: person ? 'rol' : 'onbekende gebruiker' });
      if (inChannel) return person ? `${NOT_ALLOWED} Er is niets gewijzigd.` : UNKNOWN_PERSON;
      return person ? NOT_ALLOWED_CARD : notice(UNKNOWN_PERSON);
    }
    const parsed = schema.safeParse(raw);
    const outcome: ActionOutcome = !parsed.success
      ? { card: inChannel ? STALE_TEXT : STALE_CARD, result: 'geweigerd', detail: 'ongeldige kaartgegevens' }
      : first
        ? await handle(context, person, parsed.data, raw)
        : await replayed(current(person, parsed.data));
    await deps.audit.record({ context, person }, verb, outcome.result ?? 'toegestaan', {
      ...(outcome.consult ? { consult: outcome.consult } : outcome.patientRef ? { patientRef: outcome.patientRef } : {}),
      ...(outcome.detail ? { detail: outcome.detail } : {}),
    });
    return outcome.card;
  });
}

async function replayed(current: Promise<ActionOutcome>): Promise<ActionOutcome> {
  const outcome = await current;
  return { ...outcome, detail: ['herhaalde bezorging, niets uitgevoerd', outcome.detail].filter(Boolean).join(': ') };
}
