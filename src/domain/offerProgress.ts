import type { Consult, Offer } from './consult.js';

/**
 * What became of a consult's offers, in the words the requester and the coordinator read: who
 * declined, who still has it, whether anyone is left to offer it to, how long it took. Only what
 * is true of this consult: a decline is a reaction, not silence, and a chain that ran through at
 * once because its people cannot be reached is not an hour of waiting. Pure; names and times
 * come in as functions, so this needs neither the directory nor a time zone.
 *
 * Whom the bot could not reach is for the coordinator only; the requester's texts never name
 * them nor say that anyone was missed.
 */

/** How the caller names a person and writes a time: "Els Vermeulen", "10:20", "op 23 november om 10:00". */
export interface Words {
  name: (personId: string) => string;
  clock: (iso: string) => string;
  moment: (iso: string) => string;
}

export interface OfferProgress {
  /** Everyone the consult reached, in the order it was first offered to them. */
  offeredTo: string[];
  declinedBy: string[];
  /** Whose offer still stands: they can accept it. */
  waitingOn: string[];
  /** People of the plan the bot could not reach, so never offered it. */
  unreachable: string[];
}

/** Each person's last offer: someone passed over once and reached later counts as reached. */
function lastOffers(consult: Consult): Map<string, Offer> {
  return new Map(consult.offers.map((offer) => [offer.personId, offer]));
}

/**
 * Who was offered the consult and what each did with it.
 *
 * @example offerProgress(consult) // → { offeredTo: ['els', 'frank'], declinedBy: ['els', 'frank'], waitingOn: [], unreachable: ['gea'] }
 */
export function offerProgress(consult: Consult): OfferProgress {
  const offers = [...lastOffers(consult).values()];
  const who = (keep: (offer: Offer) => boolean) => offers.filter(keep).map((offer) => offer.personId);
  return {
    offeredTo: who((offer) => offer.outcome !== 'overgeslagen'),
    declinedBy: who((offer) => offer.outcome === 'geweigerd'),
    waitingOn: who((offer) => !offer.outcome),
    unreachable: who((offer) => offer.outcome === 'overgeslagen'),
  };
}

/** Why the consult moved to its current step, and who has it now. */
export interface StepMove {
  /** Who declined in the step it left, while it was there. */
  declinedBy: string[];
  /** Who in the step it left let the wait run out. */
  noReplyFrom: string[];
  /** Who holds it in the step it moved to. */
  nowWith: string[];
  /** They held it already: the step is offered again, nobody new. */
  again: boolean;
  /** Open offers of other steps, which still stand. */
  alsoWith: string[];
}

/** The last move through the plan (a decline, a timeout, the chain starting again); undefined before the first. */
export function lastMove(consult: Consult): StepMove | undefined {
  const [left, entered] = consult.stepLog.slice(-2);
  if (!left || !entered) return undefined;
  const offers = lastOffers(consult);
  const inStep = (step: number) => (consult.plan[step]?.personIds ?? []).flatMap((id) => (offers.has(id) ? [offers.get(id)!] : []));
  const open = (offer: Offer) => !offer.outcome;
  const nowWith = inStep(entered.step).filter(open);
  return {
    declinedBy: inStep(left.step).filter((o) => o.outcome === 'geweigerd' && o.outcomeAt! >= left.at).map((o) => o.personId),
    noReplyFrom: inStep(left.step).filter(open).map((o) => o.personId),
    nowWith: nowWith.map((o) => o.personId),
    again: entered.trigger === 'repeat' || nowWith.every((o) => o.offeredAt < entered.at),
    alsoWith: [...offers.values()].filter((o) => open(o) && !nowWith.includes(o)).map((o) => o.personId),
  };
}

