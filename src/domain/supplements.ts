import { messageProblem, nextVersion, refuse, type Consult, type SharedFile, type Supplement, type Transition } from './consult.js';

/** A waiting request is one question; more than this many additions belong in a phone call. */
export const MAX_SUPPLEMENTS = 20;

/**
 * Adds the requester's text (and file) to a request that no specialist has accepted yet, so
 * whoever accepts sees it; a redelivered message is refused as a duplicate, like a relayed one.
 */
export function addSupplement(consult: Consult, personId: string, text: string, now: Date, file?: SharedFile, sourceId?: string): Transition {
  if (personId !== consult.requesterId) return refuse('not-party', `Alleen de aanvrager kan consult ${consult.ref} aanvullen.`);
  if (consult.status !== 'ingediend' && consult.status !== 'aangeboden') {
    return refuse('not-open', `Consult ${consult.ref} wacht niet meer op een specialist; een aanvulling kan niet meer.`);
  }
  const supplements = consult.supplements ?? [];
  if (sourceId && supplements.some((s) => s.sourceId === sourceId)) return refuse('duplicate', 'Deze aanvulling is al doorgestuurd.');
  const problem = messageProblem(text);
  if (problem) return { ok: false, refusal: problem };
  if (supplements.length >= MAX_SUPPLEMENTS) {
    return refuse('full', `Consult ${consult.ref} heeft het maximum van ${MAX_SUPPLEMENTS} aanvullingen. Bel de specialist of wacht tot het consult is geaccepteerd.`);
  }
  const supplement: Supplement = { fromPersonId: personId, at: now.toISOString(), text, ...(file ? { file } : {}), ...(sourceId ? { sourceId } : {}) };
  return nextVersion(consult, { supplements: [...supplements, supplement] });
}
