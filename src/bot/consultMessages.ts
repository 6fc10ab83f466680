import type { TurnContext } from 'botbuilder';
import type { Consult } from '../domain/consult.js';
import type { Person } from '../domain/network.js';
import { may } from '../domain/permissions.js';
import { mayFollowUp } from '../domain/followUp.js';
import { looksLikeConsultRequest } from '../domain/intake.js';
import { normaliseConsultRef } from '../domain/references.js';
import { permittedPerson, refusedText, UNKNOWN_COMMAND, type BotDependencies } from './context.js';
import { cardAttachment, renderCard } from './cards.js';
import { sourceIdOf } from './deliveries.js';

const ADDRESSED_MESSAGE = /^\s*(c-?[0-9a-z]{4})\s*[:>-]?\s+([\s\S]+)$/i;
/** "Aanvulling: …" says in so many words that the text belongs with a waiting request. */
const SUPPLEMENT_PREFIX = /^\s*aanvulling\s*[:,-]?\s*/i;

const isWaiting = (consult: Consult) => consult.status === 'ingediend' || consult.status === 'aangeboden';

/**
 * A chat message that is no command: an addition to a waiting request, a message within a
 * consult in conversation, or a command the bot does not know. `sendPrefilledForm` answers
 * someone who plainly asks for a new consult.
 */
export function chatMessageHandler(
  deps: BotDependencies,
  forms: {
    prefilled: (context: TurnContext, person: Person, text: string) => Promise<void>;
    followUp: (context: TurnContext, person: Person, previous: Consult, question: string) => Promise<void>;
  },
) {
  const { consults } = deps;

  async function supplement(context: TurnContext, person: Person, consult: Consult, text: string): Promise<void> {
    const outcome = await consults.supplement(person, consult.id, text.replace(SUPPLEMENT_PREFIX, '').trim() || text, undefined, sourceIdOf(context));
    await deps.audit.record({ context, person }, 'consult.supplement', outcome.ok ? 'toegestaan' : 'geweigerd', { consult, ...(outcome.ok ? {} : { detail: outcome.refusal.code }) });
    if (!outcome.ok) {
      await context.sendActivity(outcome.refusal.code === 'duplicate' ? 'Deze aanvulling was al doorgestuurd.' : outcome.refusal.message);
      return;
    }
    const deciding = outcome.consult.offers.filter((o) => !o.outcome).length;
    await context.sendActivity(
      deciding > 0
        ? `Uw aanvulling is toegevoegd aan consult ${consult.ref} en doorgestuurd naar ${deciding === 1 ? 'de specialist PZ die' : `de ${deciding} specialisten PZ die`} erover ${deciding === 1 ? 'beslist' : 'beslissen'}.`
        : `Uw aanvulling is toegevoegd aan consult ${consult.ref}; wie het consult krijgt aangeboden, ziet haar op de kaart.`,
    );
  }

  /** The request a message without a reference adds to: the only one waiting, when nothing is in conversation. */
  async function waitingTarget(person: Person, text: string): Promise<Consult[] | undefined> {
    if (!may(person.role, 'consult.request') || (await consults.conversationsOf(person.id)).length > 0) return undefined;
    const waiting = await consults.waitingRequestsOf(person.id);
    if (waiting.length === 0 || (!SUPPLEMENT_PREFIX.test(text) && looksLikeConsultRequest(text))) return undefined;
    return waiting;
  }

  return async (context: TurnContext): Promise<void> => {
    const person = await permittedPerson(context, deps, 'consult.relay', UNKNOWN_COMMAND);
    const text = (context.activity.text ?? '').trim();
    if (!person || !text || (await refusedText(context, deps, person, 'consult.relay', text))) return;
    const addressed = ADDRESSED_MESSAGE.exec(text);
    const ref = addressed ? normaliseConsultRef(addressed[1]!) : undefined;
    const target = ref ? await deps.store.consults.byRef(ref) : undefined;
    const body = target ? addressed![2]!.trim() : text;
    if (target && isWaiting(target) && target.requesterId === person.id) return supplement(context, person, target, body);
    if (target && mayFollowUp(target, person.id) && may(person.role, 'consult.request')) {
      await deps.audit.record({ context, person }, 'consult.followUpForm', 'toegestaan', { consult: target });
      return forms.followUp(context, person, target, body);
    }
    if (!ref) {
      const waiting = await waitingTarget(person, text);
      if (waiting?.length === 1) return supplement(context, person, waiting[0]!, text);
      if (waiting) {
        await context.sendActivity(`U heeft ${waiting.length} aanvragen die nog wachten. Zet de referentie voor uw aanvulling, bijvoorbeeld: ${waiting[0]!.ref}: ${text.replace(SUPPLEMENT_PREFIX, '').slice(0, 40)}`);
        return;
      }
    }
    // Someone without a conversation in progress who plainly asks for a consult gets the form, filled in.
    if (!ref && (await consults.conversationsOf(person.id)).length === 0 && may(person.role, 'consult.request') && looksLikeConsultRequest(text)) {
      await forms.prefilled(context, person, text);
      return;
    }
    const result = await consults.relay(person, body, target?.id, sourceIdOf(context));
    if (result.ok !== 'choose') {
      await deps.audit.record({ context, person }, 'consult.relay', result.ok ? 'toegestaan' : 'geweigerd', {
        ...(result.ok ? { consult: result.consult } : target ? { consult: target } : {}),
        ...(result.ok ? {} : { detail: result.refusal.code }),
      });
    }
    if (result.ok === 'choose') {
      const choices = result.consults.map((c) => ({ id: c.id, ref: c.ref, label: `${c.request.patientInitials} (${c.request.patientBirthYear})` }));
      const card = renderCard('consult-choose', { consults: choices, text, preview: text.slice(0, 200), exampleRef: choices[0]!.ref });
      await context.sendActivity({ attachments: [cardAttachment(card)] });
    } else if (!result.ok) {
      const known = (await consults.conversationsOf(person.id)).length > 0 || target;
      await context.sendActivity(known ? result.refusal.message : UNKNOWN_COMMAND);
    }
  };
}
