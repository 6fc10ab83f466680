import { describe, expect, it } from 'vitest';
import { isBsnLike, containsBsnLikeNumber } from '../../src/domain/bsn.js';
import { ConsultRequestSchema } from '../../src/domain/consultRequest.js';
import { TapasSchema } from '../../src/domain/network.js';
import { patientPseudonym, normaliseConsultRef, newConsultRef } from '../../src/domain/references.js';

describe('TAPA$ prestatie per contact form, as region data', () => {
  it.each([
    ['telefonisch', '2a'],
    ['bedside', '2b'],
    ['regiefunctie', '3'],
    ['coordinatie', '1'],
    ['mdo', '1'],
    // 2a is telephone consultation (000:2330); a chat or video contact has no title of its own.
    ['digitaal', null],
  ] as const)('by the seed, %s → prestatie %s', (form, prestatie) => {
    const tapas = TapasSchema.parse(true);
    expect(tapas && tapas.prestaties[form]).toBe(prestatie);
  });

  it('lets a region change one form and keeps the seed for the rest, or adopt no TAPA$ at all', () => {
    const tapas = TapasSchema.parse({ prestaties: { digitaal: '2a' } });
    expect(tapas && [tapas.prestaties.digitaal, tapas.prestaties.bedside]).toEqual(['2a', '2b']);
    expect(TapasSchema.parse(false)).toBe(false);
    expect(TapasSchema.safeParse({ prestaties: { digitaal: '4' } }).success).toBe(false);
  });
});

describe('no BSN in chat', () => {
  it('recognises a number that passes the elfproef', () => {
    expect(isBsnLike('111222333')).toBe(true);
    expect(isBsnLike('123456782')).toBe(true);
    expect(isBsnLike('123456789')).toBe(false);
    expect(isBsnLike('12345678')).toBe(false);
  });

  it('finds a BSN in free text, also when grouped, but not a phone number or a dosage', () => {
    expect(containsBsnLikeNumber('patiënt 1112.22.333 heeft pijn')).toBe(true);
    expect(containsBsnLikeNumber('bel 046 411 0101 of 0612345678')).toBe(false);
    expect(containsBsnLikeNumber('morfine 10 mg, 4 dd')).toBe(false);
  });

  it('refuses a BSN as local patient number or inside the question', () => {
    const valid = {
      patientInitials: 'j a', patientBirthYear: '1942', setting: 'thuis', subRegionId: 'x', form: 'telefonisch',
      urgency: 'spoed', complexity: 'laag', dimensions: ['fysiek'], question: 'Vraag over pijnbestrijding thuis', callbackPhone: '046 411 0101',
    };
    expect(ConsultRequestSchema.safeParse(valid).success).toBe(true);
    expect(ConsultRequestSchema.parse(valid).patientInitials).toBe('J.A.');
    expect(ConsultRequestSchema.safeParse({ ...valid, localPatientNumber: '111222333' }).success).toBe(false);
    expect(ConsultRequestSchema.safeParse({ ...valid, question: 'BSN 111222333, pijn' }).success).toBe(false);
  });
});

describe('references', () => {
  it('gives the same pseudonym for the same patient of the same practice, and another elsewhere', () => {
    const patient = { initials: 'J.A.', birthYear: 1942, organisationId: 'hap-de-linde' };
    expect(patientPseudonym('secret-a', patient)).toBe(patientPseudonym('secret-a', patient));
    expect(patientPseudonym('secret-a', patient)).toMatch(/^P-[0-9A-Z]{10}$/);
    expect(patientPseudonym('secret-a', { ...patient, organisationId: 'hap-schaesberg' })).not.toBe(patientPseudonym('secret-a', patient));
    expect(patientPseudonym('secret-b', patient)).not.toBe(patientPseudonym('secret-a', patient));
  });

  it('reads a consult reference however it is typed', () => {
    expect(normaliseConsultRef('c-7f3k')).toBe('C-7F3K');
    expect(normaliseConsultRef('C7F3K')).toBe('C-7F3K');
    expect(normaliseConsultRef('hallo')).toBeUndefined();
  });

  it('never hands out a reference that is taken', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const ref = newConsultRef((r) => taken.has(r));
      expect(taken.has(ref)).toBe(false);
      taken.add(ref);
    }
  });
});
