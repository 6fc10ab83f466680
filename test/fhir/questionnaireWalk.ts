import { readFileSync } from 'node:fs';

/** The IKNL Questionnaire ACP-zib2020 (0.1.3-beta3) in test/fixtures/fhir, item by item. */

interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
export interface QuestionnaireItem {
  linkId: string;
  text?: string;
  type: string;
  repeats?: boolean;
  answerOption?: { valueCoding?: Coding }[];
  enableWhen?: { question: string; answerCoding?: Coding }[];
  item?: QuestionnaireItem[];
  /** Set by questionnaireItems: the item sits inside a group that repeats (phone numbers, e-mail addresses). */
  inRepeatingGroup?: boolean;
}

export const QUESTIONNAIRE = JSON.parse(
  readFileSync(new URL('../fixtures/fhir/Questionnaire-ACP-zib2020.json', import.meta.url), 'utf8'),
) as { url: string; version: string; item: QuestionnaireItem[] };

/** Every item, groups included, depth first. */
export function questionnaireItems(items = QUESTIONNAIRE.item, inRepeatingGroup = false): QuestionnaireItem[] {
  return items.flatMap((item) => [{ ...item, inRepeatingGroup }, ...questionnaireItems(item.item ?? [], inRepeatingGroup || (item.type === 'group' && item.repeats === true))]);
}

/** For each question that another item's enableWhen depends on, the answer that enables it. */
function enablingAnswers(): Map<string, Coding> {
  return new Map(questionnaireItems().flatMap((item) => (item.enableWhen ?? []).flatMap((when) => (when.answerCoding ? [[when.question, when.answerCoding] as const] : []))));
}

/**
 * A QuestionnaireResponse that answers every item of the Questionnaire: each choice with the
 * option that enables its dependent items (else the first option), each text with a text that
 * names its linkId, and the two dates just before midnight UTC.
 */
export function maximalResponse(): Record<string, unknown> {
  const enabling = enablingAnswers();
  const options = (item: QuestionnaireItem) => item.answerOption?.flatMap((option) => option.valueCoding ?? []) ?? [];
  const answerFor = (item: QuestionnaireItem): Record<string, unknown> => {
    if (item.type === 'dateTime') return { valueDateTime: item.linkId === '967' ? '1960-12-31T23:30:00Z' : '2020-11-08T23:30:00Z' };
    if (item.type === 'open-choice') return { valueString: `Tekst ${item.linkId}` };
    if (item.type === 'choice') {
      const wanted = enabling.get(item.linkId);
      const option = options(item).find((coding) => coding.code === wanted?.code) ?? options(item)[0];
      return { valueCoding: option };
    }
    return { valueString: `Tekst ${item.linkId}` };
  };
  const build = (items: QuestionnaireItem[]): Record<string, unknown>[] =>
    items.map((item) => {
      const children = build(item.item ?? []);
      if (item.type === 'group') return { linkId: item.linkId, item: children };
      const answer = answerFor(item);
      return { linkId: item.linkId, answer: [children.length > 0 ? { ...answer, item: children } : answer] };
    });
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `${QUESTIONNAIRE.url}|${QUESTIONNAIRE.version}`,
    status: 'completed',
    item: build(QUESTIONNAIRE.item),
  };
}
