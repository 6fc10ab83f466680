import { RELATIVES } from './lexicon.js';

export type PatientSex = 'man' | 'vrouw';

/**
 * The patient's age and sex, however written: "58jr vrouw", "89j man", "(m) 81 jr", "mw van 93",
 * "mw is 84", "Mrs (84)", "male 76", "82 y/o woman", "pt (v, 66)". A relative's age or sex
 * ("haar man (82)", "mantelzorger (echtgenote, 80)") never counts.
 */

const FEMALE = String.raw`mw|mevr|mevrouw|mvr|vrouw|dame|patiente|pte|v|f|woman|female|mrs|lady|moeder|oma`;
const MALE = String.raw`dhr|meneer|mijnheer|mnr|de heer|heer|man|m|mr|male|gentleman|vader|opa`;
const SEX_WORD = new RegExp(String.raw`^(?:${FEMALE})$`);
const sexOf = (word: string): PatientSex => (SEX_WORD.test(word) ? 'vrouw' : 'man');

// Not the patient: a partner ("haar man"), a relative's bracket, a word used as a noun in passing.
const POSSESSIVE = /\b(haar|zijn|z'n|d'r|his|her|their|een|de|the|a|echtgenote|wife|husband|partner|van|met|and|en)\s*$/;
const UNIT = String.raw`(?:\s*-?\s*(?:jr|jaar|jarige|j|yo|y/o|y\.o\.|yrs?|years?(?:[ -]old)?|-year-old)\b\.?)`;
// A title, then perhaps initials or a surname, "is", "van", "is een man van", a bracket, then the age.
// After a title, a number followed by a word is an age ("dhr 83 kleinschalig wonen"), unless the word is a unit ("mw 20 mg").
const MEASURE = String.raw`(?:mg|ml|mcg|ug|g|gr|mmol|kg|cm|mm|uur|u|x|dd|keer|dag|dagen|week|weken|maand|maanden|min|minuten|procent|punten|nrs)\b`;
const TITLE_AGE = new RegExp(
  String.raw`(?<![a-z])(${FEMALE}|${MALE}|pt|pat|patient|patiente)\b\.?(?:\s*\((?:m|v|f)\))?(?:\s*(?:[a-z]\.)+)?(?:(?:\s+[a-z'-]+){1,2}(?=\s*[(,]))?\s*[,:(]?\s*(?:is\s+(?:een\s+(${FEMALE}|${MALE})\s+van\s+)?|(?:van|of)\s+(?:(?:ongeveer|circa|ca|rond|plm|about|around)\s+)?|aged?\s+(?:(?:about|around)\s+)?|,\s*)?(\d{1,3})(?:${UNIT}|(?=\s*[,;:)/.]|\s+(?!${MEASURE})[a-z]|\s*$))`,
  'g',
);
const AGE_SEX = new RegExp(String.raw`(?<![\d(,])\b(\d{1,3})${UNIT}?(?:[ ,]+|-)?\(?(${FEMALE}|${MALE})\)?(?![a-z])`, 'g');
const INTRODUCED = new RegExp(String.raw`\b(een|a|an)\s+(man|vrouw|woman|lady|gentleman|heer|dame|meneer|mevrouw)\s+(?:van|of)\s+(?:(?:ongeveer|circa|ca|rond|about|around)\s+)?(\d{1,3})\b`, 'g');
const AGE_UNIT = new RegExp(String.raw`(?<![\d-])\b(\d{1,3})${UNIT}`, 'g');
const BRACKET_SEX_AGE = /\(\s*(m|v|f|man|vrouw)\s*[,/ ]\s*(\d{1,3})\s*(?:jr|jaar|j)?\s*\)|\b(m|v)\/(\d{2,3})\b/;
const BRACKET_SEX = /(?:^|\s)\((m|v|f)\)/;
// Durations and dates look like ages: "sinds 20 jaar", "al 3 jaar", "over 2 jaar".
const DURATION_BEFORE = /\b(sinds|al|ruim|bijna|na|over|binnen|for|since|ago|afgelopen)\s*$/;
const TITLE_ALONE = /(?<![a-z])(mw|mevr|mevrouw|mvr|dhr|meneer|mijnheer|mnr|de heer|patiente|pte|mrs|mr)\b/;
const SEX_FIRST = new RegExp(String.raw`(?<![a-z'])(${FEMALE}|${MALE})(?![a-z'])`, 'g');

