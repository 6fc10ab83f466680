import { containsBsnLikeNumber } from './bsn.js';
import type { Period } from './calendar.js';
import { BSN_NOT_SENT, type ConsultRequest } from './consultRequest.js';

/**
 * The consult lifecycle as pure functions. Each transition takes the current consult and returns
 * either the next version or a refusal with a Dutch message; nothing here does I/O.
 *
 *   ingediend → aangeboden → geaccepteerd → afgerond
 *                   ↺ (weigeren of geen antwoord binnen de wachttijd: volgende stap; na de
 *                      laatste stap begint de keten opnieuw, `loops` keer; daarna blijft het
 *                      consult open en hoort de coördinator het)
 *
 * An offer never expires while the consult is unanswered: a step adds people, and whoever
 * accepts first has it. A consult is never dropped; only the requester ends it unanswered.
 *   ingediend/aangeboden → ingetrokken (door de aanvrager)
 * `niet-beantwoord` is kept for consults stored before offers stopped expiring.
 * Moving through the offer plan (steps, declines, timeouts, re-notifications) is in paging.ts.
 */

export type ConsultStatus = 'ingediend' | 'aangeboden' | 'geaccepteerd' | 'afgerond' | 'niet-beantwoord' | 'ingetrokken';

/** One step of the offer plan: everyone in it is offered the consult at the same time. */
export interface OfferStep {
  label: string;
  personIds: string[];
  /** How long to wait for an accept before moving on; without it, only a decline moves on. */
  waitMinutes?: number;
}

/** Why the consult moved to a step: recorded with a timestamp for time-to-accept and escalation figures. */
export interface StepEntry {
  step: number;
  at: string;
  /** `repeat`: the chain started again after its last step. */
  trigger: 'request' | 'decline' | 'timeout' | 'repeat';
  /** Which pass through the chain (0 for the first). */
  round?: number;
}

/** How insistently an unanswered consult pages, taken from the region when it is requested. */
export interface Paging {
  /** Open offers are sent again every this many minutes. */
  renotifyMinutes: number;
  /** How many times the chain starts again after its last step. */
  loops: number;
}

/** A re-notification of everyone with an open offer. */
export interface Renotification {
  at: string;
  personIds: string[];
}

export type OfferOutcome = 'geaccepteerd' | 'geweigerd' | 'overgeslagen' | 'vervallen';

export interface Offer {
  personId: string;
  step: number;
  offeredAt: string;
  outcome?: OfferOutcome;
  outcomeAt?: string;
  reason?: string;
}

/** A file shared in the chat: a link to where Teams keeps it, never the file itself. */
export interface SharedFile {
  name: string;
  url: string;
  contentType?: string;
}

export interface RelayedMessage {
  fromPersonId: string;
  at: string;
  text: string;
  /** The chat message it came from, so a redelivered message is relayed once. */
  sourceId?: string;
  file?: SharedFile;
}

/** What the requester added to a request still waiting for a specialist. */
export type Supplement = RelayedMessage;

export interface Closure {
  outcome: string;
  adviceSummary: string;
  contactIds: string[];
}

export interface Consult {
  id: string;
  ref: string;
  /** The id of the form that was submitted, so a double-clicked submit makes one consult. */
  formId: string;
  version: number;
  status: ConsultStatus;
  requesterId: string;
  patientRef: string;
  request: ConsultRequest;
  createdAt: string;
  /** Office hours or ANW at the moment of the request; decides which roster was used. */
  period: Period;
  /** Snapshot taken at request time, so later roster edits do not change a running offer. */
  plan: OfferStep[];
  stepIndex: number;
  /** When the current step times out (persisted, so a restart keeps the time). */
  stepDeadline?: string;
  stepLog: StepEntry[];
  offers: Offer[];
  acceptedBy?: string;
  acceptedAt?: string;
  closedAt?: string;
  closure?: Closure;
  messages: RelayedMessage[];
  /** Additions by the requester while the request waits for a specialist. */
  supplements?: Supplement[];
  /** The consult this one follows up, asked after that one was closed. */
  followUpOf?: { consultId: string; ref: string };
  /** Why the requester withdrew the request; the specialists offered it see this. */
  withdrawReason?: string;
  /** Set when the retention period removed the free text; the structured facts remain. */
  purgedAt?: string;
  /** Taken from the region at request time; absent on consults stored before re-notification. */
  paging?: Paging;
  /** The current pass through the chain. */
  round?: number;
  /** When the chain ran out (every step, every loop) with nobody accepting: the coordinators were told. */
  exhaustedAt?: string;
  renotified?: Renotification[];
  /** Messages to people in this consult that the messenger did not take, after all retries. */
  undelivered?: UndeliveredMessage[];
}

