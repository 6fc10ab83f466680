import { DIMENSIONS, type Complexity, type ConsultForm, type Dimension, type Setting, type Urgency } from './consultRequest.js';

/**
 * Clinical topics the intake recognises, each with the one dimension it pre-fills.
 * Delier and onrust count as fysiek: the Dutch palliative guidelines (Delier, Palliatieve sedatie)
 * treat them as symptoms with a somatic cause, and the specialist may still add psychisch.
 * Doodswens and versterven sit with euthanasievraag under spiritueel, as questions about the end of life.
 */
export const TOPIC_DIMENSION = {
  pijn: 'fysiek', benauwdheid: 'fysiek', misselijkheid: 'fysiek', braken: 'fysiek', obstipatie: 'fysiek', ileus: 'fysiek',
  delier: 'fysiek', onrust: 'fysiek', vermoeidheid: 'fysiek', 'palliatieve sedatie': 'fysiek', medicatie: 'fysiek',
  reutelen: 'fysiek', hik: 'fysiek', jeuk: 'fysiek', slikproblemen: 'fysiek', 'eten en drinken': 'fysiek',
  decubitus: 'fysiek', insulten: 'fysiek', bloeding: 'fysiek',
  angst: 'psychisch', somberheid: 'psychisch', depressie: 'psychisch',
  mantelzorg: 'sociaal', overbelasting: 'sociaal', thuissituatie: 'sociaal', familieconflict: 'sociaal',
  zingeving: 'spiritueel', levensvragen: 'spiritueel', geloof: 'spiritueel', euthanasievraag: 'spiritueel',
  doodswens: 'spiritueel', versterven: 'spiritueel',
} as const satisfies Record<string, Dimension>;

export type Topic = keyof typeof TOPIC_DIMENSION;
export type PatientSex = 'man' | 'vrouw';

/** A pre-fill for the consult form. A field is absent when the text does not say it; arrays may be empty. */
export interface IntakeResult {
  urgency?: Urgency;
  setting?: Setting;
  form?: ConsultForm;
  complexity?: Complexity;
  /** In the form's order (fysiek, psychisch, sociaal, spiritueel). */
  dimensions: Dimension[];
  topics: Topic[];
  /** The request without a leading command word such as "consult:"; otherwise verbatim. */
  question?: string;
  patientAge?: number;
  patientSex?: PatientSex;
}

// Every pattern runs on normalised text: lower case, without diacritics, single spaces.
const TOPIC_PATTERNS: [Topic, RegExp][] = [
  ['pijn', /pijn|pjin/],
  ['benauwdheid', /benau?w|benouwd|dyspn|kortadem|ademnood|luchthonger/],
  ['misselijkheid', /missel|misslijk|nausea/],
  ['braken', /\bbraakt?\b|\bbraken|spugen|overgeven|\bvomit/],
  ['obstipatie', /obstip|verstop|geen ontlasting|laxan/],
  ['ileus', /\bileus/],
  ['delier', /delier|delira|verward/],
  ['onrust', /onrus|agita|geagiteerd/],
  ['vermoeidheid', /vermoeid|\bmoe\b|moeheid|fatigue/],
  ['palliatieve sedatie', /\bsedat|\bseder|gesedeerd/],
  ['medicatie', /medicat|morfine|oxycodon|fentanyl|hydromorfon|methadon|opioid|opiat|midazolam|haloperidol|levomepromazine|pomp\b|\bpomp/],
  ['reutelen', /reutel|rochel|death rattle/],
  ['hik', /\bhik(t|ken)?\b/],
  ['jeuk', /\bjeuk/],
  ['slikproblemen', /slikprobl|slikklacht|kan (niet|slecht) (meer )?slikken|dysfagie/],
  ['eten en drinken', /\beet (\w+ ){0,3}(niet|nauwelijks|weinig)|drinkt (\w+ ){0,2}(niet|nauwelijks|weinig)|weigert (\w+ ){0,2}(eten|drinken|voeding)|(wil|kan) (\w+ ){0,2}niet (meer )?(eten|drinken)\b|anorexie|cachexie|vochttoediening|vochtinfuus|sondevoeding/],
  ['decubitus', /decubitus|doorligplek/],
  ['insulten', /insult|epilep|convulsie/],
  ['bloeding', /bloeding|bloedt/],
  ['angst', /\bangs|\bbang\b|panie?k/],
  ['somberheid', /somber|neerslachtig/],
  ['depressie', /depress|\bdepri/],
  ['mantelzorg', /mantelzorg/],
  ['overbelasting', /overbelast|draagkracht|draaglast|kan (het|dit|de zorg|de situatie) (\w+ )?niet (meer )?aan\b|houdt het niet (meer )?vol|\bhet niet meer trekt|\btrekt het niet (meer)?|\b(echtgeno\w*|partner|mantelzorger|dochter|zoon|man|vrouw) is (\w+ )?op(?= ?([.,;!?]|$|en\b|maar\b))/],
  ['thuissituatie', /thuissituatie|woont alleen|alleenstaand|zorg (\w+ )?niet (meer )?(te regelen|rond)\b/],
  ['familieconflict', /familieconflict|onenigheid|\b(famil\w*|kinderen|zoon|dochter|partner)\b(\W+\w+){0,3}\W+(oneens|ruzie|conflict)/],
  ['zingeving', /zingev|zinloos|existentie|(leven|bestaan)\b(\W+\w+){0,3}\W+zin\b|zin (van|in) (het|zijn|haar) (leven|lijden|bestaan)|zin van (het|zijn|haar|de|deze) \w+|geestelijk verzorg/],
  ['levensvragen', /levensvra|levensbeschouw/],
  ['geloof', /geloof|religi|godsdienst|dominee|pastor|priester|imam|ziekenzalving/],
  ['euthanasievraag', /eut+h?[ae]n[ae]?s|levenseindevraag/],
  ['doodswens', /doodswens|stervenswens|\bwil (\w+ )?dood\b|wil niet meer leven/],
  ['versterven', /versterv|stoppen met eten en drinken|\bvsed\b|\bsmed\b/],
];

