import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Consult, SharedFile } from '../domain/consult.js';
import type { Person } from '../domain/network.js';
import { may } from '../domain/permissions.js';
import { mayFollowUp } from '../domain/followUp.js';
import { estimatedBirthYear, looksLikeConsultRequest, parseConsultText, soundsClinical } from '../domain/intake.js';
import { normaliseConsultRef, TYPED_REF_BODY } from '../domain/references.js';
import { permittedPerson, refusedText, UNKNOWN_COMMAND, type BotDependencies } from './context.js';
import { cardAttachment, renderCard } from './cards.js';
import { sourceIdOf } from './deliveries.js';
import { fetchBytes, isAllowedHost, MAX_SHARED_FILE_BYTES, sharedFileOf } from './attachments.js';

/** Why a file cannot be passed on (not from an allowed host, too large, not to be fetched); undefined when it can. */
async function fileProblem(url: string, deps: BotDependencies): Promise<{ detail: string; message: string } | undefined> {
  if (!isAllowedHost(url, deps.attachmentHosts, deps.attachmentsFromLoopback)) return { detail: 'bijlage van een niet-toegestane bron', message: 'Het komt niet van een toegestane bron.' };
  const fetched = await fetchBytes(url, MAX_SHARED_FILE_BYTES);
  return fetched.ok ? undefined : { detail: 'bijlage te groot of niet op te halen', message: fetched.problem };
}

const ADDRESSED_MESSAGE = new RegExp(String.raw`^\s*(c${TYPED_REF_BODY})\s*[:>-]?\s+([\s\S]+)$`, 'i');
/** A file sent with only the reference as its text. */
const BARE_REF = /^\s*(c-[0-9a-z]{4})\s*:?\s*$/i;
/** "Aanvulling: …" says in so many words that the text belongs with a waiting request. */
const SUPPLEMENT_PREFIX = /^\s*aanvulling\s*[:,-]?\s*/i;

/** Whether the text gives an age that fits none of these consults' patients (a birth year one off: the birthday may be to come). */
function aboutAnotherPatient(text: string, consults: readonly Consult[], today: Date): boolean {
  const age = parseConsultText(text).patientAge;
  if (age === undefined) return false;
  const born = estimatedBirthYear(age, today);
  return consults.every((consult) => Math.abs(consult.request.patientBirthYear - born) > 1);
}

export const isWaiting = (consult: Consult) => consult.status === 'ingediend' || consult.status === 'aangeboden';

