import { describe, expect, it } from 'vitest';
import { FIELDS, printRecognised, readCases, printScore, recognisedShare, score, type Field } from '../support/intakeScoring.js';

/**
 * The held-out set (test/fixtures/README-intake-heldout.md) was written blind to the parser and is
 * never tuned on: this test prints only aggregate figures, never a case or its text.
 */
const heldOut = readCases('intake-heldout.json');
const result = score(heldOut);

// The goal of issue #20: every field at least 95 %, whole messages at least 80 %. A field that has
// not reached it yet is held to the figure measured (percentages, rounded down), so a change that
// makes the parser worse still turns the test red. Remove a floor once its field reaches the goal.
const FIELD_GOAL = 95;
const WHOLE_GOAL = 80;
// Measured on 2026-12-03 in the one run that session allowed itself (README-intake-heldout.md): dimensions 94.1 % (174 of
// 185), topics 93.0 % (172 of 185), both over the floors before it (173 and 171), so by the rule written down before the
// run the parser landed and the floors became its figures, rounded down (94.0 and 92.9).
const NOT_YET_REACHED: Partial<Record<Field, number>> = { dimensions: 94, topics: 92.9 };
const floorOf = (field: Field) => NOT_YET_REACHED[field] ?? FIELD_GOAL;
// The first measurement, in the one run of the second session of 2026-12-03 (README-intake-heldout.md): 181 of 185
// (97.8 %); with the rule before that session, 85 of 185.
const RECOGNISED_FLOOR = 97.8;

describe('intake on the held-out set (185 messages written blind to the parser)', () => {
  it('prints the accuracy per field and for whole messages', () => {
    printScore('the held-out set', result);
    expect(result.cases).toBe(185);
  });

  it.each(FIELDS)('gets %s right in at least 95 %% of the messages (or, until then, its floor)', (field) => {
    expect(100 * result.field[field]).toBeGreaterThanOrEqual(floorOf(field));
  });

  it('gets at least 80 % of the messages fully right', () => {
    expect(100 * result.whole).toBeGreaterThanOrEqual(WHOLE_GOAL);
  });

  // Not a field of the form but the step before it: whether a message typed without "consult" gets the form at all.
  it('reads the messages as consult requests, and prints how many', () => {
    const share = recognisedShare(heldOut);
    printRecognised('the held-out set', share, heldOut.length);
    expect(100 * share).toBeGreaterThanOrEqual(RECOGNISED_FLOOR);
  });
});
