import { describe, expect, it } from 'vitest';
import { FIELDS, readCases, score, scoreTable, type Field } from '../support/intakeScoring.js';

/**
 * The held-out set (test/fixtures/README-intake-heldout.md) was written blind to the parser and is
 * never tuned on: this test prints only aggregate figures, never a case or its text.
 */
const heldOut = readCases('intake-heldout.json');
const result = score(heldOut);

// The goal of issue #20 is every field ≥ 95 % and whole messages ≥ 80 %. Until it is reached these
// floors are the figures measured, so a change that makes the parser worse turns the test red.
// Percentages, rounded down.
const FIELD_FLOOR: Record<Field, number> = {
  urgency: 79.4, setting: 82.7, form: 77.8, complexity: 98.9, patientAge: 72.9, patientSex: 84.8, dimensions: 66.4, topics: 55.6, question: 55.5,
};
const WHOLE_FLOOR = 27.0;

describe('intake on the held-out set (185 messages written blind to the parser)', () => {
  it('prints the accuracy per field and for whole messages', () => {
    console.log(`Intake accuracy on the held-out set (${result.cases} messages):`);
    console.table(scoreTable(result));
    expect(result.cases).toBe(185);
  });

  it.each(FIELDS)('gets %s right in at least its floor percentage of the messages', (field) => {
    expect(100 * result.field[field]).toBeGreaterThanOrEqual(FIELD_FLOOR[field]);
  });

  it('gets whole messages fully right in at least the floor percentage', () => {
    expect(100 * result.whole).toBeGreaterThanOrEqual(WHOLE_FLOOR);
  });
});