/** What the requester reads once an addition is on a waiting request. */
export function supplementedText(consult: Consult): string {
  const deciding = consult.offers.filter((o) => !o.outcome).length;
  return deciding > 0
    ? `Uw aanvulling is toegevoegd aan consult ${consult.ref} en doorgestuurd naar ${deciding === 1 ? 'de specialist PZ die' : `de ${deciding} specialisten PZ die`} erover ${deciding === 1 ? 'beslist' : 'beslissen'}.`
    : `Uw aanvulling is toegevoegd aan consult ${consult.ref}; wie het consult krijgt aangeboden, ziet haar op de kaart.`;
}

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

  async function supplement(context: TurnContext, person: Person, consult: Consult, text: string, file?: SharedFile): Promise<void> {
    const addition = text.replace(SUPPLEMENT_PREFIX, '').trim();
    if (!addition && !file) {
      await context.sendActivity(`Schrijf uw aanvulling erachter, bijvoorbeeld: Aanvulling: sinds vanochtend niet meer aanspreekbaar. Er is niets toegevoegd aan consult ${consult.ref}.`);
      return;
    }
    const outcome = await consults.supplement(person, consult.id, addition, file, sourceIdOf(context));
    const detail = outcome.ok ? (file ? 'met bestand' : undefined) : outcome.refusal.code;
    await deps.audit.record({ context, person }, 'consult.supplement', outcome.ok ? 'toegestaan' : 'geweigerd', { consult, ...(detail ? { detail } : {}) });
    if (!outcome.ok) {
      await context.sendActivity(outcome.refusal.code === 'duplicate' ? 'Deze aanvulling was al doorgestuurd.' : outcome.refusal.message);
      return;
    }
    await context.sendActivity(supplementedText(outcome.consult));
  }

  /**
   * Which consult a message without a reference belongs to is not clear: the sender has a request waiting beside a
   * conversation, or several conversations, or the message reads as a new request (another patient's details must not
   * reach the specialist of this one). The card lets them choose, or start a new request from the text; `formId` is that
   * new request's form, so a press that Teams delivers twice makes one.
   */
  async function askWhich(context: TurnContext, text: string, conversations: readonly Consult[], waiting: readonly Consult[], newRequest: boolean): Promise<void> {
    const label = (c: Consult) => `${c.request.patientInitials} (${c.request.patientBirthYear})`;
    const choices = [
      ...conversations.map((c) => ({ id: c.id, ref: c.ref, label: label(c) })),
      ...waiting.map((c) => ({ id: c.id, ref: c.ref, label: `${label(c)} · aanvulling` })),
    ];
    const card = renderCard('consult-choose', { consults: choices, text, preview: text.slice(0, 200), exampleRef: choices[0]!.ref, newRequest, hasWaiting: waiting.length > 0, formId: randomUUID() });
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  /**
   * A file goes to the waiting request or the conversation it is addressed to (or the only one),
   * once it is known to come from an allowed host and to be at most 10 MB; either way it is audited.
   */
  async function passOnFile(context: TurnContext, person: Person, file: SharedFile, target: Consult | undefined, text: string): Promise<void> {
    const conversations = await consults.conversationsOf(person.id);
    const waiting = conversations.length === 0 && may(person.role, 'consult.request') ? await consults.waitingRequestsOf(person.id) : [];
    const consult = target ?? (conversations.length === 1 ? conversations[0] : conversations.length === 0 && waiting.length === 1 ? waiting[0] : undefined);
    if (!consult) {
      const several = conversations.length > 1 || waiting.length > 1;
      await context.sendActivity(
        several
          ? `Het bestand is niet doorgestuurd: bij welk consult hoort het? Stuur het opnieuw met de referentie als tekst erbij, bijvoorbeeld ${(conversations[0] ?? waiting[0])!.ref}.`
          : 'Het bestand is niet doorgestuurd: u heeft geen lopend consult om het bij te plaatsen.',
      );
      return;
    }
    const problem = await fileProblem(file.url, deps);
    if (problem) {
      await deps.audit.record({ context, person }, 'consult.file', 'geweigerd', { consult, detail: problem.detail });
      await context.sendActivity(`Het bestand is niet doorgestuurd en niet bewaard. ${problem.message}`);
      return;
    }
    if (isWaiting(consult) && consult.requesterId === person.id) return supplement(context, person, consult, text, file);
    const outcome = await consults.shareFile(person, consult.id, file, text, sourceIdOf(context));
    await deps.audit.record({ context, person }, 'consult.file', outcome.ok ? 'toegestaan' : 'geweigerd', { consult, detail: outcome.ok ? 'bestand doorgestuurd' : outcome.refusal.code });
    if (!outcome.ok) await context.sendActivity(outcome.refusal.code === 'duplicate' ? 'Dit bestand was al doorgestuurd.' : outcome.refusal.message);
    else await context.sendActivity(`Uw bestand is doorgestuurd binnen consult ${consult.ref}.`);
  }

  /** After the close, a question without a reference may be a follow-up: say how to ask it. A clinical text may be a new request. */
  async function followUpHint(person: Person, text: string): Promise<string> {
    const closed = (await consults.historyOf(person.id)).find((c) => mayFollowUp(c, person.id));
    if (!closed && may(person.role, 'consult.request') && soundsClinical(text)) {
      return `Wilt u hierover een consult aanvragen? Typ "consult" en daarachter uw vraag, bijvoorbeeld "consult ${text.slice(0, 60)}${text.length > 60 ? '…' : ''}": dan staat het formulier voor u klaar, ingevuld. Of typ "help".`;
    }
    if (!closed) return UNKNOWN_COMMAND;
    return `U heeft geen lopend consult voor dit bericht. Is het een vervolgvraag bij consult ${closed.ref}? Stuur dan "${closed.ref}: ${text.slice(0, 60)}${text.length > 60 ? '…' : ''}" of kies Vervolgvraag op de kaart van dat consult.`;
  }

  return async (context: TurnContext): Promise<void> => {
    const person = await permittedPerson(context, deps, 'consult.relay', UNKNOWN_COMMAND);
    const text = (context.activity.text ?? '').trim();
    const file = sharedFileOf(context.activity.attachments);
    if (!person || (!text && !file) || (await refusedText(context, deps, person, 'consult.relay', text))) return;
    const addressed = ADDRESSED_MESSAGE.exec(text) ?? (file ? BARE_REF.exec(text) : null);
    const ref = addressed ? normaliseConsultRef(addressed[1]!) : undefined;
    const target = ref ? await deps.store.consults.byRef(ref) : undefined;
    const body = target ? (addressed![2] ?? '').trim() : text;
    if (file) return passOnFile(context, person, file, target, body);
    if (target && isWaiting(target) && target.requesterId === person.id) return supplement(context, person, target, body);
    if (target && mayFollowUp(target, person.id) && may(person.role, 'consult.request')) {
      await deps.audit.record({ context, person }, 'consult.followUpForm', 'toegestaan', { consult: target });
      return forms.followUp(context, person, target, body);
    }
    if (!ref && may(person.role, 'consult.request')) {
      const conversations = await consults.conversationsOf(person.id);
      const waiting = await consults.waitingRequestsOf(person.id);
      const supplementSaid = SUPPLEMENT_PREFIX.test(text);
      // In a conversation, a question about its patient ("welke dosering gebruikt mw nu?") is for the other party: only a
      // patient whose age does not fit any open consult's makes the text a new request.
      const newRequest = !supplementSaid && looksLikeConsultRequest(text) && (conversations.length === 0 || aboutAnotherPatient(text, conversations, deps.clock()));
      // An addition goes to a waiting request: "Aanvulling: …" always, any other text when nothing is in conversation.
      if (waiting.length > 0 && (supplementSaid || (conversations.length === 0 && !newRequest))) {
        if (waiting.length === 1) return supplement(context, person, waiting[0]!, text);
        await context.sendActivity(`U heeft ${waiting.length} aanvragen die nog wachten. Zet de referentie voor uw aanvulling, bijvoorbeeld: ${waiting[0]!.ref}: ${text.replace(SUPPLEMENT_PREFIX, '').slice(0, 40)}`);
        return;
      }
      // Someone with nothing open who plainly asks for a consult gets the form, filled in.
      if (newRequest && conversations.length === 0 && waiting.length === 0) return forms.prefilled(context, person, text);
      if (newRequest || (conversations.length > 0 && waiting.length > 0 && !supplementSaid)) return askWhich(context, text, conversations, waiting, newRequest);
    }
    const result = await consults.relay(person, body, target?.id, sourceIdOf(context));
    if (result.ok !== 'choose') {
      await deps.audit.record({ context, person }, 'consult.relay', result.ok ? 'toegestaan' : 'geweigerd', {
        ...(result.ok ? { consult: result.consult } : target ? { consult: target } : {}),
        ...(result.ok ? {} : { detail: result.refusal.code }),
      });
    }
    if (result.ok === 'choose') await askWhich(context, text, result.consults, [], false);
    else if (!result.ok) {
      const known = (await consults.conversationsOf(person.id)).length > 0 || target;
      await context.sendActivity(known ? result.refusal.message : await followUpHint(person, text));
    }
  };
}
