import { describe, expect, it } from 'vitest';
import { estimatedBirthYear, parseConsultText } from '../../src/domain/intake.js';

const parse = parseConsultText;

describe('negation, in the manner of NegEx, in Dutch and English', () => {
  it('does not take a negated symptom for a topic', () => {
    expect(parse('mw 80 jr, niet benauwd, wel onrustig').topics).toEqual(['onrust']);
    expect(parse('no pain, no nausea, but very anxious').dimensions).toEqual(['psychisch']);
    expect(parse('Geen doodswens, geen angst. Wel veel jeuk.').dimensions).toEqual(['fysiek']);
    expect(parse('pijn goed onder controle met oxycodon, vraagt naar euthanasie').dimensions).toEqual(['spiritueel']);
  });

  it('ends a negated list where no conjunction or comma joins the next finding, as in messages without punctuation', () => {
    expect(parse('mw 80 thuis geen pijn erg angstig graag overleg').dimensions).toEqual(['psychisch']);
    expect(parse('no pain very anxious please call').topics).toEqual(['angst']);
    expect(parse('geen tekenen van pijn of onrust').dimensions).toEqual([]);
    expect(parse('geen pijn geen benauwdheid maar wel angstig').dimensions).toEqual(['psychisch']);
    expect(parse('female 77 no nausea no pain very tired and weepy').dimensions).toEqual(['fysiek', 'psychisch']);
    expect(parse('dhr 70 hospice sedatie loopt goed geen onrust vrouw is op en slaapt niet').dimensions).toEqual(['sociaal']);
    expect(parse('dhr 83 thuis, gn benauwdheid, gn pijn').dimensions).toEqual([]);
  });

  it('does not read common words as findings', () => {
    expect(parse('pijn nog niet goed onder controle').topics).toEqual(['pijn']);
    expect(parse('ze wil niet dood').dimensions).toEqual([]);
    expect(parse('een spuitje midazolam gegeven').topics).toEqual(['medicatie']);
    expect(parse('she wonders whether the chemo is worth it').dimensions).toEqual([]);
    expect(parse('saturation is low, no family history').dimensions).toEqual([]);
    expect(parse('she is fighting the disease, wants to go home').dimensions).toEqual([]);
  });

  it('keeps a symptom whose negation is about something else', () => {
    expect(parse('pijn niet onder controle ondanks morfine').topics).toEqual(['pijn', 'medicatie']);
    expect(parse('kan niet slapen door pijn').topics).toContain('pijn');
    expect(parse('geen effect van haldol').topics).toContain('medicatie');
    expect(parse('zegt dat ze niet meer wil leven. Geen acute suicidaliteit.').topics).toContain('doodswens');
  });

  it('keeps a refused treatment, but not a drug named as the reason a symptom is gone', () => {
    expect(parse('wil geen morfine, de pijn neemt toe').topics).toEqual(['pijn', 'medicatie']);
    expect(parse('wil geen sondevoeding meer').dimensions).toEqual(['fysiek']);
    expect(parse('geen pijn meer sinds de pomp, vraagt waarom het zo lang duurt').dimensions).toEqual(['spiritueel']);
    expect(parse('pain controlled with morphine, wants to talk about his faith').dimensions).toEqual(['spiritueel']);
    expect(parse('familie ruzie over wel/niet antibiotica').dimensions).toEqual(['sociaal']);
    expect(parse('kan zijn eigen speeksel niet doorslikken en spuugt alles uit').topics).toEqual(['braken', 'slikproblemen']);
    expect(parse('geen klachten van pijn of benauwdheid').dimensions).toEqual([]);
    expect(parse('palliatieve sedatie gestart, verloopt rustig. Echtgenote kan het niet meer aan.').dimensions).toEqual(['sociaal']);
    expect(parse('geen pijn in rust, wel bij bewegen').topics).toEqual(['pijn']);
    expect(parse('geen pijn in rust, wel erg somber').dimensions).toEqual(['psychisch']);
    expect(parse('wil niet meer naar de dialyse').dimensions).toEqual(['fysiek']);
    expect(parse('geen benauwdheid meer sinds de zuurstof').dimensions).toEqual([]);
    expect(parse('dochter en zoon zijn het oneens over stoppen met dialyse').dimensions).toEqual(['sociaal']);
    expect(parse('gestart met palliatieve sedatie, nu comfortabel. Vraag over de uitvaart.').dimensions).toEqual([]);
    expect(parse('geen klachten van obstipatie meer sinds de laxantia, wel bang voor het sterven').dimensions).toEqual(['psychisch']);
    expect(parse('zegt dat hij het niet meer ziet zitten en liever dood is').topics).toEqual(['somberheid', 'doodswens']);
    expect(parse('mw 68, sedatie loopt goed, ze is rustig. Haar man is totaal uitgeput.').dimensions).toEqual(['sociaal']);
    expect(parse('dochter vraagt of ze kunnen stoppen met de zuurstof').dimensions).toEqual(['fysiek']);
    expect(parse('geen acute suicidaliteit, maar wel een duidelijke wens om te sterven').topics).toEqual(['doodswens']);
    expect(parse('mw 88 thuis zoon komt nooit mw alleen en bang snachts').topics).toEqual(['angst']);
    expect(parse('familie wil niet dat zij hoort dat ze doodgaat').topics).toEqual(['familieconflict']);
    expect(parse('dhr 73, vrouw mantelzorger, ze valt om van de moeheid').topics).toEqual(['mantelzorg', 'overbelasting']);
    expect(parse('dhr 55, he cannot bring himself to tell his son').dimensions).toEqual(['sociaal']);
    expect(parse('weet niet hoe hij het de kinderen vertelt').dimensions).toEqual(['sociaal']);
  });

  it('does not read a choice ("wel of geen", "whether or not") as a negation', () => {
    expect(parse('graag overleg over wel of geen vochtinfuus').topics).toEqual(['eten en drinken']);
  });

  it('leaves out a drug or treatment the patient is on when the request is about something else', () => {
    expect(parse('Mw 81 vph, krijgt oxycodon, daar is ze goed op ingesteld. Ze is heel somber.').dimensions).toEqual(['psychisch']);
    expect(parse('Mw 85 thuis, diabetes, insuline via de wijk. Ze is erg eenzaam.').dimensions).toEqual(['sociaal']);
    expect(parse('Mw 80 thuis, krijgt morfine, erg angstig. Kan de morfine omhoog?').topics).toEqual(['medicatie', 'angst']);
    expect(parse('Mw 80 thuis, krijgt morfine. Graag overleg.').dimensions).toEqual(['fysiek']);
    expect(parse('Pt 58, not in pain, breathing ok with NIV at night. Wife wants help telling the kids.').dimensions).toEqual(['sociaal']);
    expect(parse('Dhr 64, thuis, PEG. Geen pijn. Hij heeft schulden.').dimensions).toEqual(['sociaal']);
  });

  it('leaves out a physical fact outside the topics that is only background, but not one asked about or planned for', () => {
    expect(parse('Mw 85, hartfalen, niet benauwd, oedeem benen. Ze is erg in zichzelf gekeerd en huilt veel.').dimensions).toEqual(['psychisch']);
    expect(parse('Kinderen oneens over ziekenhuisopname bij een nieuwe longontsteking.').dimensions).toEqual(['fysiek', 'sociaal']);
    expect(parse('Mw 80, koorts en hoest. Graag advies.').dimensions).toEqual(['fysiek']);
  });

  it('does not read common clinical words as findings: "vergevorderde", "medisch zinloos", "verdeeld over de dag", "hersenbloeding", "slijmvliezen", a "familiegesprek"', () => {
    expect(parse('Mw 89, vergevorderde dementie.').dimensions).toEqual([]);
    expect(parse('na de dood van haar man erg eenzaam').dimensions).toEqual(['sociaal']);
    expect(parse('She has decided to stop the inotropes and wants to die at home.').dimensions).toEqual([]);
    expect(parse('delier bij urosepsis, nu opgeknapt en helder').dimensions).toEqual([]);
    expect(parse('verdere behandeling is medisch zinloos').dimensions).toEqual([]);
    expect(parse('morfine 4 keer verdeeld over de dag').topics).toEqual(['medicatie']);
    expect(parse('na een hersenbloeding afatisch').topics).toEqual([]);
    expect(parse('pijnlijke slijmvliezen').topics).toEqual(['pijn']);
    expect(parse('graag een familiegesprek over de pijn').topics).toEqual(['pijn']);
  });

  it('reads a symptom that is ruled out or settled as absent', () => {
    expect(parse('ileus uitgesloten, ze vraagt naar een dominee').dimensions).toEqual(['spiritueel']);
    expect(parse('pain settled on the syringe driver, wants to talk about his faith').dimensions).toEqual(['spiritueel']);
    expect(parse('Meneer thuis, slikken gaat nog redelijk, zijn vrouw is uitgeput').dimensions).toEqual(['sociaal']);
  });

  it('does not take "I am afraid", "meaning that", "calmed down" or "ze gelooft niet dat" for a finding', () => {
    expect(parse('I am afraid the family cannot cope').dimensions).toEqual(['sociaal']);
    expect(parse('she is drowsy, meaning she sleeps most of the day').topics).not.toContain('zingeving');
    expect(parse('calmed down in the evening').topics).toEqual([]);
    expect(parse('ze gelooft niet dat de behandeling helpt').topics).toEqual([]);
    expect(parse('ze gelooft niet meer in God').topics).toEqual(['geloof']);
  });

  it('does not take a symptom named as the condition of a wish for a symptom now', () => {
    expect(parse('vraagt of ze euthanasie kan krijgen als het benauwder wordt').dimensions).toEqual(['spiritueel']);
    expect(parse('wil er een einde aan maken als de pijn erger wordt').topics).toEqual(['doodswens']);
    expect(parse('wat doen we als ze weer gaat bloeden?').topics).toEqual(['bloeding']);
  });

  it('reads a negated urgency as deze-week and a refused place as no setting', () => {
    expect(parse('Not urgent. Itching all over.').urgency).toBe('deze-week');
    expect(parse('no rush, pain at night').urgency).toBe('deze-week');
    expect(parse('Spoed is het niet, maar wel vandaag graag').urgency).toBe('vandaag');
    expect(parse('mw thuis, wil geen SEH en geen ziekenhuisopname').setting).toBe('thuis');
  });

  it('does not read how often something happened this week as when to answer, nor "on the phone" as a way to consult', () => {
    expect(parse('found her on the floor twice this week. Advice please.').urgency).toBeUndefined();
    expect(parse('vomiting coffee grounds twice today. Please call.').urgency).toBeUndefined();
    expect(parse('vannacht erg onrustig. Vandaag helder. Wat kunnen we geven als het weer gebeurt?').urgency).toBeUndefined();
    expect(parse('al drie keer deze week gevallen. Graag deze week bellen.').urgency).toBe('deze-week');
    expect(parse('her daughter cries on the phone. Can we talk?').form).toBeUndefined();
  });
});

