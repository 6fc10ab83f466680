import type { Dimension } from '../consultRequest.js';
import { contextOf, type FindingContext } from './context.js';
import { DIMENSION_TERMS, DRUGS, OPPOSES, NEXT_TIME, OTHERS_DISAGREE, PHYSICAL_TREATMENTS, RELATIVE_WANTS, RELATIVES, STRAIN, TOPIC_DIMENSION, TOPIC_TERMS, TREATMENT_NOUNS, type Topic } from './lexicon.js';
import { clauses, sentences, spanAt, withoutBrackets } from './text.js';

const pattern = (terms: readonly string[]) => new RegExp(String.raw`(?<![a-z])(?:${terms.join('|')})`, 'g');
const TOPIC_PATTERNS = Object.entries(TOPIC_TERMS).map(([topic, terms]) => [topic as Topic, pattern(terms)] as const);
const DIMENSION_PATTERNS = Object.entries(DIMENSION_TERMS).map(([dimension, terms]) => [dimension as Dimension, pattern(terms)] as const);
const PHYSICAL_TREATMENT_PATTERN = pattern(PHYSICAL_TREATMENTS);
const DRUG_WORD = new RegExp(String.raw`^(?:${[...DRUGS, ...TREATMENT_NOUNS].join('|')})`);
const TREATMENT_NOUN = new RegExp(String.raw`^(?:${TREATMENT_NOUNS.join('|')})`);
const OPPOSES_PATTERN = pattern(OPPOSES);
const WISH_OPPOSED = new RegExp(String.raw`${RELATIVE_WANTS}[^.;!?]*(?:[.;!?]\s*[^.;!?]*)?${OTHERS_DISAGREE}`);
const STRAIN_WORD = new RegExp(String.raw`^(?:${STRAIN.join('|')})`);
const STRAIN_ANYWHERE = pattern(STRAIN);
// Words that make a sentence about a drug or a physical fact a question about it (or a plan for the next time), not a
// description of what the patient is on or has.
const ASKS = new RegExp(String.raw`\?|\b(advies|advise|advice|adviseren|vraag|vragen|vraagt|question|graag|please|pls|kan|kunnen|kunt|mag|moet|moeten|could|can|should|would|welke|which|hoe|how|wat|what|wanneer|when|ophogen|verhogen|omhoog|hoger|afbouwen|verlagen|stoppen|stop|staken|stopping|discuss|bespreken|starten|start|beginnen|omzetten|switch\w*|wissel\w*|toevoegen|add|increase|reduce|titr\w*|dosering|doses?|dosis|alternatie\w*|overwe\w*|consider|ipv|instead|helpt|hielp|hielpen|helped|werkt|effect\w*|onvoldoende|working|helping|bijwerking\w*|side effects?|te veel|te weinig|niet meer|wil geen|weigert|refuses?|wants?|wil|wilt|zinvol|nodig|need|needs|${NEXT_TIME}|nieuwe|opnieuw|again|beleid|policy|plan)\b`);

/**
 * Treatments are decided on, not had: "wil geen morfine" or "geen sondevoeding meer" is a question
 * about that treatment, so a refusal does not cancel one (a plain "wel/niet antibiotica" still does).
 */
const TREATMENTS = new Set<Topic>(['palliatieve sedatie', 'medicatie', 'eten en drinken']);
/** Drugs, sedation and other treatments named as the reason a symptom is denied ("geen pijn meer sinds de pomp") are background. */
const REASONS = new Set<Topic>(['palliatieve sedatie', 'medicatie']);