export interface UndeliveredMessage {
  personId: string;
  at: string;
  what: 'offer' | 'notice' | 'cards';
}

export type Refusal = { code: RefusalCode; message: string };
export type RefusalCode = 'no-offer' | 'already-yours' | 'taken' | 'not-open' | 'not-party' | 'not-holder' | 'duplicate' | 'bsn' | 'too-long' | 'full';
export type Transition = { ok: true; consult: Consult } | { ok: false; refusal: Refusal };

export const refuse = (code: RefusalCode, message: string): Transition => ({ ok: false, refusal: { code, message } });
/** The consult with these changes, as its next version (the version is what compare-and-set checks). */
export const nextVersion = (consult: Consult, changes: Partial<Consult>): Transition => ({
  ok: true,
  consult: { ...consult, ...changes, version: consult.version + 1 },
});

export function newConsult(fields: {
  id: string;
  ref: string;
  formId: string;
  requesterId: string;
  patientRef: string;
  request: ConsultRequest;
  period: Period;
  plan: OfferStep[];
  paging?: Paging;
  now: Date;
}): Consult {
  return {
    id: fields.id,
    ref: fields.ref,
    formId: fields.formId,
    version: 1,
    status: 'ingediend',
    requesterId: fields.requesterId,
    patientRef: fields.patientRef,
    request: fields.request,
    createdAt: fields.now.toISOString(),
    period: fields.period,
    plan: fields.plan,
    stepIndex: -1,
    ...(fields.paging ? { paging: fields.paging } : {}),
    stepLog: [],
    offers: [],
    messages: [],
  };
}

export const pendingOffers = (consult: Consult): Offer[] => consult.offers.filter((offer) => !offer.outcome);

export const isOpen = (consult: Consult): boolean =>
  consult.status === 'ingediend' || consult.status === 'aangeboden' || consult.status === 'geaccepteerd';

export function accept(consult: Consult, personId: string, now: Date): Transition {
  if (consult.status === 'geaccepteerd' || consult.status === 'afgerond') {
    if (consult.acceptedBy === personId) return refuse('already-yours', `U heeft consult ${consult.ref} al geaccepteerd.`);
    return refuse('taken', `Consult ${consult.ref} is al geaccepteerd door een collega.`);
  }
  if (!pendingOffers(consult).some((offer) => offer.personId === personId)) {
    return refuse('no-offer', `U heeft geen openstaand aanbod voor consult ${consult.ref}.`);
  }
  const at = now.toISOString();
  const offers = consult.offers.map((offer): Offer => {
    if (offer.outcome) return offer;
    return { ...offer, outcome: offer.personId === personId ? 'geaccepteerd' : 'vervallen', outcomeAt: at };
  });
  return nextVersion(consult, { status: 'geaccepteerd', acceptedBy: personId, acceptedAt: at, stepDeadline: undefined, offers });
}

export function withdraw(consult: Consult, personId: string, now: Date, reason?: string): Transition {
  if (personId !== consult.requesterId) return refuse('not-party', 'Alleen de aanvrager kan dit consult intrekken.');
  if (consult.status !== 'ingediend' && consult.status !== 'aangeboden') {
    return refuse('not-open', `Consult ${consult.ref} kan niet meer worden ingetrokken.`);
  }
  const at = now.toISOString();
  const offers = consult.offers.map((o): Offer => (o.outcome ? o : { ...o, outcome: 'vervallen', outcomeAt: at }));
  return nextVersion(consult, { status: 'ingetrokken', closedAt: at, stepDeadline: undefined, offers, ...(reason ? { withdrawReason: reason } : {}) });
}

/** The other party of an accepted consult, or a refusal when this person is not part of it. */
export function counterpartOf(consult: Consult, personId: string): { ok: true; personId: string } | { ok: false; refusal: Refusal } {
  if (consult.status !== 'geaccepteerd' || !consult.acceptedBy) {
    return { ok: false, refusal: { code: 'not-open', message: `Consult ${consult.ref} is niet (meer) in gesprek.` } };
  }
  if (personId === consult.requesterId) return { ok: true, personId: consult.acceptedBy };
  if (personId === consult.acceptedBy) return { ok: true, personId: consult.requesterId };
  return { ok: false, refusal: { code: 'not-party', message: `U bent geen deelnemer van consult ${consult.ref}.` } };
}

