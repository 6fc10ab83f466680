import { createHmac, randomInt } from 'node:crypto';

// Crockford's base32 without I, L, O and U: nothing that reads as another character on a phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short consult reference such as `C-7F3K`, easy to say on the phone and to type in chat. */
export function newConsultRef(isTaken: (ref: string) => boolean): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    let ref = 'C-';
    for (let i = 0; i < 4; i++) ref += ALPHABET[randomInt(ALPHABET.length)];
    if (!isTaken(ref)) return ref;
  }
  throw new Error('no free consult reference after 1000 attempts');
}

/** Accepts `c-7f3k`, `C7F3K` or `C-7F3K` and gives `C-7F3K`; undefined when it cannot be one. */
export function normaliseConsultRef(text: string): string | undefined {
  const match = /^c-?([0-9a-z]{4})$/i.exec(text.trim());
  return match ? `C-${match[1]!.toUpperCase()}` : undefined;
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
