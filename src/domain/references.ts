import { createHmac, randomInt } from 'node:crypto';

// Crockford's base32 without I, L, O and U: nothing that reads as another character on a phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short reference such as `C-7F3K` (consult) or `M-2B9Q` (MDO meeting), easy to say on the phone
 * and to type in chat. The store has the last word: an insert with a taken reference draws again.
 */
export function newReference(prefix: 'C' | 'M', isTaken: (ref: string) => boolean = () => false): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    let ref = `${prefix}-`;
    for (let i = 0; i < 4; i++) ref += ALPHABET[randomInt(ALPHABET.length)];
    if (!isTaken(ref)) return ref;
  }
  throw new Error(`no free ${prefix}- reference after 1000 attempts`);
}

export const newConsultRef = (isTaken?: (ref: string) => boolean): string => newReference('C', isTaken);

/**
 * The part after the letter of a reference as typed at the start of a chat message: with the dash, or without it only
 * when it holds a digit, and only in the references' alphabet. So "Mocht de benauwdheid toenemen" and "Merry
 * Christmas" are sentences, not MDO M-OCHT or M-ERRY, and "Check even" is no consult.
 */
export const TYPED_REF_BODY = String.raw`(?:-[0-9a-hjkmnp-tv-z]{4}|(?=[a-hjkmnp-tv-z]*\d)[0-9a-hjkmnp-tv-z]{4})`;

/** Accepts `c-7f3k`, `C7F3K` or `C-7F3K` and gives `C-7F3K`; undefined when it cannot be one. */
export function normaliseConsultRef(text: string): string | undefined {
  const match = /^c-?([0-9a-z]{4})$/i.exec(text.trim());
  return match ? `C-${match[1]!.toUpperCase()}` : undefined;
}

/** The same for a meeting: `m-2b9q` gives `M-2B9Q`. */
export function normaliseMeetingRef(text: string): string | undefined {
  const match = /^m-?([0-9a-z]{4})$/i.exec(text.trim());
  return match ? `M-${match[1]!.toUpperCase()}` : undefined;
}

/**
 * A pseudonymous patient reference: a keyed hash of the local identifiers, so the same patient
 * from the same practice maps to the same reference without the bot storing who it is.
 */
export function patientPseudonym(
  secret: string,
  patient: { initials: string; birthYear: number; localPatientNumber?: string | undefined; organisationId: string },
): string {
  const material = [patient.organisationId, patient.initials, patient.birthYear, patient.localPatientNumber ?? ''].join('|');
  const digest = createHmac('sha256', secret).update(material).digest();
  let text = '';
  for (let i = 0; i < 10; i++) text += ALPHABET[digest[i]! % ALPHABET.length];
  return `P-${text}`;
}