/** The longest message relayed within a consult, from the chat and from a card alike. */
export const MAX_MESSAGE_CHARS = 4000;

/**
 * The most messages one consult holds. A consult is one question and its answer over hours or
 * days; real ones run to dozens of messages, and a longer conversation belongs on the phone or in
 * a new consult. The whole consult is rewritten (and flushed to disk) on every change, so this cap
 * bounds both its stored size (at most 500 × 4,000 characters, about 2 MB) and the cost of each write.
 */
export const MAX_MESSAGES_PER_CONSULT = 500;

/** Why a chat text may be neither relayed nor stored (a BSN-like number, or too long); undefined when it may. */
export function messageProblem(text: string): Refusal | undefined {
  if (containsBsnLikeNumber(text)) return { code: 'bsn', message: BSN_NOT_SENT };
  if (text.length > MAX_MESSAGE_CHARS) {
    const count = (n: number) => n.toLocaleString('nl-NL');
    return { code: 'too-long', message: `Dit bericht is niet doorgestuurd en niet opgeslagen: het is ${count(text.length)} tekens lang; het maximum is ${count(MAX_MESSAGE_CHARS)}. Stuur het in kortere delen.` };
  }
  return undefined;
}

/**
 * Adds a message from one party for the other. A redelivered message (same `sourceId`) is refused
 * as a duplicate before any limit, so a redelivery at the cap is still recognised as sent.
 */
export function addMessage(consult: Consult, fromPersonId: string, text: string, now: Date, sourceId?: string, file?: SharedFile): Transition {
  const counterpart = counterpartOf(consult, fromPersonId);
  if (!counterpart.ok) return { ok: false, refusal: counterpart.refusal };
  if (sourceId && consult.messages.some((message) => message.sourceId === sourceId)) {
    return refuse('duplicate', 'Dit bericht is al doorgestuurd.');
  }
  const problem = messageProblem(text);
  if (problem) return { ok: false, refusal: problem };
  if (consult.messages.length >= MAX_MESSAGES_PER_CONSULT) {
    return refuse(
      'full',
      `Consult ${consult.ref} heeft het maximum van ${MAX_MESSAGES_PER_CONSULT} berichten bereikt. Dit bericht is niet doorgestuurd en niet opgeslagen. Bel elkaar, of rond het consult af en vraag zo nodig een nieuw consult aan.`,
    );
  }
  const message: RelayedMessage = { fromPersonId, at: now.toISOString(), text, ...(sourceId ? { sourceId } : {}), ...(file ? { file } : {}) };
  return nextVersion(consult, { messages: [...consult.messages, message] });
}

export function close(consult: Consult, personId: string, closure: Closure, now: Date): Transition {
  if (consult.status === 'afgerond') return refuse('not-open', `Consult ${consult.ref} is al afgerond.`);
  if (consult.status !== 'geaccepteerd') return refuse('not-open', `Consult ${consult.ref} is nog niet geaccepteerd.`);
  if (consult.acceptedBy !== personId) return refuse('not-holder', 'Alleen de specialist die het consult heeft, kan het afronden.');
  return nextVersion(consult, { status: 'afgerond', closedAt: now.toISOString(), closure });
}

/** Records that a message about this consult could not be delivered, so the requester's card and the coordinator can show it. */
export function recordUndelivered(consult: Consult, message: UndeliveredMessage): Transition {
  if (!isOpen(consult)) return refuse('not-open', `Consult ${consult.ref} is niet meer open.`);
  return nextVersion(consult, { undelivered: [...(consult.undelivered ?? []), message] });
}

const PURGED = '[verwijderd na bewaartermijn]';

/**
 * A finished consult without its free text (question, call-back number, relayed messages,
 * advice), for when the retention period has passed. What statistics count stays.
 */
export function purgeFreeText(consult: Consult, now: Date): Consult {
  return {
    ...consult,
    request: { ...consult.request, question: PURGED, callbackPhone: PURGED, localPatientNumber: undefined },
    offers: consult.offers.map(({ reason: _reason, ...offer }) => offer),
    messages: [],
    ...(consult.supplements ? { supplements: [] } : {}),
    ...(consult.withdrawReason ? { withdrawReason: PURGED } : {}),
    ...(consult.closure ? { closure: { ...consult.closure, adviceSummary: PURGED } } : {}),
    purgedAt: now.toISOString(),
  };
}
