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
 * Batches written blind to the parser by separate writers (README-intake-dev.md), each scored before anyone looked at it.
 * The ones tuned on are held to the figures after that tuning (percentages, rounded down), like the development set; the
 * ones not tuned on to their first figures, so a change that makes the parser worse on new wording shows.
 */
type Floors = Record<(typeof FIELDS)[number] | 'whole', number>;
const all = (urgency: number, setting: number, form: number, dimensions: number, topics: number, whole: number, patientAge = 100): Floors =>
  ({ urgency, setting, form, complexity: 100, patientAge, patientSex: 100, question: 100, dimensions, topics, whole });
const FRESH_BATCHES: { name: string; file: string; cases: number; tuned: boolean; floors: Floors }[] = [
  { name: 'd801–d860', file: 'intake-dev-fresh-a.json', cases: 60, tuned: true, floors: all(98.3, 100, 100, 98.3, 100, 96.6) },
  { name: 'd901–d1000', file: 'intake-dev-fresh-b.json', cases: 100, tuned: true, floors: all(100, 100, 99, 96, 96, 93) },
  { name: 'd1101–d1160', file: 'intake-dev-fresh-c.json', cases: 60, tuned: true, floors: all(100, 100, 100, 95, 96.6, 95) },
  { name: 'd1201–d1260', file: 'intake-dev-fresh-d.json', cases: 60, tuned: true, floors: all(100, 100, 100, 93.3, 96.6, 93.3) },
  { name: 'd1301–d1360', file: 'intake-dev-fresh-e.json', cases: 60, tuned: true, floors: all(100, 100, 100, 95, 96.6, 93.3) },
];

describe.each(FRESH_BATCHES)('intake on the blind batch $name', ({ name, file, cases, tuned, floors }) => {
  it(`prints its accuracy and does no worse than ${tuned ? 'after it was tuned on' : 'when it was written'}`, () => {
    const batch = readCases(file);
    const result = score(batch);
    printScore(`the blind batch ${name}${tuned ? ' (tuned on)' : ' (not tuned on)'}`, result);
    expect(batch).toHaveLength(cases);
    for (const f of FIELDS) expect(100 * result.field[f], f).toBeGreaterThanOrEqual(floors[f]);
    expect(100 * result.whole).toBeGreaterThanOrEqual(floors.whole);
  });
});
