import { readFileSync } from 'node:fs';
import type { Complexity, ConsultForm, Dimension, Setting, Urgency } from '../../src/domain/consultRequest.js';
import { looksLikeConsultRequest, parseConsultText, type IntakeResult, type PatientSex, type Topic } from '../../src/domain/intake.js';

/** What a careful clinician would pre-fill from the text alone; null means the text does not say it. */
export interface Expected {
  urgency: Urgency | null;
  setting: Setting | null;
  form: ConsultForm | null;
  complexity: Complexity | null;
  dimensions: Dimension[];
  topics: Topic[];
  patientAge: number | null;
  patientSex: PatientSex | null;
  question?: string;
}
export interface IntakeCase {
  id: string;
  text: string;
  writer?: string;
  style?: string[];
  expected: Expected;
}

export const readCases = (name: string): IntakeCase[] => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as IntakeCase[];

export const SCALARS = ['urgency', 'setting', 'form', 'complexity', 'patientAge', 'patientSex'] as const;
export const FIELDS = [...SCALARS, 'dimensions', 'topics', 'question'] as const;
export type Field = (typeof FIELDS)[number];

/**
 * Whether one field of the parse agrees with the label, or undefined when the label does not
 * score it (question is labelled only in some cases). Topics lists the key topics, so more may be found.
 */
export function agrees(field: Field, actual: IntakeResult, expected: Expected): boolean | undefined {
  if (field === 'question') return expected.question === undefined ? undefined : actual.question === expected.question;
  if (field === 'topics') return expected.topics.every((t) => actual.topics.includes(t));
  if (field === 'dimensions') return JSON.stringify(actual.dimensions) === JSON.stringify(expected.dimensions);
  return (actual[field] ?? null) === expected[field];
}

export interface Score {
  cases: number;
  /** Share of scored cases right, per field, 0–1. */
  field: Record<Field, number>;
  /** Share of cases with every scored field right. */
  whole: number;
}

/** Aggregate accuracy of the parser on a set of cases; tells nothing about any single case. */
export function score(cases: readonly IntakeCase[]): Score {
  const right = new Map<Field, number>(FIELDS.map((f) => [f, 0]));
  const scored = new Map<Field, number>(FIELDS.map((f) => [f, 0]));
  let whole = 0;
  for (const c of cases) {
    const actual = parseConsultText(c.text);
    let all = true;
    for (const f of FIELDS) {
      const ok = agrees(f, actual, c.expected);
      if (ok === undefined) continue;
      scored.set(f, scored.get(f)! + 1);
      if (ok) right.set(f, right.get(f)! + 1);
      else all = false;
    }
    if (all) whole++;
  }
  const field = Object.fromEntries(FIELDS.map((f) => [f, scored.get(f)! === 0 ? 1 : right.get(f)! / scored.get(f)!])) as Record<Field, number>;
  return { cases: cases.length, field, whole: cases.length === 0 ? 1 : whole / cases.length };
}

const pct = (share: number) => `${(100 * share).toFixed(1)}%`;

/** One line per field and one for whole messages. */
function scoreTable(s: Score): { field: string; accuracy: string }[] {
  return [...FIELDS.map((f) => ({ field: f, accuracy: pct(s.field[f]) })), { field: 'whole message', accuracy: pct(s.whole) }];
}

/** Prints the figures of one set in the test output. */
export function printScore(set: string, s: Score): void {
  console.log(`Intake accuracy on ${set} (${s.cases} messages):`);
  console.table(scoreTable(s));
}

/**
 * Share of the cases (every one a consult request) that the bot reads as a request at all when typed without "consult"
 * before it: the rest get the hint to type "consult" first. Aggregate only.
 */
export function recognisedShare(cases: readonly IntakeCase[]): number {
  return cases.length === 0 ? 1 : cases.filter((c) => looksLikeConsultRequest(c.text)).length / cases.length;
}

export function printRecognised(set: string, share: number, cases: number): void {
  console.log(`Read as a consult request without "consult" before it, on ${set}: ${Math.round(share * cases)} of ${cases} (${pct(share)})`);
}