describe('experiencer: the patient or a relative', () => {
  it('reads a relative’s exhaustion as overbelasting of the carer and a mantelzorg question, not the patient’s fatigue', () => {
    expect(parse('dhr 89 jr, dochter is uitgeput').dimensions).toEqual(['sociaal']);
    expect(parse('Man 81, his wife is exhausted and cannot cope anymore').topics).toEqual(['mantelzorg', 'overbelasting']);
    expect(parse('dhr 79 jr woont thuis met zijn vrouw, zij is op en slaapt niet meer').topics).toEqual(['mantelzorg', 'overbelasting']);
    expect(parse('mw 77 jr, she is exhausted, partner ook op').topics).toEqual(['vermoeidheid', 'mantelzorg', 'overbelasting']);
  });

  it('does not take a relative’s symptom, age or sex for the patient’s', () => {
    expect(parse('familie vraagt of ze benauwd is').topics).toEqual([]);
    expect(parse('Haar man (82) is vorige maand overleden. Mw 79 jr, toenemend benauwd.')).toMatchObject({ patientAge: 79, patientSex: 'vrouw', dimensions: ['fysiek'] });
    expect(parse('Mantelzorger (echtgenote, 80) is uitgeput. Dhr 83 jr thuis.')).toMatchObject({ patientAge: 83, patientSex: 'man', topics: expect.arrayContaining(['overbelasting']) });
  });

  it('reads "vrouw" opening a clause about a man as his wife, and a carer who is ill herself as overbelasting', () => {
    expect(parse('dhr 58 jr, insulten. Vrouw bang dat hij thuis een aanval krijgt.').dimensions).toEqual(['fysiek']);
    expect(parse('mw 95 jr, dochter doet alle zorg en is zelf ziek').topics).toEqual(['mantelzorg', 'overbelasting']);
    expect(parse('dhr 64 jr, somber, zijn vrouw is op van de zorgen').dimensions).toEqual(['psychisch', 'sociaal']);
    expect(parse('haar kleindochter doet de zorg naast haar studie, is er doorheen').topics).toEqual(['mantelzorg', 'overbelasting']);
    expect(parse('sinds haar dochter is overleden piekert ze veel').dimensions).toEqual(['psychisch']);
  });

  it('still counts what the family says about the patient’s treatment or wishes', () => {
    expect(parse('familie onderling oneens over sedatie').topics).toEqual(['palliatieve sedatie', 'familieconflict']);
  });

  it('counts a symptom a relative asks or worries about as the patient’s, and what a relative "die …" is as the relative’s', () => {
    expect(parse('mw 80 thuis. Dochter maakt zich zorgen over de pijn van haar moeder.').topics).toEqual(['pijn']);
    expect(parse('Mrs 80, her husband asks about the rattling breathing.').dimensions).toEqual(['fysiek']);
    expect(parse('mw 80 thuis, vraag over haar man die uitgeput is.').dimensions).toEqual(['sociaal']);
    expect(parse('Dochter vraagt om hulp want ze is uitgeput.').dimensions).toEqual(['sociaal']);
  });

  it('reads the patient’s own pronoun after a relative of the other sex as the patient again', () => {
    expect(parse('mw 76 thuis geen pijn maar man drinkt veel en is agressief tegen haar ze is bang voor hem').dimensions).toEqual(['psychisch', 'sociaal']);
  });

  it('reads a relative who opposes a wish as a family conflict, and a relative’s poor eating or tears as strain, not the patient’s', () => {
    expect(parse('Dhr 77 hospice, zijn vrouw wil een priester, maar de kinderen willen dat niet.').topics).toEqual(['familieconflict', 'geloof']);
    expect(parse('Mr 85, comfortable. His wife hardly eats, has lost weight and is very tearful.').dimensions).toEqual(['sociaal']);
    expect(parse('mw 83 thuis wel erg angstig snachts dochter slaapt bij haar en is kapot').dimensions).toEqual(['psychisch', 'sociaal']);
    expect(parse('The daughter of Mr 90 rang: she is worried her father is in pain.').topics).toEqual(['pijn']);
    expect(parse('Dhr 74. Zijn vrouw belt mij, zij vindt hem erg somber.').dimensions).toEqual(['psychisch']);
    expect(parse('Dochter is er elke dag maar moet ook voor haar eigen gezin zorgen en raakt uitgeput.').dimensions).toEqual(['sociaal']);
    expect(parse('Her husband cannot accept it and keeps pressuring her to continue.').topics).toEqual(['familieconflict']);
    expect(parse('his two sons have not spoken for years').topics).toEqual(['familieconflict']);
    expect(parse('Zijn vrouw is bang dat ze het niet aankan.').dimensions).toEqual(['sociaal']);
    expect(parse('he is afraid of what happens to her when he dies').dimensions).toEqual(['psychisch', 'sociaal']);
    expect(parse('familie wil dat hij nog vocht krijgt via een infuus. Het team vindt het niet zinvol.').dimensions).toEqual(['fysiek', 'sociaal']);
    expect(parse('Zijn vrouw wil dat hij gedoopt wordt, hij wil dat zelf niet.').dimensions).toEqual(['sociaal', 'spiritueel']);
    expect(parse('Vrouw 80 wil naar huis, het team twijfelt of dat kan.').dimensions).toEqual([]);
    expect(parse('Sinds het overlijden van haar zoon trekt ze zich terug.').dimensions).toEqual(['psychisch']);
  });

  it('reads a carer who is ill herself, worn out or at the end of his tether as overbelasting, in English too', () => {
    expect(parse('Mr 83 at home, his wife is the only carer and she is worn out.').topics).toEqual(['mantelzorg', 'overbelasting']);
    expect(parse('Gentleman 80 at home with his wife who has dementia herself.').dimensions).toEqual(['sociaal']);
  });
});

