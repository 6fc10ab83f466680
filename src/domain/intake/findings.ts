import type { Dimension } from '../consultRequest.js';
import { contextOf } from './context.js';
import { DIMENSION_TERMS, STRAIN, TOPIC_DIMENSION, TOPIC_TERMS, type Topic } from './lexicon.js';

const pattern = (terms: readonly string[]) => new RegExp(String.raw`(?<![a-z])(?:${terms.join('|')})`, 'g');
const TOPIC_PATTERNS = Object.entries(TOPIC_TERMS).map(([topic, terms]) => [topic as Topic, pattern(terms)] as const);
const DIMENSION_PATTERNS = Object.entries(DIMENSION_TERMS).map(([dimension, terms]) => [dimension as Dimension, pattern(terms)] as const);
const STRAIN_WORD = new RegExp(String.raw`^(?:${STRAIN.join('|')})`);
const STRAIN_ANYWHERE = pattern(STRAIN);

const TREATMENTS = new Set<Topic>(['palliatieve sedatie', 'medicatie']);

export interface Findings {
  topics: Topic[];
  dimensions: Set<Dimension>;
}

/**
 * Topics and dimensions the text asserts about the patient now. A negated or finished finding
 * does not count. A relative's strain (tired, exhausted, anxious) is overbelasting of the carer,
 * so sociaal; the relative's other findings do not count, except what is social or existential
 * by nature (a family conflict, a euthanasia question asked by the family).
 */
export function findingsOf(n: string, patientSex?: 'man' | 'vrouw'): Findings {
  const topics = new Set<Topic>();
  const dimensions = new Set<Dimension>();
  const holds = (at: number, dimension: Dimension, text: string, treatment = false): Dimension | 'strain' | undefined => {
    const context = contextOf(n, at, patientSex);
    if (context.negated) return undefined;
    // A relative who speaks of the patient's sedation or drugs still speaks of the patient's treatment.
    const bodily = (dimension === 'fysiek' || dimension === 'psychisch') && !treatment;
    if (bodily && context.over) return undefined;
    if (bodily && context.relative) return STRAIN_WORD.test(text) ? 'strain' : undefined;
    return dimension;
  };
  for (const [topic, re] of TOPIC_PATTERNS) {
    for (const m of n.matchAll(re)) {
      const held = holds(m.index, TOPIC_DIMENSION[topic], n.slice(m.index), TREATMENTS.has(topic));
      if (held === 'strain') {
        topics.add('overbelasting');
        dimensions.add('sociaal');
      } else if (held) {
        topics.add(topic);
        dimensions.add(held);
      }
    }
  }
  for (const [dimension, re] of DIMENSION_PATTERNS) {
    for (const m of n.matchAll(re)) {
      const held = holds(m.index, dimension, n.slice(m.index));
      if (held) dimensions.add(held === 'strain' ? 'sociaal' : held);
    }
  }
  // Strain that no topic names ("partner ook op", "slaapt slecht") counts only for a relative.
  for (const m of n.matchAll(STRAIN_ANYWHERE)) {
    if (holds(m.index, 'psychisch', n.slice(m.index)) !== 'strain') continue;
    topics.add('overbelasting');
    dimensions.add('sociaal');
  }
  return { topics: Object.keys(TOPIC_TERMS).filter((t) => topics.has(t as Topic)) as Topic[], dimensions };
}
