import { randomUUID } from 'node:crypto';
import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import { containsBsnLikeNumber } from '../domain/bsn.js';
import { MAX_MESSAGE_CHARS, type Consult, type Refusal } from '../domain/consult.js';
import { NO_BSN } from '../domain/consultRequest.js';
import type { Person, Tapas } from '../domain/network.js';
import { may, type Action } from '../domain/permissions.js';
import { parseConsultText } from '../domain/intake.js';
import { normaliseConsultRef } from '../domain/references.js';
import { ALREADY_HANDLED, cardAction as registerCardAction, notice, STALE_CARD, type ActionOutcome } from './cardActions.js';
import { permittedPerson, personOf, refusedText, type BotDependencies } from './context.js';
import { showAcp } from './acpHandlers.js';
import { cardAttachment, renderCard } from './cards.js';
import { conversationData, historyText } from './consultView.js';
import { HISTORY_DAYS, tookPart } from '../services/consultService.js';
import { sourceIdOf } from './deliveries.js';
import { chatMessageHandler, isWaiting, supplementedText } from './consultMessages.js';
import { closeFormData, consultFormData, contactCountFrom, followUpValues, intakeValues, parseClosureSubmit, parseConsultSubmit } from './forms.js';
import { mayFollowUp } from '../domain/followUp.js';

const CONSULT_COMMAND = /^\s*(consult|consult aanvragen|consult request|request consult)\s*$/i;
const CONSULT_WITH_TEXT = /^\s*consult(?:\s+aanvragen)?\s*[:,-]?\s+(\S[\s\S]*)$/i;
const LIST_COMMAND = /^\s*(consulten|mijn consulten|my consults)\s*$/i;
const SHOW_COMMAND = /^\s*consult\s+(c-[0-9a-z]{4})\s*$/i;
const CLOSE_COMMAND = /^\s*(afronden|close)\s+(\S+)\s*$/i;

const ConsultActionData = z.object({ consultId: z.uuid() });
// No length limit here: the consult refuses an over-long text with a message that says why (MAX_MESSAGE_CHARS).
const RelayActionData = ConsultActionData.extend({ text: z.string().trim().min(1) });
const FormActionData = z.object({ formId: z.uuid(), followUpOf: z.union([z.literal(''), z.uuid()]).optional() });
const PrefillActionData = z.object({ formId: z.uuid(), text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS) });