describe('temporality: past or now', () => {
  it('does not read a past urgency as present', () => {
    expect(parse('was gisteren spoed, nu stabiel').urgency).toBeUndefined();
    expect(parse('Vannacht spoed gehad, nu rustig. Graag deze week bellen.').urgency).toBe('deze-week');
  });

  it('drops a symptom that is over, unless the question is about the next time', () => {
    expect(parse('Vorige week delier gehad, nu helder. Ze wil praten over euthanasie.').dimensions).toEqual(['spiritueel']);
    expect(parse('vorige week benauwd geweest, nu goed. Plan voor een volgende aanval van benauwdheid?').topics).toContain('benauwdheid');
    expect(parse('Afgelopen nacht een insult gehad, nu weer rustig. Wat kunnen we geven als het nog eens gebeurt?').topics).toEqual(['insulten']);
  });
});

describe('words as clinicians write them', () => {
  it('corrects a typo one edit away from a known word', () => {
    expect(parse('erg benauwt').topics).toEqual(['benauwdheid']);
    expect(parse('heftige onust').topics).toEqual(['onrust']);
    expect(parse('severe nausia').topics).toEqual(['misselijkheid']);
    expect(parse('waar komt hij vandaan').urgency).toBeUndefined();
    expect(parse('erg verdrietg en wanhopg').topics).toEqual(['somberheid']);
    expect(parse('ik vermoed een delier').topics).toEqual(['delier']);
    expect(parse('ernstig vermoed, slaapt veel').topics).toEqual(['vermoeidheid']);
    expect(parse('ze raakt in paniek, wil stikken voorkomen').topics).toEqual(['angst']);
  });

  it('knows everyday words for the topics, in Dutch and English', () => {
    expect(parse('mw heeft moeite met slikken').topics).toEqual(['slikproblemen']);
    expect(parse('hij krijgt slecht lucht').topics).toEqual(['benauwdheid']);
    expect(parse('dhr heeft al 5 dagen niet gepoept').topics).toEqual(['obstipatie']);
    expect(parse('ze heeft een aanval gehad met schokken').topics).toEqual(['insulten']);
    expect(parse('ze hoest bloed op').topics).toEqual(['bloeding']);
    expect(parse('dhr zit erg in de put').topics).toEqual(['somberheid']);
    expect(parse('ze voelt zich een last voor haar kinderen').dimensions).toEqual(['spiritueel']);
    expect(parse('ze voelt geen last van de pijn').dimensions).toEqual([]);
    expect(parse('he is struggling to breathe and feels sick').topics).toEqual(['benauwdheid', 'misselijkheid']);
    expect(parse('she is seeing things and very unsettled at night').topics).toEqual(['delier', 'onrust']);
    expect(parse('he says he has had enough and wants it to be over').topics).toEqual(['doodswens']);
    expect(parse('no longer able to swallow his levodopa').topics).toEqual(['medicatie', 'slikproblemen']);
    expect(parse('zit de hele dag voor zich uit te staren').topics).toEqual(['somberheid']);
    expect(parse('zegt dat het leven zo geen waarde meer heeft').topics).toEqual(['zingeving']);
    expect(parse('mw is erg gespannen en ongerust').topics).toEqual(['angst']);
    expect(parse('buik erg gespannen').topics).toEqual([]);
    expect(parse('hij is zijn levenslust kwijt').topics).toEqual(['somberheid']);
    expect(parse('de zorg thuis loopt vast').topics).toEqual(['thuissituatie']);
    expect(parse('hij wil niet meer lijden').topics).toEqual(['doodswens']);
    expect(parse('ze vraagt om een spuitje.').topics).toEqual(['euthanasievraag']);
    expect(parse('Sinds de dood van zijn vrouw drinkt hij te veel en komt hij de deur niet meer uit.').dimensions).toEqual(['sociaal']);
    expect(parse('eet weinig maar drinkt veel water').dimensions).toEqual(['fysiek']);
    expect(parse('her husband worries about leaving her alone').dimensions).toEqual(['sociaal']);
    expect(parse('Haar dochters willen dat alles nog wordt gedaan, mw heeft aangegeven dat ze dat niet wil.').topics).toEqual(['familieconflict']);
    expect(parse('haar dochter wil alles nog proberen, zij niet').topics).toEqual(['familieconflict']);
    expect(parse('she is worried about her children after her death').dimensions).toEqual(['sociaal']);
  });

  it('knows English words for fear, strain, conflict, meaning and faith', () => {
    expect(parse('increasingly breathless at night and frightened').dimensions).toEqual(['fysiek', 'psychisch']);
    expect(parse('Male 74. His daughter is his main carer. She is at breaking point.').topics).toEqual(['mantelzorg', 'overbelasting']);
    expect(parse('his children are fighting over the inheritance').topics).toEqual(['familieconflict']);
    expect(parse('she keeps asking what the point of all this suffering is').topics).toEqual(['zingeving']);
    expect(parse('requests the last rites and a priest').topics).toEqual(['geloof']);
    expect(parse('asks to have his defibrillator switched off').dimensions).toEqual(['fysiek']);
  });

  it('knows chat names of drugs and the physical treatment decisions', () => {
    expect(parse('delirious, haldol not working').topics).toEqual(['delier', 'medicatie']);
    expect(parse('wil haar ICD laten uitzetten').dimensions).toEqual(['fysiek']);
    expect(parse('stopt met dialyse').dimensions).toEqual(['fysiek']);
    expect(parse('dwarslaesie, vraag over de thuissituatie').dimensions).toEqual(['sociaal']);
  });

  it.each([
    ['58jr vrouw, pijn', 58, 'vrouw'],
    ['89j man thuis', 89, 'man'],
    ['(m) 81 jr opgenomen', 81, 'man'],
    ['mw van 93, woont alleen', 93, 'vrouw'],
    ['mw is 84 en woont in een wzc', 84, 'vrouw'],
    ['78yo man with COPD', 78, 'man'],
    ['Mrs (84) in a nursing home', 84, 'vrouw'],
    ['Male 76, at home', 76, 'man'],
    ['pt is een man van 70', 70, 'man'],
    ['Pt (v, 66) thuis', 66, 'vrouw'],
    ['dhr 83 kleinschalig wonen', 83, 'man'],
    ['Pt 69 jr m, thuis', 69, 'man'],
  ])('reads age and sex from "%s"', (text, patientAge, patientSex) => {
    expect(parse(text)).toMatchObject({ patientAge, patientSex });
  });

  it('does not read a dose after a title as an age', () => {
    expect(parse('mw 20 mg morfine').patientAge).toBeUndefined();
  });

  it('reads "graag iemand langs" and "come see" as bedside, "overleg via Teams" as digitaal', () => {
    expect(parse('Graag iemand langs vandaag').form).toBe('bedside');
    expect(parse('Can someone come see her today?').form).toBe('bedside');
    expect(parse('Graag overleg via Teams').form).toBe('digitaal');
    expect(parse('Email is fine').form).toBe('digitaal');
    expect(parse('dochter slaapt er nu bij graag iemand langs').form).toBe('bedside');
  });
});

