import { describe, expect, it } from 'vitest';
import { parseConsultText } from '../../src/domain/intake.js';
import { FIELDS, agrees, printScore, readCases, score } from '../support/intakeScoring.js';

/** The development set (test/fixtures/README-intake-dev.md): the parser is tuned on it, so it must do well. */
const dev = readCases('intake-dev.json');
const result = score(dev);
// A relative's anxiety, where the request is a talk with her (d110); "woont alleen … thuissituatie" read as at home
// (d113); a carer's strain said of "ze" (d303); "zij wil niet meer" after eating read as a wish to die (d377); a
// daughter in panic about the sedation (d454); children far away or never coming, without punctuation (d490); "fits
// today" read as a request for today (d527); a son who "does not want it" after "she was never religious" (d647), not
// read as a conflict; "of hij dan kan stikken" as a question about dyspnoea, where "bang om te stikken" is fear (d769);
// the children named a sentence before "met hen … praten" (d783); "want ze heeft een droge mond" after "familie vraagt",
// where "ze" could be the family's (d799).
const KNOWN_MISSES = ['d110', 'd113', 'd303', 'd377', 'd454', 'd490', 'd527', 'd647', 'd769', 'd783', 'd799'];

describe('intake on the development set', () => {
  it('covers the writers, languages and styles of issue #20 in at least 130 messages', () => {
    expect(dev.length).toBeGreaterThanOrEqual(130);
    for (const writer of ['huisarts', 'poh', 'wijkverpleegkundige', 'specialist-ouderengeneeskunde', 'ziekenhuisverpleegkundige']) expect(dev.some((c) => c.writer === writer), writer).toBe(true);
    for (const style of ['nl', 'en', 'mixed', 'typo', 'abbreviation', 'no-punctuation', 'negation', 'third-person', 'past-event']) expect(dev.some((c) => c.style?.includes(style)), style).toBe(true);
  });

  it('prints its accuracy and gets every field right in at least 95 % and whole messages in at least 90 %', () => {
    printScore('the development set', result);
    for (const f of FIELDS) expect(100 * result.field[f], f).toBeGreaterThanOrEqual(95);
    expect(100 * result.whole).toBeGreaterThanOrEqual(90);
  });

  // The cases it still misses, by id, so a change shows which ones it fixed or broke.
  it('misses only the known cases', () => {
    const missed = dev.filter((c) => FIELDS.some((f) => agrees(f, parseConsultText(c.text), c.expected) === false)).map((c) => c.id);
    expect(missed).toEqual(KNOWN_MISSES);
  });
});

/**
 * Batches written blind to the parser (README-intake-dev.md) and not tuned on: d901–d1000 was tuned on in a branch that
 * did worse on the held-out set, so that tuning was not kept; d801–d860 was only measured. They show how the parser
 * does on wording it has not seen. The floors are the figures measured before any change (percentages, rounded down),
 * so a change that makes the parser worse on new wording shows.
 */
type Floors = Record<(typeof FIELDS)[number] | 'whole', number>;
const FRESH_BATCHES: { name: string; file: string; cases: number; floors: Floors }[] = [
  {
    name: 'd901–d1000', file: 'intake-dev-fresh-b.json', cases: 100,
    floors: { urgency: 97, setting: 100, form: 96, complexity: 100, patientAge: 100, patientSex: 100, question: 100, dimensions: 67, topics: 68, whole: 53 },
  },
  {
    name: 'd801–d860', file: 'intake-dev-fresh-a.json', cases: 60,
    floors: { urgency: 90, setting: 100, form: 98.3, complexity: 100, patientAge: 98.3, patientSex: 100, question: 100, dimensions: 83.3, topics: 86.6, whole: 70 },
  },
];

describe.each(FRESH_BATCHES)('intake on the fresh batch $name, not tuned on', ({ name, file, cases, floors }) => {
  it('prints its accuracy and does no worse than when the batch was written', () => {
    const batch = readCases(file);
    const result = score(batch);
    printScore(`the fresh batch ${name}`, result);
    expect(batch).toHaveLength(cases);
    for (const f of FIELDS) expect(100 * result.field[f], f).toBeGreaterThanOrEqual(floors[f]);
    expect(100 * result.whole).toBeGreaterThanOrEqual(floors.whole);
  });
});