// Naming a dimension outright counts too; "psychosociaal" names two.
const DIMENSION_PATTERNS: [Dimension, RegExp][] = [
  ['fysiek', /\bfysie?k|lichamelijk/],
  ['psychisch', /psychis|psychosoc/],
  ['sociaal', /\bsocia|psychosoc/],
  ['spiritueel', /spiritu/],
];

// Said before the positive cues so that "geen spoed" is not read as spoed.
const NOT_URGENT = /\b(geen|niet|zonder) (\w+ )?(spoed\w*|haast|urgent\w*|dringend\w*|acuut|acute)\b|\blage prio\w*/g;
const URGENT = /\bspoed(?!eisend)|\bacuut\b|\bacute (vraag|situatie|zaak|verslechtering|benauwdheid|pijn|onrust|delier|bloeding)|\bdringend|\bz\.?s\.?m\b|zo (snel|spoedig) (als )?mogelijk|\basap\b|\burgent|\bcito\b|\bper direct\b|\bmet spoed\b/;
const TODAY = /\b(vandaag|vanmiddag|vanavond)\b|in de loop van de dag|binnen (enkele|een paar|2|3|twee|drie) uur/g;
// "vandaag gestart met morfine" tells what happened, not when to answer.
const TODAY_NARRATIVE = /^[^.;!?]{0,40}\b(geweest|gevallen|gestart|begonnen|gehad|gezien|gegeven|ontstaan|overleden|verslechterd)\b/;
const THIS_WEEK = /\bdeze week\b|\bkomende (dagen|week)\b|\bbinnen (een paar|enkele|2|3|twee|drie) dagen\b|\b(over)?morgen\b|\bvolgende week\b|\bna het weekend\b|\beinde? van de week\b|\bbinnenkort\b/;

function urgencyOf(n: string): Urgency | undefined {
  const rest = n.replace(NOT_URGENT, ' ');
  const notUrgent = rest !== n;
  if (URGENT.test(rest)) return 'spoed';
  for (const m of rest.matchAll(TODAY)) if (!TODAY_NARRATIVE.test(rest.slice(m.index + m[0].length))) return 'vandaag';
  // "volgende week" and "morgen" land here too: deze-week is the least urgent choice the form has.
  if (notUrgent || THIS_WEEK.test(rest)) return 'deze-week';
  return undefined;
}

// Destinations, wishes and history name a place the patient is not in now.
const NOT_HERE = [
  /\b(naar|uit) (het |een |de )?(huis|ziekenhuis|zkh|hospice|verpleeghuis|vph|seh)\b/g,
  /\b(ziekenhuis|hospice|verpleeghuis|vph)[- ]?opname\b|\bopname in (het |een )?\w+/g,
  /\b(thuis|in huis) (te |willen )?(sterven|overlijden|dood ?gaan)\b/g,
  /\b(opgenomen geweest|eerder opgenomen|was opgenomen)\b/g,
];
const INSTITUTIONS: [Setting, RegExp][] = [
  ['hospice', /\bhospice|bijna[- ]?thuis[- ]?huis|\bbth\b/g],
  ['verpleeghuis', /\bverpleeg(te)?huis|\bvph\b|\bpg[- ]?afd|psychogeriatri|\bwzc\b|woonzorgcentrum|verzorgingshuis|\belv\b|kleinschalig wonen/g],
  ['ziekenhuis', /\bziekenhuis|\bzkh\b|\b(afdeling|afd\.?) (interne|long\w*|oncologie|cardiologie|geriatrie|neurologie|chirurgie|mdl)\b|\binterne afdeling|\bseh\b|\bu?mc\b|\bmumc\b/g],
];
const ADMITTED = /\bopgenomen\b/;
const HOME = /\bthuis(wonend\w*|situatie|zorg)?\b|\bwoont (alleen|zelfstandig)\b/;

