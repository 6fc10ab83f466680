import type { Complexity, ConsultForm, Setting, Urgency } from '../consultRequest.js';
import { contextOf, isNegatedWord, isPastEvent } from './context.js';

/** The form's single-choice fields, read from normalised text; each is absent when the text does not say it. */

type Cue = { at: number; text: string };
const cuesOf = (n: string, re: RegExp): Cue[] => [...n.matchAll(re)].map((m) => ({ at: m.index, text: m[0] }));

// Negated urgency ("geen spoed", "not urgent", "no rush") is the least urgent choice the form has.
const NOT_URGENT = /\b(geen|niet|zonder|not|no|non)[ -](\w+ )?(spoed\w*|haast|urgent\w*|dringend\w*|acuut|rush|hurry)\b( (voor |for )?(vannacht|vanavond|vandaag|tonight|today))?|\b(no|geen) urgen(cy|tie)\b|\blage prio\w*|\blow prio\w*|\bspoed is het niet\b|\bhoeft niet (vandaag|nu|meteen|direct)\b|\b(niet|not) (per se |necessarily )?(vandaag|today)\b|\bniet (zo |erg )?(spoed|dringend|urgent)\w*/g;
const URGENT = /\b(need|needs|nodig)( \w+){0,2} now\b|\bspoed(?!eisend)\w*|\bacuut\b|\bacute (vraag|situatie|zaak|verslechtering|benauwdheid|pijn|onrust|delier|bloeding)|\bdringend\w*|\bz\.?s\.?m\b|zo (snel|spoedig) (als )?mogelijk|\basap\b|\bas soon as possible\b|\burgent\w*|\bcito\b|\bper direct\b|\bdirect (even |maar |meteen )?(bellen|terugbellen|contact|langs)\b|\b(kan|kunt|kunnen|graag|wil|wilt) (er )?(iemand |u |jullie )?direct\b|\bdirect (hulp|bellen|terugbellen|contact|langs|advies|nodig|iemand)\b|\b(kan|kunt|kunnen|graag|wil|wilt|moet|please)\b(\s\w+){0,3}\snu\b(\s\w+){0,2}\s(bellen|komen|langs|kijken|hulp|contact|geven|doen|give|do)\b|\bnu (iemand|hulp|bellen|komen|overleg|advies|contact|terugbellen|langs)\b|\b(bel|call|ring|kom|come) (me |mij |ons |us )?nu\b|\b(graag|please|kan|kunt|kunnen)\b(\s\w+){0,3}\snu\b(\s\w+){0,2}\s(advies|advice|overleg|telefonisch|terugbellen|adviseren|adviceren|advise|sparren)\b|\bright now\b|\bimmediately\b|\b(bel|call|kom|come|graag)( \w+){0,2} (direct|meteen|onmiddellijk)\b|\b(come|call|ring|visit|see (her|him|the patient))( \w+){0,2} now\b|\bnow,? please\b/g;
const TODAY = /\b(vandaag|vanmiddag|vanavond|today|this (afternoon|evening)|tonight)\b|in de loop van de dag|binnen (enkele|een paar|2|3|twee|drie) uur/g;
// "vandaag gestart met morfine" tells what happened, not when to answer; "vandaag helder" how the patient is.
const TODAY_STATE = /^\s*(weer |again )?(helder|rustig|stabiel|beter|goed|comfortabel|clear|calm|settled|better|stable|fine)\b/;
const TODAY_NARRATIVE = /^[^.;!?]{0,40}\b(geweest|gevallen|gestart|begonnen|gehad|gezien|gegeven|ontstaan|overleden|verslechterd|gehoord|verteld|besproken|ingestort|gedaan|gezegd|aangegeven|geuit|gemeld|gevraagd|started|began|saw|spoke|heard|told|visited)\b/;
const THIS_WEEK = /\bdeze (week|wek)\b|\bkomende (dagen|week)\b|\bbinnen (een paar|enkele|2|3|twee|drie) dagen\b|\b(over)?morgen(ochtend|middag|avond|vroeg)?\b|\bvolgende week\b|\bna het weekend\b|\beinde? van de week\b|\bbinnenkort\b|\btomorrow\b|\bthis week\b|\b(next|coming) (few )?(days|week)\b|\bwithin (a few|2|3) days\b/g;
// "vertelde me vandaag", "since this afternoon": when something was said or began, not when to answer.
const TODAY_TOLD = /\b(vertelde|vertelt|zei|zegt|belde|zag|sprak|kreeg|kregen|werd|vroeg|vroegen|told|said|called|saw|got|became|asked|sinds|since|vanaf)\s+((me|mij|ons|us|him|her)\s+)?$/;
const REQUEST_BETWEEN = /\b(graag|please|kan|kunt|kunnen|can|could|svp|aub|verzoek)\b/;
const TODAY_ARRIVED = /^\s*(op|in|at|on) (de |het |the )?\w+ (binnengekomen|aangekomen|arrived|gekomen)\b/;
// "twice this week" or "al drie keer deze week" counts what happened, it does not ask for a time.
const HOW_OFTEN = /\b(twice|once|\d+ ?x|\d+ (keer|maal|times)|(een|twee|drie|vier|vijf|meerdere|verschillende|vaak) (keer|keren|maal)|(two|three|four|several|many|a few) times)\s+$/;