const REASON_WINDOW = 10;
// The relatives of the lexicon, not the team: a focus on the team is not social.
const RELATIVE_NAMED = new RegExp(String.raw`\b(${RELATIVES.filter((relative) => relative !== 'team\\b').join('|')})`);
const PHYSICAL_NAMED = /\b(slik\w*|voeding|eten|drinken|wond\w*|medicat\w*|pijn\w*|symptom\w*|lichamelijk\w*|physical\w*|swallow\w*|feeding|wound\w*|pain|medication)\b/;
const ONLY = /\b(alleen|enkel|uitsluitend|only|just)\b/;
// Doses and units between a symptom and its drug: "niet meer benauwd met 2 L zuurstof", "geen pijn op 20 mg oxycodon".
const DOSE_WORD = /^(mg|mcg|ug|ml|liter|uur|per|dag|daags|dd|sc|iv|im|po|zn|prn|pleister|patch)$/;
// Who the carer is, said in passing: "woont bij haar dochter die de mantelzorg geeft".
const CARER_ROLE = /\b(die|who) (de |the )?(mantelzorg|care) (geeft|doet|verleent|biedt|gives|provides)\b/;
const FAILS = /^[a-z]*\s+((\S+\s+){0,3}?)(helpt|helpen|hielp|werkt|werken|werkte|helps|help|works|work|is|was)\s+(niet|onvoldoende|nauwelijks|amper|niks|niets|not|insufficiently|poorly)\b|^[a-z]*\s+((\S+\s+){0,4}?)(zonder|without) (\w+ )?(effect|resultaat|succes|baat)|^[a-z]*\s+(\S+\s+){0,3}?(geeft|gaf|heeft|had) (\w+ )?(geen|onvoldoende|weinig) (effect|baat|verlichting)|^[a-z]*\s+(\S+\s+){0,2}?(werkt|helpt) (te )?(kort|weinig)/;
const FAILED_BY = /\b(not responding to|geen (effect|reactie) (op|van)|ondanks|despite|in spite of)\s+(de |het |the )?$/;
// Words that may stand between a denied symptom and the drug that is its reason: "geen pijn meer, oxycodon".
const REASON_BRIDGE = /\b(meer|more|any ?more|nu|now|by now|inmiddels|dankzij|thanks to|on|op|met|with|goed|well|onder controle|under control|controlled|is|zijn|are|de|het|the|een|a|an|sinds|since|door|ivm|vanwege|due to|because of|van|of|nieuwe|new|which|die|dat)\b/g;
const LINKED_BACK = /\b(na|sinds|door|van|op|met|since|after|from|on|due to|with)\s+((de|het|the|start|starten|ophogen|begin|opstart)\s+(van\s+|of\s+)?)*$/;
const REFERS_BACK = /^\s*(\S+\s+){0,6}?(dat|die|dit|daarmee|daarvan|it|that|this|them)\b/;
// A relative's guilt ("voelt zich schuldig dat hij haar heeft laten opnemen") is the carer's burden, not a question of meaning for the patient.
const GUILT = /^(schuld|guilt)/;
// The team's own fear ("wij zijn bang dat er een grote bloeding komt") is not the patient's.
const TEAM_FEELS = /\b(wij|we|ik|i|het team|the team|staff|de verpleging)\s+(zijn|ben|is|are|am)\s+(\w+\s+)?$/;
// Relatives who want one thing while the patient asks for another: "de zonen willen geen morfine …, terwijl hij zelf om iets tegen de pijn vraagt".
const WISH_AGAINST_PATIENT = new RegExp(String.raw`${RELATIVE_WANTS}[^.;!?]*\b(terwijl|whereas|while) (hij|zij|ze|he|she|mw|dhr|patient) (zelf|himself|herself)\b`);

const FOCUS = /(?:^|[.!?;:]\s*|\b(?:mijn|onze|de|het|the|our|my|main|real|actual|eigenlijke|belangrijkste)\s+)(?:hulp)?(?:vraag|question|worry|concern|probleem|problem)(?:\s+\w+)?\s*(?:is\b|gaat\b|betreft\b|:)|\bwhat (?:really )?worries (?:me|us)\b|\bwhat (?:i|we) (?:am|are) (?:really )?(?:worried|concerned) about\b|\bwat (?:mij|ons|haar|hem) (?:\w+ )?(?:bezighoudt|zorgen baart|dwarszit)\b|\bwaar (?:ik|wij|we) (?:\w+ )?mee (?:zit|zitten)\b/;

const CONTRAST = /\b(maar|but|however|echter)\b(?! (\w+ )?(ook|also|too|nog steeds|still)\b)/g;

export interface Findings {
  topics: Topic[];
  dimensions: Set<Dimension>;
}

interface Match {
  topic?: Topic;
  /** A treatment is decided on (see TREATMENTS), and can be the reason a symptom is gone (see REASONS). */
  treatment: boolean;
  reason: boolean;
  /** Relatives who disagree about it ("oneens over stoppen met dialyse") make a family conflict, not a physical question. */
  conflictObject: boolean;
  dimension: Dimension;
  at: number;
  end: number;
  text: string;
  context: FindingContext;
}