function settingOf(n: string): Setting | undefined {
  const text = NOT_HERE.reduce((t, re) => t.replace(re, ' '), n);
  // A named institution beats "opgenomen", which beats "thuis": institutions are rarely mentioned in passing.
  const named = INSTITUTIONS.flatMap(([setting, re]) => [...text.matchAll(re)].map((m) => ({ setting, at: m.index })));
  named.sort((a, b) => a.at - b.at);
  if (named[0]) return named[0].setting;
  if (ADMITTED.test(text)) return 'ziekenhuis';
  return HOME.test(text) ? 'thuis' : undefined;
}

const FORMS: [ConsultForm, RegExp][] = [
  ['digitaal', /beeld ?bel\w*|\bvideo\w*|\bchat\w*|\bsiilo\b|\b(via|per|in) (ms )?teams\b|\bdigita\w*|\b(e-?)?mail(en)?\b|\bapp(en)?\b|whats ?app|zorgmail|zivver|schriftelijk (advies|antwoord)/g],
  ['telefonisch', /\btelefo\w*|\b(terug|op)?bell?en\b|\bbel\b|\bbelt u\b|\bterugbel\w*|\bbelletje\b|\boverleggen\b(?! met (de |het |haar |zijn )?(famil|kinder|zoon|dochter|partner|echtgeno|patient|mantelzorg))|\b(graag|gewenst|verzoek|kort|even|wil|willen)\b(\W+\w+){0,3}\W+overleg\b|\boverleg (gewenst|graag|svp|aub)\b/g],
  ['bedside', /\blangs ?(te |kan |kunnen )?komen\b|\blangskom\w*|\bkom (\w+ )?langs\b|\baan (het )?bed\b|\bbedside\b|\bvisite\b|huisbezoek|\bmee ?kijken\b|\bkomen kijken\b|\bter plaatse\b|consult aan huis/g],
];
// "tijdens mijn huisbezoek", "na telefonisch overleg" and "ik sta aan bed" describe, they do not ask.
const FORM_NARRATIVE = /\b(bij|tijdens|na) (de |het |mijn |een )?$/;
const AT_BED_NOW = /\b(sta|zit|ben|stond|zat|was) (\w+ )?$/;
const SECONDARY = /\b(evt\.?|eventueel|zo ?nodig|z\.?n\.?|indien nodig|later|daarna|anders) $/;

function formOf(n: string): ConsultForm | undefined {
  const cues = FORMS.flatMap(([form, re]) =>
    [...n.matchAll(re)].map((m) => {
      const before = n.slice(Math.max(0, m.index - 20), m.index);
      const narrative = FORM_NARRATIVE.test(before) || (form === 'bedside' && AT_BED_NOW.test(before));
      return { form, at: m.index, narrative, secondary: SECONDARY.test(before) };
    }),
  ).filter((c) => !c.narrative);
  cues.sort((a, b) => Number(a.secondary) - Number(b.secondary) || a.at - b.at);
  return cues[0]?.form;
}

function complexityOf(n: string): Complexity | undefined {
  if (/\bhoog ?complex|\b(zeer|heel) complex|\bmeebehandel|\bregiefunctie\b/.test(n)) return 'hoog';
  if (/\blaag ?complex|\bniet (zo |erg )?complex|\b(korte|eenvoudige|simpele|snelle|kleine) vraag|\bkort vraagje\b/.test(n)) return 'laag';
  if (/\bcomplex|\bingewikkeld|\bgecompliceerd/.test(n)) return 'complex';
  return undefined;
}

const FEMALE = /^(mw|mevr|mevrouw|mvr|vrouw|dame|patiente|pte|v|moeder|oma)$/;
const MALE = /^(dhr|meneer|mijnheer|mnr|de heer|heer|man|m|vader|opa)$/;
const sexOf = (word: string | undefined): PatientSex | undefined =>
  word === undefined ? undefined : FEMALE.test(word) ? 'vrouw' : MALE.test(word) ? 'man' : undefined;
