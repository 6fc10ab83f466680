import {
  TELECOM_LABELS,
  type AcpSummary,
  type Behandelgrens,
  type BehandelgrensNaam,
  type Contactpersoon,
  type JaNeeOnbekend,
  type Naam,
} from './acpSummary.js';
import {
  ACP_QUESTIONNAIRE_URL,
  ACP_QUESTIONNAIRE_VERSION,
  BEHANDELGRENS_ITEMS,
  FUNCTIE_LABELS,
  RELATIE_LABELS,
  ROL_LABELS,
  SYSTEMS,
  type Coding,
} from './acpCodes.js';

export interface QuestionnaireResponseAnswer {
  valueCoding?: Coding;
  valueBoolean?: boolean;
  valueString?: string;
  valueDateTime?: string;
  item?: QuestionnaireResponseItem[];
}
export interface QuestionnaireResponseItem {
  linkId: string;
  answer?: QuestionnaireResponseAnswer[];
  item?: QuestionnaireResponseItem[];
}
export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  questionnaire: string;
  status: 'completed';
  authored?: string;
  item: QuestionnaireResponseItem[];
}

type Item = QuestionnaireResponseItem | null;
type Answers = QuestionnaireResponseAnswer[];

const snomed = (code: string, display: string): Coding => ({ system: SYSTEMS.snomed, code, display });
const nullFlavor = (code: string, display: string): Coding => ({ system: SYSTEMS.nullFlavor, code, display });
const decision = (code: string, display: string): Coding => ({ system: SYSTEMS.treatmentDecision, code, display });
const UNKNOWN = nullFlavor('UNK', 'Nog onbekend');

const text = (value: string | null): Answers => (value === null ? [] : [{ valueString: value }]);
const coded = (coding: Coding | undefined): Answers => (coding ? [{ valueCoding: coding }] : []);
const present = (items: Item[]): QuestionnaireResponseItem[] => items.filter((item): item is QuestionnaireResponseItem => item !== null);

/** Children of a question go under its answer; without an answer they go under the item itself. */
function question(linkId: string, answers: Answers, children: Item[] = []): Item {
  const nested = present(children);
  const [first, ...rest] = answers;
  if (first) return { linkId, answer: [nested.length > 0 ? { ...first, item: nested } : first, ...rest] };
  return nested.length > 0 ? { linkId, item: nested } : null;
}

function group(linkId: string, children: Item[]): Item {
  const nested = present(children);
  return nested.length > 0 ? { linkId, item: nested } : null;
}

const FORM_JA_NEE: Record<JaNeeOnbekend, Coding | undefined> = { ja: { code: '1', display: 'Ja' }, nee: { code: '0', display: 'Nee' }, onbekend: undefined };
const SNOMED_JA_NEE: Record<JaNeeOnbekend, Coding> = { ja: snomed('373066001', 'Ja'), nee: snomed('373067005', 'Nee'), onbekend: UNKNOWN };
/** 'nee' is no answer option of question 1201; SNOMED 'Nee' is the closest code that reads back unchanged. */
const AKKOORD: Record<JaNeeOnbekend, Coding> = { ja: snomed('441898007', 'Akkoord'), nee: snomed('373067005', 'Nee'), onbekend: UNKNOWN };
const BESLUIT: Record<Behandelgrens['besluit'], Coding> = {
  'wel uitvoeren': decision('0', 'Wel uitvoeren'),
  anders: decision('1', 'Anders'),
  'niet uitvoeren': decision('2', 'Niet uitvoeren'),
  'niet besproken': nullFlavor('UNK', 'Onbekend'),
};
const ICD_UITZETTEN: Record<AcpSummary['behandelgrenzen']['icd']['uitzetten']['besluit'], Coding> = {
  'wel uitvoeren': decision('0', 'Wel uitvoeren'),
  'nog geen besluit': nullFlavor('ASKU', 'Nee, nog geen besluit genomen'),
  'niet besproken': nullFlavor('NASK', 'Niet besproken'),
};
const DOEL_CODE = { curatief: '385987000', 'palliatief levensverlengend': '1351964001', 'palliatief symptoomgericht': '225353007' } as const;
const PLEK_CODE = { thuis: '264362003', ziekenhuis: '22232009', verpleeghuis: '108344006', hospice: '284546000' } as const;
const EUTHANASIE_CODE = {
  'heeft euthanasieverklaring': '340181000146102',
  'wenst geen euthanasie': '340201000146103',
  'zou verzoek kunnen doen': '340191000146100',
} as const;
/** The role options of questions 982 and 997; other roles travel as 'Anders, namelijk'. */
export const REPRESENTATIVE_ROLE_CODES = ['24', '01', '310141000146103', '03', '15', '09'];
export const PRESENT_ROLE_CODES = ['03', '15', '310141000146103', '09'];
const TELECOM_SYSTEM = { LL: 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.22.1', FAX: 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.22.1', PG: SYSTEMS.addressUse, MC: SYSTEMS.addressUse };

