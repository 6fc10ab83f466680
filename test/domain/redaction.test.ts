import { describe, expect, it } from 'vitest';
import { redact } from '../../src/domain/redaction.js';

const now = new Date('2026-06-01T12:00:00Z');
const clean = (text: string) => redact(text, { now }).text;

describe('redaction replaces identifying details', () => {
  it.each([
    ['names after a form of address', 'mw. Jansen heeft pijn', 'mw. [NAAM] heeft pijn'],
    ['mevrouw with a particle', 'Mevrouw de Vries is benauwd', 'Mevrouw [NAAM] is benauwd'],
    ['de heer with a double name', 'de heer Van den Berg-Smit, thuis', 'de heer [NAAM], thuis'],
    ['dhr. without space problems', 'Dhr.   Bakker wil naar huis', 'Dhr.   [NAAM] wil naar huis'],
    ['meneer with a hyphenated name', 'meneer De Jong-van Dijk belt', 'meneer [NAAM] belt'],
    ['patiënt and a name', 'patiënt Peters vraagt om sedatie', 'patiënt [NAAM] vraagt om sedatie'],
    ['a relative by name', 'Zoon Peter belt dagelijks', 'Zoon [NAAM] belt dagelijks'],
    ['title, initials and surname', 'mw. J.A. de Vries, thuis', 'mw. [NAAM], thuis'],
    ['initials and surname without title', 'J.A. de Vries heeft pijn', '[NAAM] heeft pijn'],
    ['one initial and surname', 'J. Smit heeft pijn', '[NAAM] heeft pijn'],
    ['initials alone', 'pt J.A. heeft pijn', 'pt [INITIALEN] heeft pijn'],
    ['a numeric date of birth', 'geboren 12-03-1942, thuis', 'geboren [GEBOORTEDATUM], thuis'],
    ['a date of birth without a label', 'mw, 12-03-1942, thuis', 'mw, [GEBOORTEDATUM], thuis'],
    ['a written date of birth', 'geb. 12 maart 1942', 'geb. [GEBOORTEDATUM]'],
    ['a written date without a label', 'mw, 3 okt. 1938, thuis', 'mw, [GEBOORTEDATUM], thuis'],
    ['a birth year', 'dhr, geb. 1942, hospice', 'dhr, geb. [GEBOORTEDATUM], hospice'],
    ['a birth year after initials', 'J.A. (1942) thuis', '[INITIALEN] ([GEBOORTEDATUM]) thuis'],
    ['a short-year date after a label', 'geboortedatum: 3-4-42', 'geboortedatum: [GEBOORTEDATUM]'],
    ['a mobile number', 'bel 06-12345678', 'bel [TELEFOON]'],
    ['a mobile number in pairs', 'bel 06 12 34 56 78 aub', 'bel [TELEFOON] aub'],
    ['a landline', 'bel 046 123 4567', 'bel [TELEFOON]'],
    ['a landline with brackets', 'tel (046) 123 45 67', 'tel [TELEFOON]'],
    ['an international number', 'bel +31 6 1234 5678', 'bel [TELEFOON]'],
    ['an international number with (0)', 'bel +31 (0)46 1234567', 'bel [TELEFOON]'],
    ['a number followed by a frequency', 'tel 0612345678 2x per dag', 'tel [TELEFOON] 2x per dag'],
    ['a postcode', 'woont 6131 AB Sittard', 'woont [POSTCODE] Sittard'],
    ['a postcode without space', 'pc 6131AB', 'pc [POSTCODE]'],
    ['a lower-case postcode after the word', 'postcode 6131 ab', 'postcode [POSTCODE]'],
    ['a BSN passing the elfproef', 'nummer 111222333 in dossier', 'nummer [BSN] in dossier'],
    ['a grouped BSN', 'nummer 1112.22.333', 'nummer [BSN]'],
    ['a labelled BSN that fails the elfproef', 'BSN: 123456789', 'BSN: [BSN]'],
    ['an e-mail address', 'mail j.devries@huisarts-sittard.nl svp', 'mail [EMAIL] svp'],
  ])('%s', (_label, text, expected) => {
    expect(clean(text)).toBe(expected);
  });

  it('reports what it replaced by placeholder only, never the original value', () => {
    const { text, found } = redact('mw. Jansen, geb. 12-03-1942, 6131 AB, bel 06-12345678, BSN 111222333, j@x.nl', { now });
    expect(text).toBe('mw. [NAAM], geb. [GEBOORTEDATUM], [POSTCODE], bel [TELEFOON], BSN [BSN], [EMAIL]');
    expect([...found].sort()).toEqual(['[BSN]', '[EMAIL]', '[GEBOORTEDATUM]', '[NAAM]', '[POSTCODE]', '[TELEFOON]']);
    expect(found.join(' ')).not.toMatch(/Jansen|1942|6131|1234|111222333|j@x/);
  });

  it('is stable: redacting twice changes nothing more', () => {
    const once = clean('dhr. J. de Vries (1942), 6131 AB, 046 123 4567, sinds 2019 thuis');
    expect(clean(once)).toBe(once);
  });
});

describe('redaction leaves look-alikes alone', () => {
  it.each([
    'morfine 10 mg sc',
    'paracetamol 2 dd 500 mg',
    'midazolam 5 mg/uur via de pomp',
    'metamizol 1000 mg, NaCl 2000 ML',
    'om 14:30 gebeld, volgende dosis om 8 uur',
    'mw 84 jr, thuis',
    'dhr. 72 jaar, sinds 2019 bekend met COPD',
    'diagnose in 2021, gestart op 12-03-2024',
    'Hb 6.8 mmol/l, kreatinine 145 umol/l, eGFR 32, Na 128',
    'oxycodon 3x per dag 5 mg',
    'pijnscore 7 (0-10), VAS 8/10',
    'Dhr heeft ALS. Mw. Heeft pijn. Mw. In het hospice.',
    'vitamine D. Verder z.s.m. graag A.U.B. bellen, i.o.m. HA',
    'nummer 123456789 klopt niet',
    'kamer 12, bed 3, fentanyl 25 mcg/uur',
  ])('%s', (text) => {
    expect(redact(text, { now })).toEqual({ text, found: [] });
  });
});