/** "A", "A en B", "A, B en C". */
export function namesList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} en ${names.at(-1)}`;
}

const hasHave = (count: number) => (count === 1 ? 'heeft' : 'hebben');
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * For the requester when the consult moved on, after "Consult C-7F3K: ": why, to whom now, until when.
 *
 * @example movedOnText(consult, words)
 *          // → 'Els Vermeulen heeft het geweigerd. Het wordt nu aangeboden aan Frank Geurts, overige specialisten PZ Westelijke Mijnstreek; reactie uiterlijk 10:10.'
 */
export function movedOnText(consult: Consult, words: Pick<Words, 'name' | 'clock'>): string {
  const move = lastMove(consult);
  const names = (ids: readonly string[]) => namesList(ids.map(words.name));
  const causes = [
    move?.declinedBy.length ? `${names(move.declinedBy)} ${hasHave(move.declinedBy.length)} het geweigerd` : '',
    move?.noReplyFrom.length ? `nog geen reactie van ${names(move.noReplyFrom)}` : '',
  ].filter(Boolean);
  const cause = causes.length ? causes.join('; ') : 'nog niemand heeft het aangenomen';
  const step = consult.plan[consult.stepIndex];
  const label = lowerFirst(step?.label ?? 'specialist PZ');
  const to = move?.nowWith.length ? `${names(move.nowWith)}, ${label}` : label;
  const how = move?.again ? 'opnieuw' : move?.alsoWith.length ? 'nu ook' : 'nu';
  const deadline = consult.stepDeadline ? `; reactie uiterlijk ${words.clock(consult.stepDeadline)}` : '';
  const standing = move?.alsoWith.length ? ` Het aanbod aan ${names(move.alsoWith)} blijft staan.` : '';
  return `${cause}. Het wordt ${how} aangeboden aan ${to}${deadline}.${standing}`;
}

/**
 * For the requester once the chain has run out: who declined (or that nobody accepted yet),
 * whether the offer still stands with someone, and that the coordinator knows. Starts in lower
 * case unless with a name, to follow "Consult C-7F3K: ".
 *
 * @example chainDoneText(consult, words)
 *          // → 'Els Vermeulen en Frank Geurts hebben het geweigerd. Er is niemand meer aan wie het kan worden aangeboden; de netwerkcoördinator is ingelicht.'
 */
export function chainDoneText(consult: Consult, words: Pick<Words, 'name'>): string {
  const { offeredTo, declinedBy, waitingOn } = offerProgress(consult);
  const names = (ids: readonly string[]) => namesList(ids.map(words.name));
  const reacted = declinedBy.length ? `${names(declinedBy)} ${hasHave(declinedBy.length)} het geweigerd` : 'nog niemand heeft het aangenomen';
  const stands = waitingOn.length
    ? `Het aanbod aan ${names(waitingOn)} blijft staan en wordt steeds opnieuw gestuurd`
    : offeredTo.length
      ? 'Er is niemand meer aan wie het kan worden aangeboden'
      : 'Er is nu geen specialist PZ via de chat te bereiken';
  return `${reacted}. ${stands}; de netwerkcoördinator is ingelicht.`;
}

/**
 * For the coordinators once the chain has run out, after "Let op, consult C-7F3K (spoed): ": what
 * happened, from the request to now. No patient data.
 *
 * @example chainDoneAlert(consult, words)
 *          // → 'niemand heeft het aangenomen. Aangevraagd op 23 november om 10:00; de keten was na 1 minuut rond. Geweigerd door Els Vermeulen en Frank Geurts. Niet bereikbaar via de chat (app niet geïnstalleerd): Gea Lemmens. Er staat geen aanbod meer open: niemand kan het via de chat nog aannemen.'
 */
export function chainDoneAlert(consult: Consult, words: Pick<Words, 'name' | 'moment'>): string {
  const { declinedBy, waitingOn, unreachable } = offerProgress(consult);
  const names = (ids: readonly string[]) => namesList(ids.map(words.name));
  const took = Date.parse(consult.exhaustedAt ?? consult.createdAt) - Date.parse(consult.createdAt);
  return [
    'niemand heeft het aangenomen.',
    `Aangevraagd ${words.moment(consult.createdAt)}; de keten was ${took < 60_000 ? 'direct' : `na ${durationText(took)}`} rond.`,
    declinedBy.length ? `Geweigerd door ${names(declinedBy)}.` : '',
    unreachable.length ? `Niet bereikbaar via de chat (app niet geïnstalleerd): ${names(unreachable)}.` : '',
    waitingOn.length
      ? `Het aanbod staat nog open bij ${names(waitingOn)} en wordt steeds opnieuw gestuurd.`
      : 'Er staat geen aanbod meer open: niemand kan het via de chat nog aannemen.',
  ].filter(Boolean).join(' ');
}

/**
 * Before the requester withdraws: to how many it was offered and what they did.
 *
 * @example offersSoFar(consult) // → 'Het is aangeboden aan 2 specialisten PZ; beiden hebben het geweigerd.'
 */
export function offersSoFar(consult: Consult): string {
  const { offeredTo, declinedBy } = offerProgress(consult);
  const n = offeredTo.length;
  const m = declinedBy.length;
  if (n === 0) return 'Het is nog aan niemand aangeboden.';
  const to = `Het is aangeboden aan ${n === 1 ? '1 specialist PZ' : `${n} specialisten PZ`}`;
  if (m === 0) return `${to}; nog niemand heeft het aangenomen.`;
  if (m === n) return n === 1 ? `${to}, die het heeft geweigerd.` : `${to}; ${n === 2 ? 'beiden' : 'allen'} hebben het geweigerd.`;
  return `${to}; ${m} ${hasHave(m)} het geweigerd en nog niemand heeft het aangenomen.`;
}

/** "1 minuut", "25 minuten", "2 uur en 5 minuten", "3 dagen en 4 uur". */
export function durationText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (minutes < 60) return count(minutes, 'minuut', 'minuten');
  const [hours, rest] = [Math.floor(minutes / 60), minutes % 60];
  if (hours < 24) return rest ? `${hours} uur en ${count(rest, 'minuut', 'minuten')}` : `${hours} uur`;
  const [days, hoursLeft] = [Math.floor(hours / 24), hours % 24];
  return `${count(days, 'dag', 'dagen')}${hoursLeft ? ` en ${hoursLeft} uur` : ''}`;
}