/** The form's coding for a coded choice, keeping the summary's wording as display. */
function choiceCoding(choice: { waarde: string; tekst: string }, codes: Record<string, string>): Coding {
  const code = codes[choice.waarde];
  if (code) return snomed(code, choice.tekst);
  return choice.waarde === 'onbekend' ? nullFlavor('UNK', choice.tekst) : nullFlavor('OTH', choice.tekst);
}

export function codeFor(labels: Record<string, string>, label: string, allowed?: string[]): string | undefined {
  return Object.keys(labels).find((code) => labels[code] === label && (!allowed || allowed.includes(code)));
}

/**
 * Coded answers for labels, plus the one 'Anders, namelijk' text the form has: the first label
 * it does not list. (More than one such label is a loss; see listExportLosses.)
 */
function labelled(labels: string[], table: Record<string, string>, allowed: string[], otherCode: string, system: (code: string) => string): { answers: Answers; other: string | null } {
  let other: string | null = null;
  const answers = labels.map((label): QuestionnaireResponseAnswer => {
    const code = codeFor(table, label, allowed) ?? otherCode;
    if (code === otherCode && label !== 'Anders') other ??= label;
    return { valueCoding: { system: system(code), code, display: table[code] ?? label } };
  });
  return { answers, other };
}

const relations = (labels: string[]) =>
  labelled(labels, RELATIE_LABELS, Object.keys(RELATIE_LABELS), 'OTH', (code) => (code === 'OTH' ? SYSTEMS.nullFlavor : SYSTEMS.roleCode));
const roles = (labels: string[], allowed: string[]) =>
  labelled(labels, ROL_LABELS, allowed, '09', (code) => (code === '310141000146103' ? SYSTEMS.snomed : SYSTEMS.contactRole));

interface ContactLinkIds {
  nameGroup: string;
  names: [string, string, string];
  detailsGroup: string;
  phones: string;
  phone: [string, string, string, string];
  emails: string;
  email: [string, string];
}
const REPRESENTATIVE: ContactLinkIds = { nameGroup: '30', names: ['973', '974', '975'], detailsGroup: '39', phones: '40', phone: ['976', '977', '978', '979'], emails: '41', email: ['980', '981'] };
const FIRST_CONTACT: ContactLinkIds = { nameGroup: '53', names: ['985', '986', '987'], detailsGroup: '61', phones: '62', phone: ['988', '989', '990', '991'], emails: '66', email: ['992', '993'] };

function nameItems(name: Naam, [voornamen, voorvoegsels, achternaam]: [string, string, string]): Item[] {
  return [question(voornamen, text(name.voornamen)), question(voorvoegsels, text(name.voorvoegsels)), question(achternaam, text(name.achternaam))];
}

const addressUse = (code: string | null, labels: Record<string, string>): Answers =>
  code === null ? [] : [{ valueCoding: { system: SYSTEMS.addressUse, code, display: labels[code] ?? code } }];

/** Name parts and every phone number and e-mail address, one repeated group each. */
function contactItems(contact: Contactpersoon | null, ids: ContactLinkIds): Item[] {
  const [nummer, type, soort, toelichting] = ids.phone;
  return [
    group(ids.nameGroup, contact ? nameItems(contact.naam, ids.names) : []),
    group(ids.detailsGroup, [
      ...(contact?.telefoons ?? []).map((phone) =>
        group(ids.phones, [
          question(nummer, text(phone.nummer)),
          question(type, phone.type === null ? [] : [{ valueCoding: { system: TELECOM_SYSTEM[phone.type], code: phone.type, display: TELECOM_DISPLAY[phone.type] } }]),
          question(soort, addressUse(phone.soort, PHONE_USE_DISPLAY)),
          question(toelichting, text(phone.toelichting)),
        ]),
      ),
      ...(contact?.emails ?? []).map((email) => group(ids.emails, [question(ids.email[0], text(email.adres)), question(ids.email[1], addressUse(email.soort, EMAIL_USE_DISPLAY))])),
    ]),
  ];
}