export function registerConsultHandlers(app: Application, deps: BotDependencies): void {
  const { directory, consults, notifier } = deps;
  const drafting = { canDraft: deps.modelAssistant !== undefined };

  // A redelivered action gets the consult's card as it stands now: by the consult id on the card, or the consult its form made.
  const currentCard = async (person: Person, data: { consultId?: string; formId?: string }): Promise<ActionOutcome> => {
    const consultId = data.consultId ?? (data.formId ? (await consults.fromForm(person.id, data.formId))?.id : undefined);
    return consultId ? viewerCard(consultId, person) : { card: ALREADY_HANDLED };
  };
  const cardAction = <T extends { consultId: string } | { formId: string }>(verb: string, action: Action, schema: z.ZodType<T>, handle: Parameters<typeof registerCardAction<T>>[5]) =>
    registerCardAction(app, deps, verb, action, schema, handle, currentCard);

  /** The card of this consult as the viewer sees it, or a refusal that reveals nothing when they are no party to it. */
  async function viewerCard(consultId: string, person: Person, refusal?: Refusal, note = ''): Promise<ActionOutcome> {
    const consult = await deps.store.consults.get(consultId);
    if (!consult || !tookPart(consult, person.id)) return { card: STALE_CARD, result: 'geweigerd', detail: 'geen partij bij dit consult' };
    return {
      card: await notifier.cardFor(consult, person.id, { notice: refusal?.message ?? note }),
      consult,
      ...(refusal ? { result: 'geweigerd' as const, detail: refusal.code } : {}),
    };
  }

  const refusalOf = (outcome: { ok: true } | { ok: false; refusal: Refusal }) => (outcome.ok ? undefined : outcome.refusal);

  app.message(CONSULT_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'consult.request');
    if (!person) return;
    const card = renderCard('consult-form', { formId: randomUUID(), ...consultFormData(person, directory) });
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  });

  /** The consult form, pre-filled from the user's own words by the rules; nothing is sent until they submit. */
  /** The consult form filled in from a free-text request; nothing is sent until they submit. */
  async function prefilledForm(context: TurnContext, person: Person, text: string, formId: string = randomUUID()) {
    const intake = parseConsultText(text);
    const rules = intakeValues(intake, deps.clock());
    const model = await deps.modelAssistant?.suggestConsult(context, text);
    const values = model ? { ...rules, ...model, ...(model.dimensions ? { dimensions: model.dimensions.join(',') } : {}) } : rules;
    return renderCard('consult-form', { formId, ...consultFormData(person, directory, values, {}, { ageInText: intake.patientAge }) });
  }

  async function sendPrefilledForm(context: TurnContext, person: Person, text: string): Promise<void> {
    await context.sendActivity({ attachments: [cardAttachment(await prefilledForm(context, person, text))] });
  }

  /** The form for a follow-up question, filled in from the closed consult; nothing is sent until they submit. */
  async function sendFollowUpForm(context: TurnContext, person: Person, previous: Consult, question: string): Promise<void> {
    const card = renderCard('consult-form', { formId: randomUUID(), ...consultFormData(person, directory, followUpValues(previous, question), {}, undefined, previous) });
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  app.message((context) => Promise.resolve(CONSULT_WITH_TEXT.test(context.activity.text ?? '') && !SHOW_COMMAND.test(context.activity.text ?? '')), async (context) => {
    const person = await permittedPerson(context, deps, 'consult.request');
    if (!person || (await refusedText(context, deps, person, 'consult.request', context.activity.text ?? ''))) return;
    await sendPrefilledForm(context, person, context.activity.text ?? '');
  });

  app.message(LIST_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'consult.list');
    if (!person) return;
    const history = await consults.historyOf(person.id);
    if (history.length === 0) {
      await context.sendActivity(`U heeft geen lopende consulten en geen consulten die in de afgelopen ${HISTORY_DAYS} dagen zijn afgerond.`);
      return;
    }
    for (const consult of history) await deps.audit.record({ context, person }, 'consult.list', 'toegestaan', { consult });
    await context.sendActivity(historyText(history, HISTORY_DAYS));
  });

  app.message(SHOW_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'consult.list');
    if (!person) return;
    const ref = normaliseConsultRef(SHOW_COMMAND.exec(context.activity.text ?? '')?.[1] ?? '');
    const consult = ref ? await deps.store.consults.byRef(ref) : undefined;
    if (!consult || !tookPart(consult, person.id)) {
      await deps.audit.record({ context, person }, 'consult.view', 'geweigerd', { detail: 'geen deelnemer' });
      await context.sendActivity(`U heeft geen consult ${ref ?? ''} waaraan u deelnam. Typ "consulten" voor uw consulten.`.replace('  ', ' '));
      return;
    }
    await deps.audit.record({ context, person }, 'consult.view', 'toegestaan', { consult });
    await context.sendActivity({ attachments: [cardAttachment(await notifier.cardFor(consult, person.id))] });
  });

  app.message(CLOSE_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'consult.close');
    if (!person) return;
    const ref = normaliseConsultRef(CLOSE_COMMAND.exec(context.activity.text ?? '')?.[2] ?? '');
    const consult = ref ? await deps.store.consults.byRef(ref) : undefined;
    if (!consult || consult.acceptedBy !== person.id || consult.status !== 'geaccepteerd') {
      await deps.audit.record({ context, person }, 'consult.closeForm', 'geweigerd', { detail: 'geen houder' });
      await context.sendActivity(`U heeft geen geaccepteerd consult ${ref ?? ''} om af te ronden.`.replace('  ', ' '));
      return;
    }
    await deps.audit.record({ context, person }, 'consult.closeForm', 'toegestaan', { consult });
    const card = closeForm(consult, 1, {}, {}, drafting);
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  });

  // Anything else is an addition to a request, a message within a consult, or a command the bot does not know.
  app.activity(ActivityTypes.Message, chatMessageHandler(deps, { prefilled: sendPrefilledForm, followUp: sendFollowUpForm }));

  cardAction('consult.submit', 'consult.request', FormActionData, async (context, person, data, raw) => {
    const previous = data.followUpOf ? await deps.store.consults.get(data.followUpOf) : undefined;
    if (data.followUpOf && (!previous || !mayFollowUp(previous, person.id))) return { card: STALE_CARD, result: 'geweigerd', detail: 'geen afgerond consult van deze aanvrager' };
    const parsed = parseConsultSubmit(raw, directory.subRegionsFor(person.id).map((s) => s.id));
    if (!parsed.ok) {
      const card = renderCard('consult-form', { formId: data.formId, ...consultFormData(person, directory, parsed.values, parsed.errors, undefined, previous) });
      return { card, result: 'geweigerd', detail: `ongeldig formulier: ${Object.keys(parsed.errors).join(', ')}` };
    }
    const consult = await consults.request(person, parsed.value, data.formId, previous);
    // The form message now shows the status; remember it so it can be updated in place.
    if (context.activity.replyToId) await deps.store.cardHandles.save(consult.id, person.id, context.activity.replyToId);
    const current = (await deps.store.consults.get(consult.id)) ?? consult;
    return { card: await notifier.cardFor(current, person.id), consult: current };
  });

  cardAction('consult.accept', 'consult.respond', ConsultActionData, async (context, person, data) => {
    const outcome = await consults.accept(person, data.consultId);
    // Accepting makes the specialist one of the patient's treaters, who may see a shared ACP.
    const acp = outcome.ok ? await deps.acps.sharedAcpFor(outcome.consult) : undefined;
    if (acp) await showAcp(context, person, acp, deps, `na accepteren van ${outcome.ok ? outcome.consult.ref : ''}`);
    return viewerCard(data.consultId, person, refusalOf(outcome));
  });

  const DeclineData = ConsultActionData.extend({ declineReason: z.string().trim().max(300).optional() });
  cardAction('consult.decline', 'consult.respond', DeclineData, async (_context, person, data) => {
    // The reason is stored with the offer; one with a BSN-like number declines nothing.
    const problem = containsBsnLikeNumber(data.declineReason ?? '') ? { code: 'bsn' as const, message: `Er is niets gewijzigd. ${NO_BSN}` } : undefined;
    return viewerCard(data.consultId, person, problem ?? refusalOf(await consults.decline(person, data.consultId, data.declineReason ?? '')));
  });

  // The closed card stays as it is, with its advice; the follow-up form comes as a new message below it.
  cardAction('consult.followUp', 'consult.request', ConsultActionData, async (context, person, data) => {
    const previous = await deps.store.consults.get(data.consultId);
    if (!previous || !mayFollowUp(previous, person.id)) return viewerCard(data.consultId, person, { code: 'not-open', message: 'Een vervolgvraag kan alleen de aanvrager stellen, na het afronden.' });
    await sendFollowUpForm(context, person, previous, '');
    return viewerCard(data.consultId, person, undefined, 'Het formulier voor uw vervolgvraag staat hieronder.');
  });

  // Withdrawing takes two steps on the card: "Aanvraag intrekken" asks for the reason and a confirmation.
  const confirmStep = async (person: Person, consultId: string, problem?: Refusal): Promise<ActionOutcome> => {
    const consult = await deps.store.consults.get(consultId);
    if (!consult || consult.requesterId !== person.id) return viewerCard(consultId, person);
    return { card: await notifier.cardFor(consult, person.id, { notice: problem?.message ?? '', step: { confirmWithdraw: true } }), consult, ...(problem ? { result: 'geweigerd' as const, detail: problem.code } : {}) };
  };
  cardAction('consult.withdrawAsk', 'consult.request', ConsultActionData, async (_context, person, data) => confirmStep(person, data.consultId));

  const WithdrawData = ConsultActionData.extend({ withdrawReason: z.string().trim().max(300).optional() });
  cardAction('consult.withdraw', 'consult.request', WithdrawData, async (_context, person, data) => {
    const reason = data.withdrawReason ?? '';
    if (reason.length < 3) return confirmStep(person, data.consultId, { code: 'not-open', message: 'Geef een reden voor het intrekken; de specialist ziet deze. Er is niets ingetrokken.' });
    if (containsBsnLikeNumber(reason)) return confirmStep(person, data.consultId, { code: 'bsn', message: `Er is niets ingetrokken. ${NO_BSN}` });
    return viewerCard(data.consultId, person, refusalOf(await consults.withdraw(person, data.consultId, reason)));
  });

  cardAction('consult.closeForm', 'consult.close', ConsultActionData, async (_context, person, data, raw) => {
    const consult = await deps.store.consults.get(data.consultId);
    if (!consult || consult.acceptedBy !== person.id || consult.status !== 'geaccepteerd') return viewerCard(data.consultId, person);
    // "Contact toevoegen" posts what was filled in so far; keep it in the larger form.
    return { card: closeForm(consult, contactCountFrom(raw), raw, {}, drafting), consult };
  });

  cardAction('consult.close', 'consult.close', ConsultActionData, async (_context, person, data, raw) => {
    const consult = await deps.store.consults.get(data.consultId);
    if (!consult) return { card: STALE_CARD, result: 'geweigerd', detail: 'onbekend consult' };
    const parsed = parseClosureSubmit(raw, consult, deps.clock());
    if (!parsed.ok) {
      const card = closeForm(consult, parsed.contactCount, parsed.values, parsed.errors, drafting);
      return { card, consult, result: 'geweigerd', detail: `ongeldig formulier: ${Object.keys(parsed.errors).join(', ')}` };
    }
    return viewerCard(data.consultId, person, refusalOf(await consults.close(person, data.consultId, parsed.value)));
  });

  // The model drafts; the specialist edits and confirms. The draft only lives in the form until then.
  cardAction('consult.draftSummary', 'consult.close', ConsultActionData, async (context, person, data, raw) => {
    const consult = await deps.store.consults.get(data.consultId);
    if (!consult || consult.acceptedBy !== person.id || consult.status !== 'geaccepteerd') return viewerCard(data.consultId, person);
    const name = (id: string) => (id === consult.requesterId ? 'Aanvrager' : 'Specialist');
    const draft = await deps.modelAssistant?.draftSummary(context, consult.messages.map((m) => ({ from: name(m.fromPersonId), text: m.text })));
    const values = { ...(typeof raw === 'object' && raw !== null ? raw : {}), ...(draft ? { adviceSummary: draft } : {}) };
    const notice = draft ? 'Concept van het taalmodel: controleer en pas aan; er is nog niets opgeslagen.' : 'Er kon geen concept worden gemaakt; vat het advies zelf samen.';
    const card = closeForm(consult, contactCountFrom(raw), values, {}, { ...drafting, notice });
    return { card, consult, detail: draft ? 'concept gemaakt' : 'geen concept' };
  });

  cardAction('consult.refresh', 'consult.list', ConsultActionData, async (_context, person, data) => viewerCard(data.consultId, person));

  cardAction('consult.relay', 'consult.relay', RelayActionData, async (context, person, data) => {
    // Chosen from the card that asks where a message belongs: a request still waiting gets it as an addition.
    const chosen = await deps.store.consults.get(data.consultId);
    if (chosen && isWaiting(chosen) && chosen.requesterId === person.id && may(person.role, 'consult.request')) {
      const added = await consults.supplement(person, chosen.id, data.text, undefined, sourceIdOf(context));
      if (!added.ok) return { card: notice(added.refusal.message), consult: chosen, result: 'geweigerd', detail: added.refusal.code };
      return { card: notice(supplementedText(added.consult)), consult: added.consult, detail: 'aanvulling' };
    }
    const outcome = await consults.relay(person, data.text, data.consultId, sourceIdOf(context));
    if (outcome.ok === true) return { card: notice(`Uw bericht is doorgestuurd binnen consult ${outcome.consult.ref}.`), consult: outcome.consult };
    return { card: notice(outcome.ok === false ? outcome.refusal.message : 'Kies een consult.'), result: 'geweigerd', detail: outcome.ok === false ? outcome.refusal.code : 'keuze' };
  });

  // "Nieuw consult aanvragen" on the card that asks where a message belongs: the form, filled in from the message.
  cardAction('consult.prefill', 'consult.request', PrefillActionData, async (context, person, data) => ({ card: await prefilledForm(context, person, data.text, data.formId), detail: 'formulier uit bericht' }));

  // Registered last: a card action no handler knows (an old card, a forged verb) gets an answer, not an error.
  app.adaptiveCards.actionExecute(
    async (context) => context.activity.type === 'invoke' && context.activity.name === 'adaptiveCard/action',
    async (context) => {
      const person = personOf(context, directory);
      await deps.audit.record({ context, ...(person ? { person } : {}) }, 'onbekende-kaartactie', 'geweigerd');
      return STALE_CARD;
    },
  );

  /** The close form, with the conversation so far in a section the specialist can open. */
  function closeForm(consult: Consult, contactCount: number, values: unknown, errors: Record<string, string>, draft: { canDraft: boolean; notice?: string }) {
    return renderCard('consult-close', { ...closeFormData(consult, tapasFor(consult), deps.clock(), contactCount, values, errors, draft), ...conversationData(consult, directory) });
  }

  function tapasFor(consult: Consult): Tapas {
    return directory.regionOfSubRegion(consult.request.subRegionId)?.tapas ?? false;
  }

}