describe('question and birth year', () => {
  it('leaves an urgency label and a part that only says how urgent out of the question', () => {
    expect(parse('Spoed: dhr 74 jr thuis, terminale onrust.').question).toBe('dhr 74 jr thuis, terminale onrust.');
    expect(parse('Urgent: 80 y/o man at home').question).toBe('80 y/o man at home');
    expect(parse('dhr 74 jr thuis, terminale onrust, zsm!').question).toBe('dhr 74 jr thuis, terminale onrust');
    expect(parse('mw 80 jr (spoed) pijn').question).toBe('mw 80 jr pijn');
    expect(parse('Graag vandaag bellen over de pijn').question).toBe('Graag vandaag bellen over de pijn');
  });

  it('keeps a request to be called but not its time, and leaves no empty part behind', () => {
    expect(parse('mw 84 jr thuis, onrustig. graag vandaag bellen').question).toBe('mw 84 jr thuis, onrustig. graag bellen');
    expect(parse('mw 84 jr, onrustig, graag zsm bellen aub').question).toBe('mw 84 jr, onrustig, graag bellen aub');
    expect(parse('Man 80 at home, agitated. Please call me back today').question).toBe('Man 80 at home, agitated. Please call me back today');
    expect(parse('Man 80 at home, agitated. Please today call back').question).toBe('Man 80 at home, agitated. Please call back');
    expect(parse('mw 84 jr onrustig, geen spoed, graag deze week bellen').question).toBe('mw 84 jr onrustig, graag bellen');
  });

  it('estimates the birth year from the age', () => {
    expect(estimatedBirthYear(84, new Date('2026-11-23T10:00:00+01:00'))).toBe(1942);
  });
});