/** The displays of the form's answer options (977/978/981); the card uses shorter Dutch words. */
const TELECOM_DISPLAY: Record<keyof typeof TELECOM_LABELS.type, string> = { LL: 'Land Line', FAX: 'Fax', PG: 'Pieper', MC: 'Mobiel telefoonnummer' };
const PHONE_USE_DISPLAY: Record<string, string> = { HP: 'Telefoonnummer thuis', TMP: 'Tijdelijk telefoonnummer', WP: 'Zakelijk telefoonnummer' };
const EMAIL_USE_DISPLAY: Record<string, string> = { HP: 'Privé e-mailadres', WP: 'Zakelijk e-mailadres' };

function treatmentLimit(name: BehandelgrensNaam, limit: Behandelgrens): Item {
  const ids = BEHANDELGRENS_ITEMS[name];
  return group(ids.group, [
    question(ids.behandeling, coded(snomed(ids.code, ids.display))),
    question(ids.besluit, coded(BESLUIT[limit.besluit]), [
      question(ids.specificatie, text(limit.specificatie)),
      question(ids.toelichting, text(limit.toelichting)),
    ]),
  ]);
}

export interface ExportOptions {
  /** When the response was written; left out when not given, so that exports are reproducible. */
  authored?: string;
}

/** The summary as a QuestionnaireResponse on ACP-zib2020; reading it back gives the same summary. */
export function exportQuestionnaireResponse(summary: AcpSummary, options: ExportOptions = {}): QuestionnaireResponse {
  const { patient, gesprek, behandelgrenzen: limits } = summary;
  const initials = patient.initialen?.match(/\p{Lu}\./gu) ?? [];
  const surnameInitial = initials.length > 1 ? (initials.at(-1) ?? null) : null;
  const givenInitials = (surnameInitial ? initials.slice(0, -1) : initials).join('') || null;
  const functieCode = gesprek.functie === null ? undefined : codeFor(FUNCTIE_LABELS, gesprek.functie);
  const representative = summary.wettelijkVertegenwoordiger;
  const representativeRelation = relations(representative?.relatie ? [representative.relatie] : []);
  const representativeRoles = roles(representative?.rollen ?? [], REPRESENTATIVE_ROLE_CODES);
  const sameContact = summary.vertegenwoordigerIsEersteContactpersoon === 'ja';
  const contact = sameContact ? null : summary.eersteContactpersoon;
  const contactRelation = relations(contact?.relatie ? [contact.relatie] : []);
  const company = summary.inBijzijnVan;
  const presentRoles = roles(company.rollen, PRESENT_ROLE_CODES);
  const presentRelations = relations(company.relaties);
  const icd = limits.icd;
  const showIcdAgreement = icd.heeftIcd === 'ja' || icd.uitzetten.besluit !== 'niet besproken' || icd.uitzetten.toelichting !== null;
  const previous = summary.eerdereWilsverklaringen;

  const items: Item[] = [
    question('963', gesprek.tijdstip !== null || gesprek.datum !== null ? [{ valueDateTime: gesprek.tijdstip ?? gesprek.datum! }] : []),
    group('7', [question('964', text(givenInitials)), question('966', text(surnameInitial))]),
    question('967', patient.geboortejaar === null ? [] : [{ valueDateTime: String(patient.geboortejaar) }]),
    group('8', [
      group('16', nameItems(gesprek.gevoerdDoor, ['968', '969', '970'])),
      question('1405', gesprek.functie === null ? [] : coded(functieCode ? { system: SYSTEMS.uziRole, code: functieCode, display: gesprek.functie } : { display: gesprek.functie })),
    ]),
    group('26', [
      question('1406', coded(FORM_JA_NEE[summary.wilsbekwaamheid.wilsbekwaam]), [question('1407', text(summary.wilsbekwaamheid.toelichting))]),
      group('29', [
        ...contactItems(representative, REPRESENTATIVE),
        question('982', representativeRoles.answers, [question('411', text(representativeRoles.other))]),
        question('983', representativeRelation.answers, [question('408', text(representativeRelation.other))]),
        question('984', coded(FORM_JA_NEE[summary.vertegenwoordigerIsEersteContactpersoon])),
        ...contactItems(contact, FIRST_CONTACT),
        question('995', contactRelation.answers, [question('412', text(contactRelation.other))]),
      ]),
    ]),
    group('78', [
      question('82', company.patient ? [{ valueCoding: { code: 'Patiënt', display: 'Patiënt' } }] : []),
      question('997', presentRoles.answers, [question('414', text(presentRoles.other))]),
      question('998', presentRelations.answers, [question('413', text(presentRelations.other))]),
    ]),
    group('586', [
      question('1408', coded(snomed('180771000146100', 'Focus van behandeling (waarneembare entiteit)'))),
      question('999', coded(choiceCoding(summary.doelBehandeling, DOEL_CODE))),
    ]),
    group('83', [
      ...(Object.keys(BEHANDELGRENS_ITEMS) as BehandelgrensNaam[]).map((name) => treatmentLimit(name, limits[name])),
      group('1421', [
        question('1422', limits.overig.behandeling === null ? coded(nullFlavor('OTH', 'Other')) : text(limits.overig.behandeling)),
        question('1402', coded(BESLUIT[limits.overig.besluit]), [question('1404', text(limits.overig.toelichting))]),
      ]),
      question('1006', coded(SNOMED_JA_NEE[icd.heeftIcd]), [
        icd.heeftIcd === 'ja' ? question('1008', coded({ code: 'ICD', display: 'ICD' })) : null,
        question('1009', text(icd.toelichting)),
      ]),
      showIcdAgreement
        ? group('1425', [
            question('1426', coded(snomed('400231000146108', 'uitzetten van cardioverter-defibrillator in laatste levensfase (verrichting)'))),
            question('1005', coded(ICD_UITZETTEN[icd.uitzetten.besluit]), [question('1010', text(icd.uitzetten.toelichting))]),
          ])
        : null,
    ]),
    group('107', [
      summary.specifiekeWensen === null
        ? null
        : group('1427', [
            question('1428', coded(snomed('153851000146100', 'Wensen en verwachtingen met betrekking tot uitkomst van behandeling'))),
            question('1190', text(summary.specifiekeWensen)),
          ]),
      group('1429', [
        question('1430', coded(snomed('395091006', 'Gewenste plek van overlijden'))),
        question('1191', coded(choiceCoding(summary.gewenstePlekVanOverlijden, PLEK_CODE)), [question('1192', text(summary.gewenstePlekVanOverlijden.toelichting))]),
      ]),
      group('1431', [
        question('1432', coded(snomed('340171000146104', 'Standpunt ten opzichte van euthanasie (waarneembare entiteit)'))),
        question('1193', coded(choiceCoding(summary.euthanasieStandpunt, EUTHANASIE_CODE)), [question('1194', text(summary.euthanasieStandpunt.toelichting))]),
      ]),
      group('1433', [
        question('1434', coded(snomed('570801000146104', 'Geregistreerd in orgaan donorregister (bevinding)'))),
        question('1435', coded(SNOMED_JA_NEE[summary.orgaandonatieGeregistreerd])),
      ]),
    ]),
    summary.watVerderBelangrijkIs === null
      ? null
      : group('598', [
          question('1436', coded(snomed('247751003', 'Gevoel van zingeving (waarneembare entiteit)'))),
          question('1196', text(summary.watVerderBelangrijkIs)),
        ]),
    group('115', [
      question('1197', coded(SNOMED_JA_NEE[previous.vastgelegd]), [question('1198', text(previous.toelichting))]),
      previous.vastgelegd === 'ja' || previous.andereWensenDanNu !== 'onbekend' ? question('1199', coded(SNOMED_JA_NEE[previous.andereWensenDanNu])) : null,
    ]),
    group('119', [
      question('1200', coded(FORM_JA_NEE[summary.patientGeinformeerdOverEigenVerantwoordelijkheid])),
      question('1201', coded(AKKOORD[summary.akkoordMetDelen])),
    ]),
  ];
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `${ACP_QUESTIONNAIRE_URL}|${ACP_QUESTIONNAIRE_VERSION}`,
    status: 'completed',
    ...(options.authored ? { authored: options.authored } : {}),
    item: present(items),
  };
}