export function urgencyOf(n: string): Urgency | undefined {
  const notUrgent = cuesOf(n, NOT_URGENT).filter((c) => !isPastEvent(n, c.at));
  const rest = n.replace(NOT_URGENT, (m) => ' '.repeat(m.length));
  // Only the word right before an urgency word denies it ("geen acute verslechtering"): in "geen ontlasting zsm bellen"
  // the negation is the symptom's. "geen spoed" and its like are NOT_URGENT, blanked above.
  if (cuesOf(rest, URGENT).some((c) => !isPastEvent(n, c.at) && !isNegatedWord(rest, c.at, true))) return 'spoed';
  const asksToday = (c: Cue) => !TODAY_NARRATIVE.test(rest.slice(c.at + c.text.length)) && !TODAY_ARRIVED.test(rest.slice(c.at + c.text.length)) && !TODAY_TOLD.test(rest.slice(0, c.at)) && !TODAY_STATE.test(rest.slice(c.at + c.text.length)) && !HOW_OFTEN.test(rest.slice(0, c.at));
  // A request opens a new statement: in "vrouw houdt het niet meer vol graag vandaag iemand langs" the negation is the wife's.
  const todayNow = (c: Cue) => !isPastEvent(n, c.at) && (!isNegatedWord(rest, c.at) || REQUEST_BETWEEN.test(rest.slice(Math.max(0, c.at - 30), c.at)));
  if (cuesOf(rest, TODAY).some((c) => todayNow(c) && asksToday(c))) return 'vandaag';
  // "volgende week" and "morgen" land here too: deze-week is the least urgent choice the form has.
  if (notUrgent.length > 0 || cuesOf(rest, THIS_WEEK).some((c) => !HOW_OFTEN.test(rest.slice(0, c.at)))) return 'deze-week';
  return undefined;
}

