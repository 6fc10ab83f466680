import { DIMENSIONS, type Complexity, type ConsultForm, type Dimension, type Setting, type Urgency } from './consultRequest.js';
import { findingsOf } from './intake/findings.js';
import { complexityOf, formOf, settingOf, urgencyOf } from './intake/fields.js';
import { TOPIC_DIMENSION, type Topic } from './intake/lexicon.js';
import { patientOf, type PatientSex } from './intake/patient.js';
import { questionOf } from './intake/question.js';
import { normalise, prepare } from './intake/text.js';

/**
 * The rule parser for a consult request in a clinician's own words (issue #20). Pure: text in,
 * a pre-fill out, which the user confirms field by field before anything is sent.
 *
 * Delier and onrust count as fysiek: the Dutch palliative guidelines (Delier, Palliatieve sedatie)
 * treat them as symptoms with a somatic cause, and the specialist may still add psychisch.
 * Doodswens and versterven sit with euthanasievraag under spiritueel, as questions about the end of life.
 */
export { normalise, TOPIC_DIMENSION, type PatientSex, type Topic };

/** A pre-fill for the consult form. A field is absent when the text does not say it; arrays may be empty. */
export interface IntakeResult {
  urgency?: Urgency;
  setting?: Setting;
  form?: ConsultForm;
  complexity?: Complexity;
  /** In the form's order (fysiek, psychisch, sociaal, spiritueel). */
  dimensions: Dimension[];
  topics: Topic[];
  /** The request without a leading command or urgency label, and without parts that only say how urgent it is. */
  question?: string;
  patientAge?: number;
  patientSex?: PatientSex;
}

/** Pre-fills the consult form from a free-text request; the user confirms every field before sending. */
export function parseConsultText(text: string): IntakeResult {
  const n = prepare(text);
  const patient = patientOf(n);
  const { topics, dimensions } = findingsOf(n, patient.patientSex);
  const question = questionOf(text);
  const urgency = urgencyOf(n);
  const setting = settingOf(n, patient.patientSex);
  const form = formOf(n);
  const complexity = complexityOf(n);
  return {
    ...(urgency ? { urgency } : {}),
    ...(setting ? { setting } : {}),
    ...(form ? { form } : {}),
    ...(complexity ? { complexity } : {}),
    dimensions: DIMENSIONS.filter((d) => dimensions.has(d)),
    topics,
    ...(question ? { question } : {}),
    ...patient,
  };
}

/**
 * The birth year an age most likely means: this year minus the age. One year too late when the
 * birthday is still to come this year, so the form asks the GP to confirm it.
 */
export const estimatedBirthYear = (age: number, today: Date): number => today.getFullYear() - age;

const ADDRESSED = /^\s*c(?:-[0-9a-z]{4}|(?=[a-z]*\d)[0-9a-z]{4})\b/;
const BOT_COMMAND = /^\s*(consulten|mijn consulten|my consults|afronden\b.*|close\b.*|help|hulp|rooster\b.*|oncall)\s*$/;
const STATISTICS = /\b(hoeveel|aantal(len)?|overzicht|statistiek\w*|rapportage\w*|kpi\w*|dashboard|trend\w*)\b/;
const ASKS_CONSULT = [
  /\bconsult(aanvraag|vraag|atie(vraag)?)?\b(?!bureau)|\bconsulteren\b|\bspoedconsult/,
  /\badvies\w* (gevraagd|nodig|gewenst|graag|vragen|aanvragen)\b|\badviesvraag|\b(graag|verzoek|vraag) (\w+ ){0,3}(om )?advies\b|\bwil(len)? (\w+ ){0,2}advies\b/,
  /\b(kan|kunt|kunnen|wil|wilt|zou|zouden|wie kan) (er )?(iemand|jullie|u|de specialist\w*|een specialist\w*|een kaderarts)? ?(\w+ ){0,3}(mee ?denken|mee ?kijken|adviseren|sparren)\b|\b(graag|wie kan) (\w+ )?mee ?denken\b/,
  /\bvraag (aan|voor) (de |een )?(specialist|consulent|kaderarts|consultatieteam|palliatief team)/,
];

/**
 * True when free text plainly asks for a consult. Conservative: explicit wording, or a question
 * about a described patient ("mw 84 jr … sedatie overwegen?"). Commands, messages addressed to a
 * running consult (C-7F3K: …) and statistics questions are not consult requests.
 */
export function looksLikeConsultRequest(text: string): boolean {
  const n = prepare(text);
  if (!n || ADDRESSED.test(n) || BOT_COMMAND.test(n)) return false;
  const patient = patientOf(n);
  const described = patient.patientAge !== undefined || patient.patientSex !== undefined;
  if (STATISTICS.test(n) && !described) return false;
  if (ASKS_CONSULT.some((re) => re.test(n))) return true;
  const asksQuestion = n.includes('?');
  const findings = findingsOf(n, patient.patientSex);
  if (asksQuestion && findings.topics.length > 0 && (described || urgencyOf(n) === 'spoed')) return true;
  // Typed on a phone, a request often has no question mark ("mw 84 thuis, veel pijn ondanks oxycodon, graag vandaag
  // terugbellen"), and a question about an ICD or the children names no symptom: a described patient, something the
  // request is about, and a question or a request for contact or a time make a request too.
  const about = findings.topics.length > 0 || findings.dimensions.size > 0;
  return described && about && (asksQuestion || ASKS.test(n) || formOf(n) !== undefined || urgencyOf(n) !== undefined);
}

const ASKS = /\b(graag|gaarne|verzoek|aub|svp|bel|bellen|terugbellen|terug bellen|overleg\w*|langs(komen)?|vraag|vragen|advies|adviseren|please|pls|call|ring|question|advice|advise)\b/;

/** Whether a text names something clinical (a symptom, a drug, a question of care): then an unknown message may be a request. */
export function soundsClinical(text: string): boolean {
  const n = prepare(text);
  return n.length > 0 && findingsOf(n).topics.length > 0;
}