const plausible = (age: number) => age >= 16 && age <= 120;
const AFTER_RELATIVE = new RegExp(String.raw`\b(?:${RELATIVES.join('|')})\s*$`);

/**
 * A bracket right after a relative ("mantelzorger (echtgenote, 80)", "haar man (82)") is about
 * that relative and is blanked; any other is read as part of the sentence ("Mw (89)", "dhr (91 jr, thuis)").
 */
function unbracketed(n: string): string {
  return n.replace(/\(([^()]*)\)/g, (m, inner: string, at: number) => {
    if (AFTER_RELATIVE.test(n.slice(0, at))) return ' '.repeat(m.length);
    return /^\s*[mvf]\s*$/.test(inner) ? m : `, ${inner} ,`;
  });
}

function patientCandidates(plain: string): { age?: number; sex?: PatientSex; at: number }[] {
  const found: { age?: number; sex?: PatientSex; at: number }[] = [];
  const notPartner = (at: number) => !POSSESSIVE.test(plain.slice(Math.max(0, at - 14), at));
  for (const m of plain.matchAll(TITLE_AGE)) {
    const title = m[1]!;
    if (!notPartner(m.index) && !/^(mw|mevr|mevrouw|mvr|dhr|meneer|mijnheer|mnr|mrs|mr)$/.test(title)) continue;
    const said = m[2] ?? /\((m|v|f)\)/.exec(m[0])?.[1] ?? (/^(pt|pat|patient)$/.test(title) ? undefined : title === 'patiente' ? 'v' : title);
    found.push({ age: Number(m[3]), ...(said ? { sex: sexOf(said) } : {}), at: m.index });
  }
  // "een man van 58", "a woman of 84": an indefinite article before a title and its age introduces the patient.
  for (const m of plain.matchAll(INTRODUCED)) if (!/\b(met|with|and|en|heeft|has|haar|zijn|her|his)\s*$/.test(plain.slice(Math.max(0, m.index - 8), m.index))) found.push({ age: Number(m[3]), sex: sexOf(m[2]!), at: m.index });
  for (const m of plain.matchAll(AGE_SEX)) if (!DURATION_BEFORE.test(plain.slice(0, m.index))) found.push({ age: Number(m[1]), sex: sexOf(m[2]!), at: m.index });
  return found.filter((c) => c.age === undefined || plausible(c.age)).sort((a, b) => a.at - b.at);
}

export function patientOf(n: string): { patientAge?: number; patientSex?: PatientSex } {
  const inBrackets = BRACKET_SEX_AGE.exec(n);
  const plain = unbracketed(n);
  const first = patientCandidates(plain)[0];
  let age = first?.age;
  // "Pt 69 jr m": the title gives the age, the letter after it the sex.
  let sex = first?.sex ?? patientCandidates(plain).find((c) => c.age === age && c.sex)?.sex;
  if (age === undefined && inBrackets) {
    age = Number(inBrackets[2] ?? inBrackets[4]);
    sex ??= sexOf(inBrackets[1] ?? inBrackets[3] ?? '');
  }
  if (age === undefined) {
    const unit = [...plain.matchAll(AGE_UNIT)].find((m) => plausible(Number(m[1])) && !DURATION_BEFORE.test(plain.slice(0, m.index)) && !/\b(haar|zijn|his|her) \w+ $/.test(plain.slice(0, m.index)));
    if (unit) age = Number(unit[1]);
  }
  if (age !== undefined && !plausible(age)) age = undefined;
  // A form of address on its own counts; so does a first "man"/"vrouw" that is nobody's partner.
  sex ??= sexFromWords(plain) ?? (BRACKET_SEX.exec(plain) ? sexOf(BRACKET_SEX.exec(plain)![1]!) : undefined);
  return { ...(age !== undefined ? { patientAge: age } : {}), ...(sex ? { patientSex: sex } : {}) };
}

function sexFromWords(plain: string): PatientSex | undefined {
  const title = TITLE_ALONE.exec(plain);
  if (title) return sexOf(title[1]!);
  for (const m of plain.matchAll(SEX_FIRST)) {
    const word = m[1]!;
    if (word.length <= 2) continue;
    if (!POSSESSIVE.test(plain.slice(Math.max(0, m.index - 14), m.index))) return sexOf(word);
  }
  return undefined;
}
