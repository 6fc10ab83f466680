import { describe, expect, it } from 'vitest';
import { looksLikeConsultRequest, parseConsultText } from '../../src/domain/intake.js';
import { readCases, SCALARS, printScore, score } from '../support/intakeScoring.js';

const corpus = readCases('intake-corpus.json');

describe('intake corpus (written for the test, see test/fixtures/README-intake.md)', () => {
  it('has at least 45 cases that cover every value of every field', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(45);
    const seen = (field: 'urgency' | 'setting' | 'form' | 'complexity') => new Set(corpus.map((c) => c.expected[field]));
    expect(seen('urgency')).toEqual(new Set(['spoed', 'vandaag', 'deze-week', null]));
    expect(seen('setting')).toEqual(new Set(['thuis', 'verpleeghuis', 'hospice', 'ziekenhuis', null]));
    expect(seen('form')).toEqual(new Set(['telefonisch', 'bedside', 'digitaal', null]));
    expect(seen('complexity')).toEqual(new Set(['laag', 'complex', 'hoog', null]));
    expect(new Set(corpus.flatMap((c) => c.expected.dimensions))).toEqual(new Set(['fysiek', 'psychisch', 'sociaal', 'spiritueel']));
  });

  it.each(corpus)('$id: $text', ({ text, expected }) => {
    const actual = parseConsultText(text);
    for (const f of SCALARS) expect.soft(actual[f] ?? null, f).toBe(expected[f]);
    expect.soft(actual.dimensions, 'dimensions').toEqual(expected.dimensions);
    expect.soft(actual.topics, 'topics').toEqual(expect.arrayContaining(expected.topics));
    if (expected.question !== undefined) expect.soft(actual.question, 'question').toBe(expected.question);
  });

  it('prints its accuracy per field and for whole messages', () => {
    const result = score(corpus);
    printScore('the regression corpus', result);
    expect(result.whole).toBe(1);
  });
});

describe('intake details', () => {
  it('leaves every field empty when the text says nothing', () => {
    expect(parseConsultText('Hallo, ik heb een vraag.')).toEqual({ dimensions: [], topics: [], question: 'Hallo, ik heb een vraag.' });
  });

  it('strips only a leading command word from the question', () => {
    expect(parseConsultText('consult').question).toBeUndefined();
    expect(parseConsultText('/consult mw 80 jr, pijn').question).toBe('mw 80 jr, pijn');
    expect(parseConsultText('Consult gevraagd ivm pijn').question).toBe('Consult gevraagd ivm pijn');
    expect(parseConsultText('Graag een consult: pijn').question).toBe('Graag een consult: pijn');
  });

  it('reads "geen spoed" as deze-week and a destination as no setting', () => {
    expect(parseConsultText('geen spoed, pijn').urgency).toBe('deze-week');
    expect(parseConsultText('wil naar het hospice').setting).toBeUndefined();
    expect(parseConsultText('geen ziekenhuisopname meer gewenst').setting).toBeUndefined();
  });

  it('does not take a duration or a partner for the patient', () => {
    expect(parseConsultText('mw sinds 20 jaar weduwe, pijn').patientAge).toBeUndefined();
    expect(parseConsultText('al 3 jaar ziek, haar man is overbelast').patientSex).toBeUndefined();
    expect(parseConsultText('dhr. J. Jansen (1942) thuis').patientAge).toBeUndefined();
    expect(parseConsultText('mantelzorg door haar man (85 jr), overbelast')).not.toHaveProperty('patientAge');
  });

  it('reads the form that is asked for, not one that is described', () => {
    expect(parseConsultText('heeft een schriftelijke wilsverklaring, graag meedenken').form).toBeUndefined();
    expect(parseConsultText('ik ben telefonisch bereikbaar').form).toBe('telefonisch');
    expect(parseConsultText('na telefonisch overleg met de HA: kunt u op huisbezoek komen?').form).toBe('bedside');
    expect(parseConsultText('tijdens mijn huisbezoek was mw benauwd, graag bellen').form).toBe('telefonisch');
    expect(parseConsultText('graag bellen, evt later beeldbellen').form).toBe('telefonisch');
  });

  it('does not read "vandaag gestart" as a deadline', () => {
    expect(parseConsultText('vandaag gestart met morfine, nu misselijk').urgency).toBeUndefined();
  });
});

describe('looksLikeConsultRequest', () => {
  it.each([
    'Consult aangevraagd voor mw 80 jr met pijn',
    'Advies gevraagd over pijnbestrijding bij nierfalen',
    'Kan iemand meedenken over een patiënt met terminale onrust?',
    'Vraag aan specialist PZ: dosering midazolam bij sedatie',
    'spoed: mw 84 jr thuis, toenemende onrust en benauwdheid, sedatie overwegen?',
    'Graag advies over morfine ophogen bij dhr 70 jr',
    'Ik wil graag een consult aanvragen',
    'Wie kan er meedenken over een euthanasievraag?',
    // Typed on a phone, without a question mark or the word consult (found in the Agents Playground).
    'mw 84 thuis, veel pijn ondanks oxycodon, graag vandaag terugbellen',
    'dhr 77 thuis, benauwd en onrustig, graag bellen',
    'mw 90 vph, eet en drinkt niet meer, graag overleg',
  ])('yes: %s', (text) => expect(looksLikeConsultRequest(text)).toBe(true));

  it.each([
    'wie heeft er vandaag dienst?',
    'hoeveel consulten waren er in Q3 over pijn?',
    'consulten',
    'afronden C-7F3K',
    'C-7F3K: graag advies over de dosering',
    'c7f3k meedenken graag',
    'rooster',
    'help',
    'Bedankt voor het advies!',
    'Mijn dochter gaat morgen naar het consultatiebureau',
    'Pijn?',
    'Kunt u mij het rooster sturen?',
    'mw 84 is vannacht rustig overleden, dank voor het meedenken',
    'dhr 77: graag het rooster van volgende week',
    '',
  ])('no: %s', (text) => expect(looksLikeConsultRequest(text)).toBe(false));
});