// Rules of the session of 2026-12-03, each with the wording it was made for and the wording it must leave alone.
describe('whose place, which drug, and what comes after "nu stabiel"', () => {
  it('does not take a relative’s place for the patient’s, unless it is in brackets after the patient', () => {
    expect(parse('dhr 70 thuis, angstig. Zijn vrouw ligt in het hospice. Bel me vanavond').setting).toBe('thuis');
    expect(parse('Zoon vraagt namens vader (83 jr, vph) om een gesprek').setting).toBe('verpleeghuis');
    expect(parse('dhr 83 sinds eergisteren weer thuis na opname cardiologie, wil de ICD uit').setting).toBe('thuis');
    expect(parse('mw 80, vorige week kort opgenomen geweest op cardiologie, inmiddels weer thuis').setting).toBe('thuis');
  });

  it('reads a drug that fails as part of the question, and one that stopped a symptom as its reason', () => {
    expect(parse('mw 90 thuis geen ontlasting niet misselijk geen braken laxantia helpen niet graag iemand langs').topics).toContain('medicatie');
    expect(parse('geen pijn meer sinds de pomp, wel erg angstig').dimensions).toEqual(['psychisch']);
    expect(parse('dhr niet meer benauwd met 2 L zuurstof, zijn vrouw kan de zorg thuis niet aan').dimensions).toEqual(['sociaal']);
  });

  it('reads every item after "kan niet" as an inability, so a drug named after the list is asked about', () => {
    expect(parse('dhr 77 thuis hik al 3 dagen kan niet slapen en niet eten chloorpromazine geprobeerd zonder effect graag bellen').topics).toEqual(['medicatie', 'hik']);
  });

  it('reads what follows "nu stabiel" in one sentence as now, and "volgende week" as a time, not the next time', () => {
    expect(parse('was daar spoed ivm klaplong nu stabiel wel veel pijn op de borst').topics).toContain('pijn');
    expect(parse('Vorige week delier, dat is inmiddels over. Ze is erg somber. Volgende week bellen is goed.').dimensions).toEqual(['psychisch']);
  });
});
