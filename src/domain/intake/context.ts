import { NEXT_TIME, RELATIVES } from './lexicon.js';
import { clauses, sentences, spanAt, withoutBrackets, type Span } from './text.js';

/**
 * The context of a finding, in the manner of NegEx (Chapman et al., 2001) and ConText (Harkema
 * et al., 2009): is it negated (before or after), refused, said as a condition, whose is it (the
 * patient's or a relative's), and is it over or settled now? Each is decided within the finding's
 * clause, its neighbouring clauses of the same sentence, or its sentence, on normalised text.
 */

// A trigger negates what follows it in its clause: a finding up to five words on (NegEx's window), a word up to four.
// After "of"/"or" it offers a choice ("wel of geen vochtinfuus", "whether or not to start"), which denies nothing.
const TRIGGER = String.raw`(?<!\b(of|or)\s|\b(vraagt|vragen|vroeg|asks?|asked|wonders?|wondering)\s+(of|whether|if)\s+(\S+\s+){1,3})\b(geen|niet|zonder|nooit|noch|no|not|without|never|ontkent|denies|nor|(?:does|do|did|is|was|are|were|has|have|had|wo)n'?t)(?![a-z])`;
const PRE_NEGATION = new RegExp(String.raw`${TRIGGER}(?:\s+\S+){0,3}\s*$`);
const FINDING_NEGATION = new RegExp(String.raw`${TRIGGER}(?:\s+\S+){0,4}\s*$`);
// "kan zijn speeksel niet doorslikken" says he cannot, which is the finding, not its denial.
// "kan niet slapen en niet eten": the list after "kan niet" says what he cannot do, each item an inability too.
const INABILITY_LIST = /\b(kan|kon|kunnen|konden|can|could)\b[^.;!?]*/g;
// Every "en niet" after the "kan" of an inability, however long the list.
const withoutListNegations = (list: string) => list.replace(/\b(en|of|and|or)\s+(niet|not|geen)\b/g, '$1');
const INABILITY = /\b(kan|kon|kunnen|konden|can|could)\b((?:\s+\S+){0,3}?)\s+(niet|geen|not)\b/g;
// "no longer able to swallow" and "niet meer in staat om te slikken" say he cannot, like "kan niet".
const UNABLE = /\b(no longer|not)\s+able\b|\bniet (meer )?in staat\b|\bcan no longer\b|\bcannot\b|\bcan'?t\b|\bcould not\b|\bcouldn'?t\b/g;
// A short clause that contrasts the circumstance only: "geen pijn in rust, wel bij bewegen".
const CONTRAST_CLAUSE = /^\s*(maar )?(wel|but|however)\s+(bij|in|tijdens|na|op|'s|on|with|during|after|at|when)\b(\s+\S+){0,3}\s*$/;
// A clause that only says all is well ("…, verloopt rustig") says it of the clause before.
const RESOLVED_CLAUSE = /^\s*(\S+\s+){0,2}(houdt|houden) het (\w+ )?(goed|prima|nog) (\w+ )?vol\b|^\s*(\S+\s+){0,2}(kan|kunnen) het (nog )?(goed|prima) aan\b|\bcop(es|ing) (well|fine)\b|^\s*((?!(niet|not|geen|no|nog|slecht|onvoldoende|nauwelijks|never|nooit|nu|now)\b)\S+\s+){0,3}?(erg |heel |very |goed |well )?(op |on )?(rustig|goed|prima|comfortabel|stabiel|well|fine|comfortable|settled|stable|calm|onder controle|under control|ingesteld)(\s+(bij|erbij))?(\s+(nu|now|inmiddels|again|weer))?\s*$/;
// Words that start a clause without a subject of its own ("…, is er doorheen"): the subject is the previous clause's.
const NO_SUBJECT = /^\s*((en|and|maar|but) )?(zijn (?=(\w+ )?(kapot|op|moe|uitgeput|doodop|bang|boos|verdrietig|radeloos|exhausted)\b)|is|was|heeft|had|kan|kon|wil|moet|moest|slaapt|raakt|wordt|voelt|zit|eet|drinkt|zegt|vertelt|huilt|has|can|cannot|must|feels|gets|eats|drinks|sleeps|slept|says|said|told|cries|hardly|barely)\b/;
// Phrases that start like a negation but are not one: "geen effect van morfine" is about morfine.
const PSEUDO_NEGATION = /\b(geen|niet|no|not)\s+(responding|reageert|aanslaat|effect|baat|verbetering|improvement|relief|alleen|only|meer te|voldoende|genoeg|onder controle|controlled|goed|working|helping|helpt|werkt|meer (kan|kunnen|ziet|wil|wilt|weet|weten)|(weet|weten|know|knows)|(meer )?(over|about) (\w+ )?(praten|spreken|talk)|(zonder|without) (het |de |the |een |a )?(masker|mask|zuurstof|oxygen|pomp|pump|niv|beademing|sonde|morfine|morphine)|langer|hoe|wat|of|waarom|how|what|whether|why|sure|zeker|idee|zijn|there)\b/;
// Said after a finding, these deny it for the whole clause: "pijn goed onder controle met oxycodon".
const POST_NEGATION = /\b(is|zijn|blijft|blijven) (al |nog |sinds )?((?!niet\b|not\b|nooit\b|onvoldoende\b)\w+ ){0,2}rustig\b|\bontkent (ze|hij|zij|mw|dhr|patient|pt)\b|^\s*(\S+\s+){0,2}(wil|wilt)\s+(hij|zij|ze|mw|dhr|meneer|mevrouw|patient|pt)\s+(niet|geen)\s*$|^\s*(\S+\s+){0,2}(is|was|heeft|had|lijkt|voelt)\s+(hij|zij|ze|mw|dhr|meneer|mevrouw|patient|pt)\s+(zich\s+)?(\w+\s+)?(niet|geen|nooit)\b|(?<!\b(niet|onvoldoende|slecht|matig|nauwelijks|not|poorly|un|insufficiently)\s?)\b((goed|prima|redelijk|adequaat|well|adequately) (op )?(onder controle|gereguleerd|geregeld|behandeld|ingesteld|controlled|managed|settled)|is fine|is ok\b|is weg\b|verdwenen|afwezig|resolved|stabiel\b|stable\b|is het niet\b|(pijn|pain) (is )?(ok|oke|okay|fine|redelijk|acceptabel|dragelijk)\b|\b(pijn|pain|klachten|symptomen|symptoms|nausea|breathing) (is |are |has )?(now )?(well )?settled\b|\b(pijn|pain|klachten|symptomen|symptoms) (is |zijn |are )?(controlled|managed)|(?<!\b(niet|not|onvoldoende|slecht|matig|nauwelijks|poorly|insufficiently)\s(goed\s|well\s|helemaal\s)?)\b(onder controle|under control)|(ver)?(loopt|liep) ((?!niet |slecht |not )\w+ ){0,2}(rustig|goed|prima)|is over\b|is voorbij\b|gaat (\w+ )?(goed|redelijk|prima)|comfortabel|comfortable|uitgesloten|ruled out|excluded|(goed|prima|wel|redelijk) te doen\b|manageable|bearable|draaglijk|(breathing|ademhaling|slikken|swallowing|eten|eating|intake|sleeping|slaap) (is |gaat )?(nog |still )?(ok|oke|okay|fine|goed|redelijk|prima|well)\b)/;
// Scope ends at a cause or a reason: in "kan niet slapen door pijn" the pain is real.
const SCOPE_END = /\b(door|vanwege|ivm|bij|due to|because|sinds|since|omdat|en wel)\b/;
// Whose finding it is also ends at a cause, but not at "sinds" or a "bij" of place: in "dochter slaapt bij haar en is kapot" the daughter is.
const RELATIVE_SCOPE_END = /\b(door|vanwege|ivm|bij(?! (haar|hem|mw|dhr|moeder|vader|hen|ons|mij|((de|het|zijn|haar|z'n) )?(dochter|zoon|kinderen|familie|partner|schoondochter|kleindochter))\b)|due to|because|omdat|en wel)\b/;
// A negation also ends at a new subject, which matters without punctuation: "zoon komt nooit mw alleen en bang".
const NEW_SUBJECT = new RegExp(String.raw`\b(mw|dhr|mevr|patient|pt|hij|zij|ze|he|she|man|vrouw|wife|husband|${RELATIVES.join('|')})\b`);
// The patient named again ends a relative's part: in "zoon komt nooit mw alleen en bang" the fear is hers.
const PATIENT_AGAIN = /.*\b(?=(mw|dhr|mevr|patient|pt)\b)/;

// A relative after a preposition is not the subject: "sinds het overlijden van haar man erg somber".
// Nor after the patient as subject: in "of ze haar kinderen tekort heeft gedaan", "hij mist zijn vrouw" the relative is the object.
const RELATIVE_SUBJECT = new RegExp(
  String.raw`(?<!\b(van|met|door|bij|namens|voor|over|zonder|with|of|by|from|to|for)\s(de |het |een |the |a |haar |zijn |z'n |hun |his |her |their )?)` +
    String.raw`(?<!\b(ze|zij|hij|she|he|mw|dhr)\s((?!(dat|that|zegt|zei|vertelt|vertelde|says|said|denkt|thinks|vindt)\b)\S+\s)?((haar|zijn|z'n|his|her)\s)?)\b(${RELATIVES.join('|')})`,
);

const PATIENT_NAMED = String.raw`mw|dhr|mevr|patient|pt|the patient|((her|his|haar|zijn) )?(father|mother|dad|mum|mom|vader|moeder|pa|ma)`;
// A relative who asks or worries about a finding names the patient's finding: "dochter maakt zich zorgen over de pijn".
const ASKED_ABOUT = new RegExp(
  String.raw`\b(zorgen|bezorgd|ongerust|vraagt|vragen|vroeg|vraag|worried|worries|concerned|asks?|asked|asking|questions?|enquires?)\s+(\w+\s+)?(over|om|naar|about|regarding|re|after)\s+((?!(ze|zij|hij|she|he|is|was|want|omdat|because)\b)\S+\s+){0,3}$` +
    String.raw`|\b(zorgen|bezorgd|ongerust|bang|worried|concerned|afraid|scared|denkt|thinks|vindt|feels)\s+(\w+\s+)?(dat\s+|that\s+)?(${PATIENT_NAMED})\s+((?!(ze|zij|hij|she|he)\b)\S+\s+){0,3}$` +
    // "vraagt of hij uitdroogt" asks about the patient; "vraagt of ze …" may be the relatives themselves.
    String.raw`|\b(vraagt|vragen|vroeg|asks?|asked|asking|wonders?|wondering)\s+(\w+\s+)?(of|whether|if)\s+(${PATIENT_NAMED}|hij|he|she)\s+((?!(ze|zij|hij|she|he)\b)\S+\s+){0,3}$` +
    String.raw`|\b(vindt|vond|finds|found|ziet|zag|sees|saw|noemt|beschrijft|describes)\s+(hem|haar|him|her)\s+((?!(ze|zij|hij|she|he)\b)\S+\s+){0,2}$` +
    // A plan the relatives want "voor als er toch een insult komt" is for the patient's symptom.
    String.raw`|\b(voor als|voor het geval (dat)?|in case|for when|for if)\s+((?!(ze|zij|hij|she|he)\b)\S+\s+){0,3}$`,
);
// "haar man die uitgeput is": a relative clause says it of the relative, also after a preposition.
const RELATIVE_WHO = new RegExp(String.raw`\b(${RELATIVES.join('|')})\s+(die|who|that)\b(?!.*\b(die|who)\b)`);

const DEAD_RELATIVE = new RegExp(
  String.raw`\b(${RELATIVES.join('|')})(\s+\S+){0,3}?\s+(overleden|gestorven|died|passed away|is dood)\b|\b(overlijden|dood|death|loss|verlies) (van|of) (\S+\s+)?(${RELATIVES.join('|')})`,
  'g',
);

// Past: what happened and is over by now.
const PAST = /\b((in (de )?)?(vg|voorgeschiedenis)|on admission|bij (de )?opname|tijdens (de|het|haar|zijn) (opname|verblijf)|during (the|her|his) (admission|stay)|eergisteren|gisteren|gister|gisteravond|vannacht|vorige (week|maand)|afgelopen (week|weekend|nacht|dagen|maand)|vorig weekend|last weekend|eerder|gehad|geweest|yesterday|last (night|week)|had a)\b/;
const NOW_RESOLVED = /^\s*(dat|dit|het|die|that|it) (is|was|has) (\w+ ){0,3}(opgeklaard|over|weg|opgeknapt|hersteld|voorbij|resolved|cleared)\b|^\s*(maar )?(dat|dit|het|die|that|it) (is|was) (\w+ ){0,7}(goed |well )?(onder controle|under control|controlled)\b|^\s*(maar )?(nu|inmiddels|now) (weer |again )?(opgeknapt|hersteld|helder|beter|over|weg|resolved|recovered|better)\b/;
const RESOLVED = /\bnu (weer )?(helder|stabiel|rustig|goed|beter|weg|over|niet meer)\b|\bnu geen \w+ meer\b|\b(is|zijn) (\w+ ){0,5}(opgeknapt|hersteld|verdwenen)\b|\b(now|currently) (stable|settled|calm|fine|better|resolved)\b|\b(fully|completely|volledig|helemaal) (resolved|hersteld|over|weg|opgeklaard)\b|\b(now|nu|inmiddels) (goed |well )?(onder controle|under control|controlled|geregeld)\b|\binmiddels (weer )?(helemaal )?(over|weg|beter|stabiel|helder|opgeknapt|hersteld|(goed )?ingesteld)\b|\b(is|zijn) (\w+ ){0,2}opgelost\b|\b(is|zijn) (\w+ )?weer (rustig|helder|stabiel|comfortabel)\b|\bnu geen klachten\b|\bsindsdien (niet meer|geen \w+ meer|over|weg|rustig)\b|\b(na|after) (de |het |the )?\w+ (weer |again )?(helder|stabiel|rustig|opgeknapt|hersteld|clear|settled|recovered)\b/;
// A question about the next time keeps a past event in play.
const RECURRENCE = new RegExp(String.raw`\b(${NEXT_TIME}|nieuwe|opnieuw|again|weer een|recidief|nog (een )?(keer|eens)|weer (gebeurt|optreedt|komt)|terugkomt)\b`);

export interface FindingContext {
  /** Denied by a trigger before it in its clause: "geen pijn", "niet benauwd". */
  negatedBefore: boolean;
  /** Denied for the whole clause by what follows: "pijn goed onder controle met oxycodon". */
  negatedAfter: boolean;
  relative: boolean;
  over: boolean;
  /** The next clause says it is settled now ("…, nu comfortabel"): background for a treatment, the temporality of a symptom. */
  settledNow: boolean;
  /** Refused or stopped rather than absent: "wil geen morfine", "geen sondevoeding meer". */
  refused: boolean;
  /** Said as a condition ("als de pijn erger wordt", "if it gets worse"), not as a fact. */
  conditional: boolean;
}

/** The text of the nearest clause before clauses[index], in the same sentence, that names its own subject. */
function subjectBefore(plain: string, all: Span[], index: number): string | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const clause = all[i]!;
    if (/[.!?;]/.test(plain.slice(clause.end, all[i + 1]!.start))) return undefined;
    const text = plain.slice(clause.start, clause.end);
    if (!NO_SUBJECT.test(text) && !RELATIVE_PRONOUN.test(text)) return text;
  }
  return undefined;
}
const RELATIVE_PRONOUN = /^\s*(die|dat|wie|who|which|that)\b/;

/** Context of a finding that starts at `start` in normalised text n; patientSex helps read "hij"/"zij". */
export function contextOf(n: string, start: number, patientSex?: 'man' | 'vrouw'): FindingContext {
  const plain = withoutBrackets(n);
  const all = clauses(n).filter((c) => plain.slice(c.start, c.end).trim() !== '' || (start >= c.start && start <= c.end));
  const clause = spanAt(all, start);
  const before = plain.slice(clause.start, start);
  const scope = before.split(SCOPE_END).pop() ?? '';
  const previous = all[all.indexOf(clause) - 1];
  const sameSentence = previous && !/[.!?;]/.test(plain.slice(previous.end, clause.start));
  const following = all[all.indexOf(clause) + 1];
  const next = following && !/[.!?;]/.test(plain.slice(clause.end, following.start)) ? following : undefined;
  // "…palliatieve sedatie; dat verloopt rustig": a next sentence that opens with "dat" speaks of this one.
  // So does a short next sentence that only says all is well ("Verloopt rustig.").
  const nextAbout = next ?? (following && (/^\s*(dat|dit|dat gaat|that|this|it)\b/.test(plain.slice(following.start, following.end)) || /^\s*(verloopt|loopt|gaat|going|goes)\s+\S+\s*$/.test(plain.slice(following.start, following.end))) ? following : undefined);
  // A clause without a subject of its own takes the subject of the last clause before it that has one: in "haar man,
  // die al vier nachten in de stoel slaapt, eet nauwelijks" the one who eats badly is the husband.
  const opensWithVerb = NO_SUBJECT.test(scope) || (scope.trim() === '' && NO_SUBJECT.test(plain.slice(start, clause.end)));
  // Its subject stands before any "sinds"/"omdat" part: in "erg eenzaam sinds haar dochter is verhuisd, eet slecht" she eats badly.
  const inherited = opensWithVerb && sameSentence ? subjectBefore(plain, all, all.indexOf(clause))?.split(SCOPE_END)[0] : undefined;
  return {
    // "geen pijn in rust, wel bij bewegen": a contrast that follows takes the denial back.
    // "geeft niet aan dat hij dood wil": a denied report denies what it reports, though a new subject follows.
    negatedBefore: DENIED_REPORT.test(scope) || negatedBefore((scope.split(NEW_SUBJECT).pop() ?? '').replace(INABILITY, '$1$2').replace(INABILITY_LIST, withoutListNegations).replace(UNABLE, 'unable'), FINDING_NEGATION, /^\S*/.exec(plain.slice(start))?.[0]) && !(next !== undefined && CONTRAST_CLAUSE.test(plain.slice(next.start, next.end))),
    negatedAfter: POST_NEGATION.test(afterIn(plain, clause, start)) || (nextAbout !== undefined && RESOLVED_CLAUSE.test(plain.slice(nextAbout.start, nextAbout.end))),
    settledNow: next !== undefined && RESOLVED_CLAUSE.test(plain.slice(next.start, next.end).replace(/^\s*(nu|now)\b/, '')),
    relative: aboutRelative((before.split(RELATIVE_SCOPE_END).pop() ?? '').replace(PATIENT_AGAIN, ''), patientSex) || (inherited !== undefined && aboutRelative(inherited, patientSex)),
    // "delier bij urosepsis, nu opgeknapt en helder": the clause after says it is over.
    over: isOver(n, start) || (next !== undefined && NOW_RESOLVED.test(plain.slice(next.start, next.end)) && !RECURRENCE.test(n)),
    refused: REFUSAL_BEFORE.test(scope) || REFUSAL_AFTER.test(plain.slice(start, clause.end)),
    conditional: CONDITION.test(before),
  };
}

/**
 * The part of a clause a post-negation ("goed onder controle", "loopt goed") can deny: the whole clause, or, in a long
 * clause such as a message without punctuation, the finding and the few words after it ("sedatie loopt goed geen onrust
 * vrouw is op": the wife's strain is not denied).
 */
function afterIn(plain: string, clause: Span, start: number): string {
  const text = plain.slice(clause.start, clause.end);
  if (text.trim().split(/\s+/).length <= LONG_CLAUSE) return text;
  return plain.slice(start, clause.end).split(/\s+/).slice(0, POST_WINDOW).join(' ');
}
const LONG_CLAUSE = 12;
const POST_WINDOW = 8;

const REFUSAL_BEFORE = /\b(wil|wilt|willen|wenst|wants?|weigert|weigeren|refuses?|declines?|insists?|eist|eisen|demands?|staat erop)\b/;
const REFUSAL_AFTER = /^\S+(\s\S+){0,2}\s(meer|more|anymore|any more)\b/;
// ConText's hypothetical: a condition opened earlier in the clause.
const CONDITION = /\b(als|indien|wanneer|mocht|zodra|if|when|once|should)\b/;

// The finding's own first word can make the trigger a pseudo-negation: "weten niet [hoe ze de zorg rond krijgen]".
const negatedBefore = (scope: string, trigger = PRE_NEGATION, findingStart = '') =>
  trigger.test(scope) && !PSEUDO_NEGATION.test(scope.slice(scope.search(trigger)) + findingStart);
// A way of consulting is negated only by the word right before it ("niet bellen", "geen huisbezoek"):
// without punctuation, "niet geslapen kan er iemand komen" asks for a visit.
const NEGATION_RIGHT_BEFORE = /\b(geen|niet|zonder|no|not|without|never)\s+$/;

/** Whether a word at `at` is negated in its clause: by a trigger up to four words before it, or only right before it. */
export function isNegatedWord(n: string, at: number, rightBefore = false): boolean {
  const clause = spanAt(clauses(n), at);
  return negatedBefore(withoutBrackets(n).slice(clause.start, at).split(SCOPE_END).pop() ?? '', rightBefore ? NEGATION_RIGHT_BEFORE : PRE_NEGATION);
}

/** The clause, up to the finding, is about a relative: "dochter is uitgeput", "his wife is exhausted". */
function aboutRelative(text: string, patientSex?: 'man' | 'vrouw'): boolean {
  // A relative who died is background to the patient's grief ("sinds haar dochter is overleden piekert ze").
  const before = text.replace(DEAD_RELATIVE, ' ').replace(TOLD_RELATIVE, ' ');
  // "Hij en zijn vrouw zijn bang": the patient is one of them.
  if (PATIENT_AND_RELATIVE.test(before)) return false;
  if (RELATIVE_WHO.test(before)) return true;
  if (ASKED_ABOUT.test(before)) return false;
  // The patient's own pronoun after a relative of the other sex is the patient again: "man drinkt veel, ze is bang voor hem".
  if (patientSex && RELATIVE_SUBJECT.test(before)) return !PATIENT_PRONOUN_AFTER_OTHER_SEX[patientSex].test(before);
  if (RELATIVE_SUBJECT.test(before)) return true;
  // For a man, a clause that opens with "zij" or "vrouw" ("Vrouw bang dat hij …") is about his wife; and the other way round.
  const other = patientSex === 'man' ? /^\s*((maar|en|but|and) )?(zij|ze|she|(de |een )?vrouw|wife)\b/ : patientSex === 'vrouw' ? /^\s*((maar|en|but|and) )?(hij|he|(de |een )?man|husband)\b/ : undefined;
  // Without punctuation the partner is often named bare mid-sentence: "dhr 70 … geen onrust vrouw is op".
  const partner = patientSex ? OTHER_SEX_PARTNER[patientSex].test(before) : false;
  return ((other?.test(before) ?? false) || partner) && !(patientSex && PATIENT_PRONOUN_AFTER_OTHER_SEX[patientSex].test(before));
}

// A relative the patient told something is not the one it is about: "heeft haar kinderen gezegd dat ze er klaar mee is".
const TOLD_RELATIVE = /\b(heeft|had|has|have)\s+(haar|zijn|z'n|his|her)\s+(\w+\s+)?(kinderen|dochters?|zoons?|zonen|man|vrouw|partner|familie|children|family|daughters?|sons?|wife|husband)\s+(\w+\s+)?(gezegd|verteld|told|laten weten)\b/g;
const DENIED_REPORT = /\b(vond|vindt|vonden|found|finds)\s+(hem|haar|him|her)\s+(ook\s+|also\s+)?(niet|not)\s+$|\b(doesn'?t|does not|don'?t|do not|didn'?t|did not)\s+(think|believe|feel|find)\s+(that\s+)?(he|she)\s+(is|was|has|seems)\s+(\S+\s+){0,1}$|\b(denkt|vindt|vinden|denken)\s+(\w+\s+){0,2}niet\s+(dat\s+)(hij|zij|ze)\s+(\S+\s+){0,2}$|\b(geeft|gaf|zegt|zei|says|said)\s+(\w+\s+)?(niet|not|never|nooit)\s+(aan\s+)?(dat|that)\s+(hij|zij|ze|he|she)\s+(\S+\s+){0,2}$/;
const PATIENT_AND_RELATIVE = /^\s*((maar|en|but|and) )?(hij|zij|ze|he|she|mw|dhr|mevr|meneer|mevrouw|patient|pt|patiente)\s+(en|and|&)\s/;

const OTHER_SEX_PARTNER = { vrouw: /\s(man|husband|echtgenoot)\b/, man: /\s(vrouw|wife|echtgenote)\b/ };

const PATIENT_PRONOUN_AFTER_OTHER_SEX = {
  vrouw: /\b(man|husband|zoon|son|broer|brother|vader|father|hij|he)\b(?!.*\b(dochter|daughter|zus|sister|moeder|mother|vrouw|wife)\b).*\b(zij|ze|she)\b/,
  man: /\b(vrouw|wife|echtgenote|dochter|daughter|zus|sister|moeder|mother|zij|ze|she)\b(?!.*\b(zoon|son|broer|brother|vader|father|man|husband)\b).*\b(hij|he)\b/,
};

/** A past finding that the message says is over, and that is not asked about for next time. */
function isOver(n: string, at: number): boolean {
  if (!RESOLVED.test(n) || RECURRENCE.test(n)) return false;
  const sentence: Span = spanAt(sentences(n), at);
  const clause = spanAt(clauses(n), at);
  // What comes after "nu stabiel" in the same sentence is now: "was spoed ivm klaplong nu stabiel wel veel pijn".
  return PAST.test(n.slice(sentence.start, sentence.end)) && !RESOLVED.test(n.slice(clause.start, clause.end)) && !RESOLVED.test(n.slice(sentence.start, at));
}

/** Whether a word such as "spoed" at [start, end) tells what happened rather than what is asked now. */
export function isPastEvent(n: string, start: number): boolean {
  const clause = spanAt(clauses(n), start);
  // Without punctuation a clause can be the whole message: then only the words around the cue tell its time.
  const before = n.slice(clause.start, start).split(/\s+/);
  const after = n.slice(start, clause.end).split(/\s+/);
  const around = before.length + after.length > LONG_CLAUSE ? [...before.slice(-POST_WINDOW), ...after.slice(0, 4)].join(' ') : n.slice(clause.start, clause.end);
  // A request right before the cue asks it now: "… haldol gehad zonder effect wil graag zsm overleggen".
  if (/\b(graag|please|wil|wilt|willen|verzoek)\s+(\w+\s+)?$/.test(n.slice(Math.max(0, start - 25), start))) return false;
  return PAST_EVENT.test(around) || /\b(was|had)\s+(\w+\s+){0,2}$/.test(n.slice(clause.start, start));
}
// "vannacht" is as often tonight as last night: for the time of a request it counts only with a past verb.
const PAST_EVENT = new RegExp(PAST.source.replace('vannacht|', ''));
