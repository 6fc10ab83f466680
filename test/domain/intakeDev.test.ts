import { describe, expect, it } from 'vitest';
import { parseConsultText } from '../../src/domain/intake.js';
import { FIELDS, agrees, printRecognised, printScore, readCases, recognisedShare, score } from '../support/intakeScoring.js';

/** The development set (test/fixtures/README-intake-dev.md): the parser is tuned on it, so it must do well. */
const dev = readCases('intake-dev.json');
const result = score(dev);
// A relative's anxiety, where the request is a talk with her (d110); "woont alleen … thuissituatie" read as at home
// (d113); a carer's strain said of "ze" (d303); "zij wil niet meer" after eating read as a wish to die (d377); a
// daughter in panic about the sedation (d454); children far away or never coming, without punctuation (d490); "fits
// today" read as a request for today (d527); a son who "does not want it" after "she was never religious" (d647), not
// read as a conflict; "of hij dan kan stikken" as a question about dyspnoea, where "bang om te stikken" is fear (d769);
// the children named a sentence before "met hen … praten" (d783); "want ze heeft een droge mond" after "familie vraagt",
// where "ze" could be the family's (d799); refusing food and drink on purpose labelled eten en drinken and fysiek as well as
// versterven (d723), where the corpus (c19) and 22 of the 31 versterven messages of all sets have versterven alone.
const KNOWN_MISSES = ['d110', 'd113', 'd303', 'd377', 'd454', 'd490', 'd527', 'd647', 'd723', 'd769', 'd783', 'd799'];

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
const floors = (f: Partial<Floors>): Floors =>
  ({ urgency: 100, setting: 100, form: 100, complexity: 100, patientAge: 100, patientSex: 100, question: 100, dimensions: 100, topics: 100, whole: 100, ...f });
const FRESH_BATCHES: { name: string; file: string; cases: number; tuned: boolean; floors: Floors }[] = [
  { name: 'd801–d860', file: 'intake-dev-fresh-a.json', cases: 60, tuned: true, floors: floors({ urgency: 98.3, dimensions: 98.3, whole: 96.6 }) },
  { name: 'd901–d1000', file: 'intake-dev-fresh-b.json', cases: 100, tuned: true, floors: floors({ form: 99, dimensions: 98, topics: 97, whole: 95 }) },
  { name: 'd1101–d1160', file: 'intake-dev-fresh-c.json', cases: 60, tuned: true, floors: floors({ dimensions: 96.6, topics: 98.3, whole: 96.6 }) },
  { name: 'd1201–d1260', file: 'intake-dev-fresh-d.json', cases: 60, tuned: true, floors: floors({ dimensions: 93.3, topics: 96.6, whole: 93.3 }) },
  { name: 'd1301–d1360', file: 'intake-dev-fresh-e.json', cases: 60, tuned: true, floors: floors({ dimensions: 95, topics: 96.6, whole: 93.3 }) },
  { name: 'd1401–d1460', file: 'intake-dev-fresh-f.json', cases: 60, tuned: true, floors: floors({ dimensions: 95, topics: 93.3, whole: 88.3 }) },
  { name: 'd1501–d1560', file: 'intake-dev-fresh-g.json', cases: 60, tuned: true, floors: floors({ setting: 98.3, patientAge: 98.3, dimensions: 90, topics: 95, whole: 83.3 }) },
  { name: 'd1601–d1660', file: 'intake-dev-fresh-h.json', cases: 60, tuned: true, floors: floors({ setting: 98.3, form: 98.3, dimensions: 98.3, whole: 96.6 }) },
  { name: 'd1701–d1760', file: 'intake-dev-fresh-i.json', cases: 60, tuned: true, floors: floors({ form: 96.6, dimensions: 98.3, topics: 93.3, whole: 88.3 }) },
  { name: 'd1801–d1860', file: 'intake-dev-fresh-j.json', cases: 60, tuned: true, floors: floors({ dimensions: 91.6, topics: 98.3, whole: 91.6 }) },
  { name: 'd1901–d1960', file: 'intake-dev-fresh-k.json', cases: 60, tuned: true, floors: floors({ dimensions: 98.3, topics: 98.3, whole: 96.6 }) },
  { name: 'd2001–d2060', file: 'intake-dev-fresh-l.json', cases: 60, tuned: true, floors: floors({ topics: 98.3, whole: 98.3 }) },
  // Written last, by the seventh writer of the session of 2026-12-03, and only measured; floors are its first figures (one
  // message, d2118, was read to find why a rule had made it worse, and that rule was mended).
  { name: 'd2101–d2160', file: 'intake-dev-fresh-m.json', cases: 60, tuned: false, floors: floors({ setting: 90, form: 96.6, patientAge: 98.3, dimensions: 81.6, topics: 88.3, whole: 66.6 }) },
  { name: 'd2201–d2260', file: 'intake-dev-fresh-n.json', cases: 60, tuned: true, floors: floors({ form: 98.3, whole: 98.3 }) },
  { name: 'd2301–d2360', file: 'intake-dev-fresh-o.json', cases: 60, tuned: true, floors: floors({ setting: 98.3, form: 98.3, dimensions: 95, topics: 98.3, whole: 91.6 }) },
  { name: 'd2401–d2460', file: 'intake-dev-fresh-p.json', cases: 60, tuned: true, floors: floors({ dimensions: 91.6, topics: 91.6, whole: 85 }) },
  { name: 'd2501–d2560', file: 'intake-dev-fresh-q.json', cases: 60, tuned: true, floors: floors({ urgency: 98.3, setting: 98.3, form: 98.3, patientSex: 98.3, dimensions: 91.6, topics: 95, whole: 81.6 }) },
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

// Every development message is a consult request; typed without "consult" before it, the bot should read it as one. The
// rule for phone-typed requests (a described patient, something clinical, a question or a request for contact or a time)
// took this from 1,030 to 1,837 of the 1,860; the rest get the hint to type "consult" first.
describe('free text read as a consult request', () => {
  it('reads at least 98 % of the development messages as requests, and prints how many', () => {
    const all = ['intake-dev.json', ...FRESH_BATCHES.map((batch) => batch.file)].flatMap((file) => readCases(file));
    const share = recognisedShare(all);
    printRecognised('the development sets', share, all.length);
    expect(all).toHaveLength(1860);
    expect(100 * share).toBeGreaterThanOrEqual(98);
  });
});