// Items of a negated list are joined by a conjunction or a comma: in "geen pijn of benauwdheid" both are denied, in
// "no pain very anxious" (no punctuation) the second finding starts a new statement, and what is joined to it is not
// denied either. A second trigger denies on its own.
const LIST_JOIN = /\b(of|en|noch|or|nor|and)\b|[,/()]/;
const OWN_TRIGGER = /\b(geen|niet|zonder|no|not|without|never|nooit)\b/;

/**
 * Topics and dimensions the text asserts about the patient now. A negated or finished finding
 * does not count, nor a symptom named as the condition of a wish ("euthanasie als het benauwder
 * wordt"). A relative's strain (tired, exhausted, sleepless) is overbelasting of the carer and so
 * a question about mantelzorg, both sociaal; the relative's other findings do not count, except
 * what is social or existential by nature (a family conflict, a euthanasia question asked by the family). A drug,
 * tube or physical fact named only as background (in a sentence that asks nothing) does not count when the request is
 * about something else.
 */
export function findingsOf(n: string, patientSex?: 'man' | 'vrouw'): Findings {
  const match = (at: number, end: number, dimension: Dimension, topic?: Topic, physicalTreatment = false): Match => ({
    topic,
    treatment: physicalTreatment || (topic !== undefined && TREATMENTS.has(topic)),
    // A drug word can name a symptom's topic too ("laxantia" is obstipatie), and is a reason all the same.
    reason: physicalTreatment || (topic !== undefined && REASONS.has(topic)) || DRUG_WORD.test(n.slice(at)),
    conflictObject: physicalTreatment,
    dimension,
    at,
    end,
    text: n.slice(at),
    context: contextOf(n, at, patientSex),
  });
  const matches: Match[] = [
    ...TOPIC_PATTERNS.flatMap(([topic, re]) => [...n.matchAll(re)].map((m) => match(m.index, m.index + m[0].length, TOPIC_DIMENSION[topic], topic))),
    ...DIMENSION_PATTERNS.flatMap(([dimension, re]) => [...n.matchAll(re)].map((m) => match(m.index, m.index + m[0].length, dimension))),
    ...[...n.matchAll(PHYSICAL_TREATMENT_PATTERN)].map((m) => match(m.index, m.index + m[0].length, 'fysiek', undefined, true)),
  ];
  // A sentence is asked about too when the next one asks about "dat"/"it": "Ze gebruikte vroeger sertraline. Is het zinvol om dat te herstarten?"
  const asked = (at: number) => {
    const all = sentences(n);
    const sentence = spanAt(all, at);
    const next = all[all.indexOf(sentence) + 1];
    const nextText = next ? n.slice(next.start, Math.min(n.length, next.end + 1)) : '';
    return ASKS.test(n.slice(sentence.start, Math.min(n.length, sentence.end + 1))) || (nextText.includes('?') && REFERS_BACK.test(nextText));
  };
  const clauseOf = (at: number) => spanAt(clauses(n), at).start;
  for (const m of [...matches].sort((a, b) => a.at - b.at)) {
    if (!m.context.negatedBefore) continue;
    const previous = matches.filter((p) => p.end <= m.at && clauseOf(p.at) === clauseOf(m.at)).sort((a, b) => b.end - a.end)[0];
    if (!previous || OWN_TRIGGER.test(n.slice(previous.end, m.at))) continue;
    // The finding before it ended the list, or it is not joined to the list: the trigger is not this finding's.
    if (!previous.context.negatedBefore || !LIST_JOIN.test(n.slice(previous.end, m.at))) m.context = { ...m.context, negatedBefore: false };
  }
  const sentenceOf = (at: number) => spanAt(sentences(n), at).start;
  const bodily = (m: Match) => (m.dimension === 'fysiek' || m.dimension === 'psychisch') && !m.treatment;
  // "niet meer eet en drinkt … bewust" is versterven: the negation is the not eating itself.
  const fastingSaid = (m: Match) => m.topic === 'versterven' && /^(eet|eten|drink)/.test(m.text) && /\b(niet|geen|not|no)\s+(meer\s+|more\s+)?$/.test(n.slice(Math.max(0, m.at - 15), m.at));
  // A finding that says its own negation ("het niet meer volhoudt", "kan het niet aan") is not denied by a trigger before
  // it: in "dat ze niet slaapt en het niet meer volhoudt" the first "niet" is the sleep's.
  const ownNegation = (m: Match) => OWN_TRIGGER.test(n.slice(m.at, m.end)) || fastingSaid(m);
  const denied = (m: Match) => m.context.negatedAfter || (m.context.negatedBefore && !ownNegation(m) && !(m.treatment && m.context.refused));
  // A drug is the reason a symptom is gone only near it: without punctuation, "geen pijn niet benauwd … furosemide al hoog
  // wat kunnen we nog doen" asks about the drug.
  // The symptom nearest to the drug is the one it is about: in "erg misselijk na start morfine geen braken" the morphine
  // is the cause of the nausea, not the reason there is no vomiting.
  const wordsBetween = (a: Match, b: Match) => n.slice(Math.min(a.at, b.at), Math.max(a.end, b.end)).split(/\s+/).length;
  const nearDeniedSymptom = (m: Match) => {
    // A drug that fails ("laxantia helpen niet", "zonder effect", "not responding to") is the problem, not a reason.
    if (FAILS.test(n.slice(m.end, m.end + 40)) || FAILED_BY.test(n.slice(Math.max(0, m.at - 25), m.at))) return false;
    // After "na", "sinds", "door" the drug belongs to what comes before it: "geen pijn meer sinds de pomp", "misselijk na start morfine".
    const back = LINKED_BACK.test(n.slice(Math.max(0, m.at - 30), m.at));
    const near = matches.filter((d) => (d.end <= m.at || (!back && d.at >= m.end)) && bodily(d) && clauseOf(d.at) === clauseOf(m.at) && wordsBetween(d, m) <= REASON_WINDOW);
    const nearest = near.sort((a, b) => wordsBetween(a, m) - wordsBetween(b, m))[0];
    if (nearest === undefined || !denied(nearest)) return false;
    // Terms are stems ("obstip"): what stands between starts after the finding's word.
    const afterWord = nearest.end + (/^[a-z]*/.exec(n.slice(nearest.end))?.[0].length ?? 0);
    const between = n.slice(afterWord, m.at).replace(REASON_BRIDGE, ' ').split(/[^a-z]+/).filter((word) => word.length > 2 && !DOSE_WORD.test(word) && !DRUG_WORD.test(word));
    if (nearest.end <= m.at) return back || between.length === 0;
    return true;
  };
  const conflictClauses = new Set(matches.filter((m) => m.topic === 'familieconflict' && !denied(m)).map((m) => clauseOf(m.at)));
  const wishSentences = new Set(matches.filter((m) => m.dimension === 'spiritueel' && !denied(m)).map((m) => sentenceOf(m.at)));

  const found: { dimension: Dimension; topic?: Topic; background: boolean; at: number }[] = [];
  const add = (at: number, dimension: Dimension, topic?: Topic, background = false) => found.push({ dimension, topic, background, at });
  const carerStrain = (at: number) => {
    add(at, 'sociaal', 'overbelasting');
    add(at, 'sociaal', 'mantelzorg');
  };
  // "weigert eten en drinken, wil zo sterven" is versterven, a choice, not a problem of intake.
  const chosenFasting = matches.filter((m) => m.topic === 'versterven' && !denied(m));
  const partOfFasting = (m: Match) => m.topic === 'eten en drinken' && chosenFasting.some((v) => m.at < v.end && m.end > v.at);
  for (const m of matches) {
    if (partOfFasting(m)) continue;
    if (m.topic === 'overbelasting' && m.context.relative && !denied(m)) carerStrain(m.at);
    if (denied(m)) continue;
    if (m.conflictObject && m.context.relative && conflictClauses.has(clauseOf(m.at))) continue;
    // A relative who eats badly or loses weight is not the patient: only a tube or drip is decided on for the patient by the family.
    if (m.topic === 'eten en drinken' && m.context.relative && !TREATMENT_NOUN.test(m.text)) {
      if (STRAIN_WORD.test(m.text)) carerStrain(m.at);
      continue;
    }
    if (m.reason && (nearDeniedSymptom(m) || (m.treatment && m.context.settledNow))) continue;
    if (m.topic === 'angst' && TEAM_FEELS.test(n.slice(clauseOf(m.at), m.at))) continue;
    // A relative's question ("hoe lang duurt dit nog?") is neither a strain nor the patient's question of meaning.
    if (m.context.relative && m.topic === 'levensvragen') continue;
    // A relative who hopes it will soon be over is a carer under strain: the wish is not the patient's.
    if (m.context.relative && (m.topic === 'doodswens' || (m.topic === 'zingeving' && GUILT.test(m.text)))) {
      carerStrain(m.at);
      continue;
    }
    if (!bodily(m)) {
      // "woont bij haar dochter die de mantelzorg geeft": who the carer is, in a sentence that asks nothing, is background too.
      const carerNamed = m.topic === 'mantelzorg' && CARER_ROLE.test(n.slice(Math.max(0, m.at - 20), m.at + 25)) && !asked(m.at);
      add(m.at, m.dimension, m.topic, carerNamed || (m.reason && m.topic !== 'palliatieve sedatie' && (!asked(m.at) || m.context.over)));
      continue;
    }
    if (m.context.over || (m.context.conditional && wishSentences.has(sentenceOf(m.at)))) continue;
    // A physical fact outside the topics ("oedeem benen", "koorts") in a sentence that asks nothing is background too.
    if (!m.context.relative) add(m.at, m.dimension, m.topic, !m.topic && m.dimension === 'fysiek' && !asked(m.at));
    else if (STRAIN_WORD.test(m.text)) carerStrain(m.at);
  }
  for (const m of n.matchAll(OPPOSES_PATTERN)) {
    const context = contextOf(n, m.index, patientSex);
    if (context.relative && !context.negatedBefore) add(m.index, 'sociaal', 'familieconflict');
  }
  const wishOpposed = WISH_OPPOSED.exec(withoutBrackets(n)) ?? WISH_AGAINST_PATIENT.exec(withoutBrackets(n));
  if (wishOpposed) add(wishOpposed.index, 'sociaal', 'familieconflict');
  // Strain that no topic names ("partner ook op", "slaapt slecht") counts only for a relative.
  for (const m of n.matchAll(STRAIN_ANYWHERE)) {
    const context = contextOf(n, m.index, patientSex);
    if (context.relative && !context.negatedBefore && !context.negatedAfter) carerStrain(m.index);
  }
  // "Mijn vraag gaat over haar man: …": before the request says what it is about, physical facts are background when the
  // stated focus is not physical (and something in it is recognised).
  // "Her pain is okay on the PCA. But she is very low in mood": a turn after a physical finding that is denied or
  // settled says what the request is about, as "mijn vraag gaat over" does.
  const settledBefore = (at: number) => matches.some((m) => m.at < at && m.dimension === 'fysiek' && (denied(m) || m.context.settledNow) && sentenceOf(m.at) >= sentenceOf(at - 2));
  const turn = [...n.matchAll(CONTRAST)].find((m) => settledBefore(m.index))?.index;
  const focus = FOCUS.exec(n)?.index ?? turn;
  const focusDimensions = new Set(found.filter((f) => focus !== undefined && f.at >= focus && !f.background).map((f) => f.dimension));
  // "Vraag gaat over het gesprek met de zoon": a focus that names a relative is social.
  const focusText = focus === undefined ? '' : n.slice(focus, focus + 60).replace(/^[.!?;:\s]+/, '').split(/[.!?;]/)[0]!;
  if (RELATIVE_NAMED.test(focusText)) focusDimensions.add('sociaal');
  // "Vraag gaat alleen over slikken en voeding": a physical thing named without a finding.
  if (PHYSICAL_NAMED.test(focusText)) focusDimensions.add('fysiek');
  // "Vraag gaat alleen over slikken en voeding": only what the focus names counts, of every dimension.
  const onlyFocus = ONLY.test(focusText);
  const beforeFocus = (f: (typeof found)[number]) =>
    focus !== undefined && focusDimensions.size > 0 && f.at < focus && !focusDimensions.has(f.dimension) && (onlyFocus || f.dimension === 'fysiek');
  // Background goes when the request is about something else, of another dimension: a drug or treatment the patient is on,
  // in a sentence that asks nothing ("krijgt oxycodon. Ze is heel somber"), or a carer named in passing when the question
  // is physical. Next to a finding of its own dimension it is part of that question ("pijn ondanks oxycodon").
  const droppable = (f: (typeof found)[number]) => f.background && found.some((g) => !g.background) && !found.some((g) => !g.background && g.dimension === f.dimension);
  const kept = found.filter((f) => !droppable(f) && !beforeFocus(f));
  const topics = new Set(kept.flatMap((f) => (f.topic ? [f.topic] : [])));
  const dimensions = new Set(kept.map((f) => f.dimension));
  return { topics: Object.keys(TOPIC_TERMS).filter((t) => topics.has(t as Topic)) as Topic[], dimensions };
}