// Destinations, wishes, plans and history name a place the patient is not in now.
const PLACE = String.raw`(huis|thuis|ziekenhuis|zkh|hospice|bijna[- ]?thuis[- ]?huis|verpleeghuis|vph|seh|hospital|nursing home|home|wzc|elv)`;
// "niet naar een vph of hospice": a list of places is one destination.
const PLACES = String.raw`${PLACE}(\s(of|en|or|and|\/)\s(het |een |de |the |a )?${PLACE})*`;
// A message that opens "Vanuit het hospice:" (after a greeting or not) names where the writer, and so the patient, is.
const WRITER_PLACE = /^\s*((goede|good |hallo|hoi|hi|hello|dag)(\s*(morgen|middag|avond|morning|afternoon|evening|dag|allen|collega'?s))?[,!.]?\s+)?(vanuit|from) (het |de |the |our |ons )?(?=(hospice|bijna[- ]?thuis[- ]?huis|verpleeghuis|vph|ziekenhuis|hospital|nursing home)(\s+[a-z'-]+){0,3}\s*[:,.-])|\b(vraag|bericht|question|message) (vanuit|from) (het |de |een |the |a |our |ons )?(?=(hospice|bijna[- ]?thuis[- ]?huis|verpleeghuis|vph|ziekenhuis|hospital|nursing home)\b)/;
const NOT_HERE = [
  new RegExp(String.raw`\b(naar|uit|vanuit|to|from) (het |een |de |the |a |her |his |haar |zijn |their )?${PLACES}\b`, 'g'),
  // Where the patient was admitted before going home: "thuis sinds gisteren na opname longziekten", "back home after 3 weeks
  // on the haematology ward", "discharged from the cardiology ward", "na ontslag MDL".
  /\b(na|after|discharged from|ontslagen (uit|van)|ontslag( uit| van| from)?)\s+((een|a|the|de|het|long|lange|\d+|weeks?|weken|dagen|days)\s+){0,4}(\S+\s+){0,3}?(opname|admission|stay|verblijf|ward|afdeling|hospital|ziekenhuis|zkh|stroke ?unit|interne|mdl|cardiolog\w*|geriatri\w*|longziekten|neurologie|ha?ematolog\w*|oncolog\w*)\b(\s+(ward|afdeling|unit))?(\s+(op|on|in|at) (de |het |the )?[a-z-]+(\s+(ward|afdeling|unit))?)?(\s+(cardiolog\w*|longziekten|interne|mdl|neurologie|geriatri\w*|ha?ematolog\w*|oncolog\w*|chirurgie|urologie))?/g,
  /\b(hospice|verpleeghuis|vph|nursing home)[- ]?(transfer|overplaatsing|plaatsing)\b/g,
  new RegExp(String.raw`\b(geen|niet|not|no) (\w+ ){0,2}${PLACES}\b`, 'g'),
  /\b(ziekenhuis|hospice|verpleeghuis|vph)[- ]?(opname|bed|plek|plaats)\b|\b(een|a) (hospice|nursing home) (bed|place)\b|\b(opname|plaatsing|overplaatsing) (in |op |naar )?(het |een |de )?\w+/g,
  /\b(hospice|verpleeghuis|vph|ziekenhuis)\b(\s\w+){0,2}\s(aangevraagd|gepland|overwegen|overwogen|geregeld|wachtlijst)\b|\b(hospice|verpleeghuis|vph) overwegen\b/g,
  /\b(thuis|in huis|at home) (te |willen )?(sterven|overlijden|dood ?gaan|die|dying)\b|\bzorg thuis\b|\b(die|dying) (\w+ )?at home\b|\b(sterven|overlijden) (\w+ )?thuis\b/g,
  new RegExp(String.raw`\b(volgens|according to) (het |de |the )?${PLACE}\b`, 'g'),
  /\b(wants?|wil|willen|wilt) (\w+ ){0,2}(admitted|opgenomen)\b|\bhospital (visits?|appointments?)\b/g,
  /\b(hospice|nursing home|hospital)\b(\s\w+){0,2}\s(won'?t|will not|does not|doesn'?t|cannot|can'?t) (take|accept|admit) (him|her)\b/g,
  // "vorige week opgenomen geweest op cardiologie": the ward named with it goes too.
  /\b(opgenomen geweest(( \w+)? (op|in) (de |het )?[a-z-]+)?|eerder opgenomen|was opgenomen|opgenomen (te )?(worden|wil|willen|wordt))\b/g,
  new RegExp(String.raw`\b(gepunct\w*|geopereerd|behandeld|onderzocht|bestraald|gezien|gescand) (\w+ ){0,2}(in|op) (het |de )?${PLACE}\b`, 'g'),
  /\b(hospice|verpleeghuis|vph|ziekenhuis)\b(\s\w+){0,2}\s(neemt|accepteert|heeft) (hem|haar)\b(\s\w+){0,2}\s(niet|geen)\b/g,
  new RegExp(String.raw`\b(vraagt|vragen|ask|asks|asking) (\w+ ){0,2}(naar|over|about|re|om|for) (\w+ )?${PLACE}\b`, 'g'),
  new RegExp(String.raw`\b(refuse|avoid|decline|weigert|weigeren|voorkomen)\w* (\w+ ){0,2}${PLACE}\b|\bhospital (admission|stay)\b`, 'g'),
];
const INSTITUTIONS: [Setting, RegExp][] = [
  ['hospice', /\bhospice|bijna[- ]?thuis[- ]?huis|\bbth\b/g],
  ['verpleeghuis', /\bsomatische afdeling|\bverpleeg(te)?hui(s|zen)|\bvph\b|\bpg[- ]?afd|psychogeriatri|\bwzc\b|woonzorgcentrum|verzorgingshuis|\belv\b|kleinschalig wonen|kleinschalige woonvorm|\b(nursing|care|residential) home\b|\bpg\b/g],
  ['ziekenhuis', /\bziekenhuis|\bzkh\b|\b(afdeling|afd\.?|op( de)?) (interne|long\w*|oncologie|cardiologie|geriatrie|neurologie|chirurgie|mdl)\b|\b(interne|long|mdl|oncologie|cardiologie|neurologie|geriatrie)[- ]?afd(eling)?\b|\bseh\b|\bstroke ?unit\b|\bu?mc\b|\bmumc\b|\bhospital\b|\b\w+ ward\b|\bward\b|\b(icu|intensive care)\b|(?<!\b(poli\w*|outpatient)( \w+)? )\b(interne|mdl|oncologie|longziekten|hematologie|nefrologie|urologie|neurologie|cardiologie|geriatrie|chirurgie|orthopedie|gynaecologie|cardiology|oncology|ha?ematology|neurology|geriatrics|nephrology|respiratory medicine)\b(?! (outpatient|clinic|poli))(?![- ]?(arts|artsen|specialist|verpleegkundige|consultant|doctor|team)\b)/g],
];
const ADMITTED = /\b(opgenomen|admitted|inpatient)\b/g;
const HOME = /\bthuis(wonend\w*|situatie|zorg)?\b|\bwoont (\w+ )?(zelfstandig|thuis)\b|\bwoont (\w+ ){0,6}alleen\b|\b(in een|in zijn|in haar) (flat|appartement|seniorenwoning)\b|\bat home\b|\blives at home\b|(^|, )home\b/;

export function settingOf(n: string, patientSex?: 'man' | 'vrouw'): Setting | undefined {
  const text = NOT_HERE.reduce((t, re) => t.replace(re, (m) => ' '.repeat(m.length)), n.replace(WRITER_PLACE, (m) => ' '.repeat(m.length)));
  // "zijn vrouw … ligt in het hospice", "haar man ligt sinds gisteren opgenomen": where a relative is, is not the patient's place.
  // Brackets describe the patient, as in "namens vader (83 jr, vph)".
  const inBrackets = (c: Cue) => /\([^()]*$/.test(n.slice(0, c.at));
  const patients = (c: Cue) => inBrackets(c) || !contextOf(n, c.at, patientSex).relative;
  // A named institution beats "opgenomen", which beats "thuis": institutions are rarely mentioned in passing.
  const named = INSTITUTIONS.flatMap(([setting, re]) => cuesOf(text, re).filter(patients).map((c) => ({ setting, at: c.at })));
  named.sort((a, b) => a.at - b.at);
  if (named[0]) return named[0].setting;
  if (cuesOf(text, ADMITTED).some(patients)) return 'ziekenhuis';
  return HOME.test(text) ? 'thuis' : undefined;
}

const FORMS: [ConsultForm, RegExp][] = [
  ['digitaal', /beeld ?bel\w*|\bteams[- ]?(meeting|call|overleg|gesprek)\b|\bvideo\w*|\bchat\w*|\bsiilo\b|\b(via|per|in|over|by|on|through) (ms )?teams\b|\bdigita\w*|\b(e-?)?mail(en)?\b|\bapp(en)?\b|whats ?app|\btext me\b|\bsms\b|zorgmail|zivver|schriftelijk (advies|antwoord)/g],
  ['telefonisch', /\btelefo\w*|\bbel ?afspraak\b|\b(terug|op)?bell?en\b|\bbel\b|\bbelt u\b|\bterugbel\w*|\bbelletje\b|\b(call|phone|ring)(ed|ing)?\b(?! (the |a )?(ambulance|112))/g],
  ['bedside', /\blangs ?(te |kan |kunnen )?komen\b|\blangskom\w*|\bkom (\w+ )?langs\b|\biemand( \w+){0,4} langs\b|\baan (het )?bed\b|\bbedside\b|\bvisite\b|huisbezoek|\bmee ?kijken\b|\bmeekijkt\b|\bkomen (kijken|helpen|praten)\b|\b(have|take) a look\b|\bter plaatse\b|consult aan huis|\bcome (and )?(see|visit)\b|\b(?:(?:home|a|bedside|ward|please|to|someone|somebody) |(?:can|could|would) (?:\w+ ){0,3})visit\b|\bvisit (her|him|the patient|today|tomorrow|this week|soon)\b|\bmee te kijken\b|\b(die|who) (\w+ )?(kan|kunnen|could|can) (komen|come)\b|\bkomt (\w+ )?kijken\b|\bmee (kan|kunnen|komen|wil|willen) kijken\b|\b(please|can|could) (\w+ ){0,3}come\b|\bcome (today|now|over|by|round|tomorrow)\b|\b(graag|kan|kunt|kunnen|iemand|vandaag|morgen|even|nu|snel)( \w+){0,2} langs\b|\b(graag|een|verzoek om|kan er)( \w+)? bezoek\b|\bsee (her|him|the patient)\b|\b(kan|kunt|kunnen) (er )?(nu |vandaag )?iemand (\w+ )?komen\b/g],
];
// Plain "overleg" asks for a talk without saying how: the phone, unless a medium is named.
const TALK = /(?<!mdo-)\boverleggen\b(?! met (de |het |haar |zijn )?(famil|kinder|zoon|dochter|partner|echtgeno|patient|mantelzorg))|(?<!mdo-)\boverleg\b(?!\s+(met|over) (de |het |haar |zijn )?(famil|kinder|zoon|dochter|partner))/g;
// "tijdens mijn huisbezoek", "na telefonisch overleg" and "ik sta aan bed" describe, they do not ask.
const FORM_NARRATIVE = /\b(niemand|nobody|no one)( \w+){0,2} $|\b(bij|tijdens|na|during|after) ((de|het|mijn|een|my|a|our|ons|onze) (\w+ )?)?$|\b(on|aan) (the|de) $|\bwie (we|wij|ze|jullie) (dan |daarna )?$/;
const AT_BED_NOW = /\b(familie|family|kinderen|children|zoons?|zonen|dochters?|sons?|daughters?|partner|naasten|relatives)( \w+)? $|\b(is|zijn|was) (in|op) $|\b(sta|zit|ben|stond|zat|was|am|blijft|waakt|waken|zitten|staan|ruzie|hebben ruzie|botsen|botst|komen|maken)( \w+){0,3} $|(?<!\b(present|be|come|attend) )\bat (his|her|the) $/;
// Who is at the bed is said with "aan bed" and "bedside"; "komen meekijken" asks for a visit.
const AT_BED = /^(aan|bedside|at|visite)\b/;
const REQUEST_OPENING = /^(graag|kan|kunt|kunnen|iemand|please|can|could)\b/;
const SECONDARY = /\b(evt\.?|eventueel|zo ?nodig|z\.?n\.?|indien nodig|later|daarna|anders|or|of) $/;

export function formOf(n: string): ConsultForm | undefined {
  const cues = [...FORMS, ['telefonisch', TALK] as const].flatMap(([form, re]) =>
    cuesOf(n, re).map((c) => {
      const before = n.slice(Math.max(0, c.at - 20), c.at);
      // A cue that opens with a request ("graag iemand langs") asks, whatever comes before it.
      const narrative = !REQUEST_OPENING.test(c.text) && (FORM_NARRATIVE.test(before) || (form === 'bedside' && AT_BED.test(c.text) && AT_BED_NOW.test(before)));
      // A request between a negation and the cue, or opening it, starts a new statement: "haldol helpt niet graag iemand langs".
      const negated = isNegatedWord(n, c.at, true) && !REQUEST_OPENING.test(c.text) && !REQUEST_BETWEEN.test(n.slice(Math.max(0, c.at - 25), c.at));
      return { form, at: c.at, narrative, negated, secondary: SECONDARY.test(before), talk: re === TALK };
    }),
  ).filter((c) => !c.narrative && !c.negated);
  // A named way beats plain "overleg"; both beat a way named as second choice ("evt huisbezoek").
  cues.sort((a, b) => Number(a.secondary) - Number(b.secondary) || Number(a.talk) - Number(b.talk) || a.at - b.at);
  return cues[0]?.form;
}

export function complexityOf(n: string): Complexity | undefined {
  if (/\bhoog ?complex|\b(zeer|heel|erg|very|highly) complex|\bregiefunctie\b/.test(n)) return 'hoog';
  if (/\blaag ?complex|\bniet (zo |erg )?complex|\b(korte|eenvoudige|simpele|snelle|kleine) vraag|\bkort vraagje\b|\b(quick|short|simple) (question|q)\b|\blow complex/.test(n)) return 'laag';
  if (/\bcomplex|\bingewikkeld|\bgecompliceerd/.test(n)) return 'complex';
  return undefined;
}