const TITLE = String.raw`mw|mevr|mevrouw|mvr|dhr|meneer|mijnheer|mnr|de heer|patiente|pte|patient|pat|pt|man|vrouw|vader|moeder|opa|oma`;
// Title (not "haar man", the partner), then perhaps initials and a surname closed by "(" or ",", then the age with or without a unit.
const AGE_AFTER_TITLE = new RegExp(
  String.raw`(?<!\b(?:haar|zijn|z'n|d'r) )\b(${TITLE})\b\.?(?:\s*(?:[a-z]\.)+)?(?:\s+(?:[a-z'-]+\s+){0,2}[a-z'-]+(?=\s*[(,]))?\s*[,:(]?\s*(?:van\s+)?(\d{1,3})\s*(?:-?\s*(?:jr|jaar|j|jarige)\b\.?|(?=\s*[,;)/]|\s*$))`,
  'g',
);
const AGE_BEFORE_NOUN = /\b(\d{1,3}) ?-? ?jarige\b(?: (man|vrouw|dame|heer|meneer|mevrouw|patiente|patient))?/;
const SEX_AND_AGE = /\(\s*(m|v|man|vrouw)\s*[,/ ]\s*(\d{1,3})\s*(?:jr|jaar|j)?\s*\)|\b(m|v)\/(\d{2,3})\b/;
const FIRST_TITLE = /\b(mw|mevr|mevrouw|mvr|dhr|meneer|mijnheer|mnr|de heer|patiente)\b/;

function patientOf(n: string): { patientAge?: number; patientSex?: PatientSex } {
  const plausible = (age: number) => age >= 16 && age <= 120;
  let age: number | undefined;
  let sex: PatientSex | undefined;
  const byTitle = [...n.matchAll(AGE_AFTER_TITLE)].find((m) => plausible(Number(m[2])));
  const byNoun = AGE_BEFORE_NOUN.exec(n);
  const inBrackets = SEX_AND_AGE.exec(n);
  if (byTitle) [age, sex] = [Number(byTitle[2]), sexOf(byTitle[1])];
  else if (byNoun && plausible(Number(byNoun[1]))) [age, sex] = [Number(byNoun[1]), sexOf(byNoun[2])];
  else if (inBrackets) [age, sex] = [Number(inBrackets[2] ?? inBrackets[4]), sexOf(inBrackets[1] ?? inBrackets[3])];
  if (age !== undefined && !plausible(age)) age = undefined;
  // Only a form of address counts on its own: a bare "man" or "vrouw" is often the partner.
  sex ??= sexOf(inBrackets?.[1] ?? inBrackets?.[3]) ?? sexOf(FIRST_TITLE.exec(n)?.[1]);
  return { ...(age !== undefined ? { patientAge: age } : {}), ...(sex ? { patientSex: sex } : {}) };
}

const COMMAND = /^\s*(?:\/?consult(?:aanvraag|vraag)?(?:\s+aanvragen)?|nieuw consult|verzoek om (?:een )?consult)(?:\s*[:\-–—.!]+\s*|\s+(?!(?:gevraagd|aangevraagd|nodig|gewenst|graag|voor|over|bij|ivm|i\.v\.m\.|mbt|m\.b\.t\.|met|van|door|op|is|was)\b)|\s*$)/i;

/** Lower case, no diacritics, typographic quotes and dashes made plain, single spaces. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Pre-fills the consult form from a free-text request; the user confirms every field before sending. */
export function parseConsultText(text: string): IntakeResult {
  const n = normalise(text);
  const topics = TOPIC_PATTERNS.filter(([, re]) => re.test(n)).map(([topic]) => topic);
  const named = new Set<Dimension>([
    ...topics.map((topic) => TOPIC_DIMENSION[topic]),
    ...DIMENSION_PATTERNS.filter(([, re]) => re.test(n)).map(([dimension]) => dimension),
  ]);
  const question = text.replace(COMMAND, '').trim();
  const urgency = urgencyOf(n);
  const setting = settingOf(n);
  const form = formOf(n);
  const complexity = complexityOf(n);
  return {
    ...(urgency ? { urgency } : {}),
    ...(setting ? { setting } : {}),
    ...(form ? { form } : {}),
    ...(complexity ? { complexity } : {}),
    dimensions: DIMENSIONS.filter((d) => named.has(d)),
    topics,
    ...(question ? { question } : {}),
    ...patientOf(n),
  };
}

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
  const n = normalise(text);
  if (!n || ADDRESSED.test(n) || BOT_COMMAND.test(n)) return false;
  const patient = patientOf(n);
  const described = patient.patientAge !== undefined || patient.patientSex !== undefined;
  if (STATISTICS.test(n) && !described) return false;
  if (ASKS_CONSULT.some((re) => re.test(n))) return true;
  const asksQuestion = n.includes('?');
  const clinical = TOPIC_PATTERNS.some(([, re]) => re.test(n));
  return asksQuestion && clinical && (described || urgencyOf(n) === 'spoed');
}
