import {
  STANDARD_LABELS,
  contactOf,
  emptyAcpSummary,
  freeText,
  initialsOf,
  dateOf,
  yearOf,
  type AcpImportResult,
  type Behandelbesluit,
  type Behandeldoel,
  type BehandelgrensNaam,
  type Contactpersoon,
  type EuthanasieStandpunt,
  type IcdUitzetbesluit,
  type JaNeeOnbekend,
  type PlekVanOverlijden,
} from './acpSummary.js';

/** The linkIds and answer codes below are those of https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020. */
export const ACP_QUESTIONNAIRE_URL = 'https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020';
export const ACP_QUESTIONNAIRE_VERSION = '0.1.3-beta3';

export type JsonObject = Record<string, unknown>;
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export const SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  nullFlavor: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  treatmentDecision: 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.25.1',
  contactRole: 'urn:oid:2.16.840.1.113883.2.4.3.11.22.472',
  uziRole: 'http://fhir.nl/fhir/NamingSystem/uzi-rolcode',
} as const;

const limit = (group: string, behandeling: string, code: string, display: string, besluit: string, specificatie: string, toelichting: string) =>
  ({ group, behandeling, code, display, besluit, specificatie, toelichting }) as const;

/** Per treatment limit: its group, the fixed 'Behandeling' question and its coding, and the answers. */
export const BEHANDELGRENS_ITEMS: Record<BehandelgrensNaam, ReturnType<typeof limit>> = {
  reanimatie: limit('1409', '1410', '89666000', 'cardiopulmonale resuscitatie', '1386', '1001', '1002'),
  kunstmatigeBeademing: limit('1411', '1412', '40617009', 'kunstmatige beademing', '1387', '1388', '1389'),
  icOpname: limit('1413', '1414', '305351004', 'opname op intensive care', '1390', '1391', '1392'),
  ziekenhuisopname: limit('1415', '1416', '32485007', 'opname in ziekenhuis', '1393', '1394', '1395'),
  antibiotica: limit('1417', '1418', '281789004', 'antibiotische therapie', '1396', '1397', '1398'),
  bloedproducten: limit('1419', '1420', '116762002', 'toediening van bloedproduct', '1399', '1400', '1401'),
};

export const BESLUIT_CODES: Record<string, Behandelbesluit> = {
  '0': 'wel uitvoeren',
  '1': 'anders',
  '2': 'niet uitvoeren',
  UNK: 'niet besproken',
};
export const ICD_UITZET_CODES: Record<string, IcdUitzetbesluit> = {
  '0': 'wel uitvoeren',
  ASKU: 'nog geen besluit',
  NASK: 'niet besproken',
};
/** 713148004 is the code the resource form (Goal) uses for the form's 225353007. */
export const DOEL_CODES: Record<string, Behandeldoel> = {
  '385987000': 'curatief',
  '1351964001': 'palliatief levensverlengend',
  '225353007': 'palliatief symptoomgericht',
  '713148004': 'palliatief symptoomgericht',
};
export const PLEK_CODES: Record<string, PlekVanOverlijden> = {
  '264362003': 'thuis',
  '22232009': 'ziekenhuis',
  '108344006': 'verpleeghuis',
  '284546000': 'hospice',
};
export const EUTHANASIE_CODES: Record<string, EuthanasieStandpunt> = {
  '340181000146102': 'heeft euthanasieverklaring',
  '340201000146103': 'wenst geen euthanasie',
  '340191000146100': 'zou verzoek kunnen doen',
};
export const SNOMED_JA_NEE: Record<string, JaNeeOnbekend> = { '373066001': 'ja', '373067005': 'nee', UNK: 'onbekend' };
export const FORM_JA_NEE: Record<string, JaNeeOnbekend> = { '1': 'ja', '0': 'nee', UNK: 'onbekend' };
export const AKKOORD_CODES: Record<string, JaNeeOnbekend> = { '441898007': 'ja', '373067005': 'nee', UNK: 'onbekend' };
/** Codes meaning "unknown / not asked" in the NullFlavor and data-absent-reason systems. */
export const UNKNOWN_CODES = new Set(['UNK', 'ASKU', 'NASK', 'NI', 'unknown', 'asked-unknown', 'not-asked']);

export const RELATIE_LABELS: Record<string, string> = {
  DOMPART: 'Partner', HUSB: 'Echtgenoot', WIFE: 'Echtgenote', FTH: 'Vader', MTH: 'Moeder',
  SONC: 'Zoon', DAUC: 'Dochter', BRO: 'Broer', SIS: 'Zuster', OTH: 'Anders',
};
export const ROL_LABELS: Record<string, string> = {
  '24': 'Wettelijke vertegenwoordiger', '01': 'Eerste relatie/contactpersoon', '02': 'Tweede relatie/contactpersoon',
  '310141000146103': 'Schriftelijk gemachtigde', '03': 'Curator (juridisch)', '15': 'Mentor', '09': 'Anders',
  '23': 'Contactpersoon',
};
export const FUNCTIE_LABELS: Record<string, string> = {
  '01.000': 'Arts', '01.015': 'Huisarts', '01.047': 'Specialist ouderengeneeskunde',
  '30.000': 'Verpleegkundige', '81.000': 'Physician assistant', '99.000': 'Zorgverlener andere zorg',
};

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asCoding(value: unknown): Coding | null {
  if (!isPlainObject(value)) return null;
  const pick = (key: string) => (typeof value[key] === 'string' && value[key] !== '' ? (value[key] as string) : undefined);
  const coding: Coding = { system: pick('system'), code: pick('code'), display: pick('display') };
  return coding.code ?? coding.display ? coding : null;
}

/** The value for a code: a table hit, 'onbekend' for a null flavour, or 'anders' with the source's words. */
export function codedChoice<T extends string>(
  coding: Coding | null,
  table: Record<string, T>,
  labels: Partial<Record<T, string>>,
): { waarde: T | 'anders' | 'onbekend'; tekst: string } | null {
  if (!coding) return null;
  const known = coding.code !== undefined ? table[coding.code] : undefined;
  if (known) return { waarde: known, tekst: coding.display ?? labels[known] ?? known };
  if (coding.code && UNKNOWN_CODES.has(coding.code)) return { waarde: 'onbekend', tekst: coding.display ?? 'Nog onbekend' };
  return { waarde: 'anders', tekst: coding.display ?? (coding.code === 'OTH' ? undefined : coding.code) ?? 'Anders' };
}

/** Accepts the canonical with or without '|version', and the bare id. */
export function questionnaireProblem(value: unknown): string | null {
  if (value === undefined) return 'De QuestionnaireResponse noemt geen vragenlijst (questionnaire ontbreekt); verwacht ACP-zib2020.';
  const canonical = typeof value === 'string' ? value.split('|')[0] ?? '' : '';
  if (canonical === ACP_QUESTIONNAIRE_URL || canonical === 'ACP-zib2020' || canonical.endsWith('/Questionnaire/ACP-zib2020')) return null;
  const found = typeof value === 'string' ? value : isPlainObject(value) || Array.isArray(value) ? 'een object' : String(value);
  return `Verkeerde vragenlijst: verwacht ACP-zib2020, gevonden ${found.slice(0, 200)}.`;
}

const MAX_DEPTH = 32;
const MAX_ITEMS = 10_000;

/** linkId → item. The ACP-zib2020 linkIds are unique, and children sit in item[] or answer[].item[]. */
function indexItems(items: unknown): Map<string, JsonObject> {
  const index = new Map<string, JsonObject>();
  const visit = (list: unknown, depth: number): void => {
    if (!Array.isArray(list) || depth > MAX_DEPTH) return;
    for (const item of list) {
      if (!isPlainObject(item) || index.size >= MAX_ITEMS) continue;
      if (typeof item.linkId === 'string' && !index.has(item.linkId)) index.set(item.linkId, item);
      visit(item.item, depth + 1);
      if (Array.isArray(item.answer)) for (const answer of item.answer) if (isPlainObject(answer)) visit(answer.item, depth + 1);
    }
  };
  visit(items, 0);
  return index;
}

class Answers {
  constructor(
    private readonly items: Map<string, JsonObject>,
    private readonly warnings: string[],
  ) {}

  private values(linkId: string): JsonObject[] {
    const answers = this.items.get(linkId)?.answer;
    return Array.isArray(answers) ? answers.filter(isPlainObject) : [];
  }

  codings(linkId: string): Coding[] {
    return this.values(linkId).flatMap((answer) => asCoding(answer.valueCoding) ?? []);
  }

  coding(linkId: string): Coding | null {
    return this.codings(linkId)[0] ?? null;
  }

  text(linkId: string): string | null {
    const answer = this.values(linkId).find((value) => typeof value.valueString === 'string');
    return freeText(answer?.valueString, this.warnings, `vraag ${linkId}`);
  }

  clean(value: unknown, where: string): string | null {
    return freeText(value, this.warnings, where);
  }

  raw(linkId: string, key: string): unknown {
    return this.values(linkId)[0]?.[key];
  }

  choice<T extends string>(linkId: string, table: Record<string, T>, fallback: T): T {
    const coding = this.coding(linkId);
    if (!coding) return fallback;
    const value = coding.code !== undefined ? table[coding.code] : undefined;
    if (value !== undefined) return value;
    this.warnings.push(`Vraag ${linkId}: antwoord '${coding.code ?? coding.display}' is onbekend; vastgelegd als '${fallback}'.`);
    return fallback;
  }

  /** 'Broer', or the 'Anders, namelijk' text when the answer is 'Anders'. */
  labelled(linkId: string, otherLinkId: string, labels: Record<string, string>): string[] {
    return this.codings(linkId).map((coding) => {
      const label = (coding.code && labels[coding.code]) ?? coding.display ?? coding.code ?? 'Anders';
      return label === 'Anders' ? (this.text(otherLinkId) ?? label) : label;
    });
  }

  joined(...linkIds: string[]): string | null {
    const parts = linkIds.map((linkId) => this.text(linkId)).filter((part): part is string => part !== null);
    return parts.length > 0 ? parts.join(' ') : null;
  }
}

function person(answers: Answers, ids: { names: string[]; phone: string; email: string; relation: string; other: string }): Contactpersoon | null {
  const contact: Contactpersoon = {
    naam: answers.joined(...ids.names),
    relatie: answers.clean(answers.labelled(ids.relation, ids.other, RELATIE_LABELS)[0], `vraag ${ids.relation}`),
    telefoon: answers.text(ids.phone),
    email: answers.text(ids.email),
  };
  return Object.values(contact).some((value) => value !== null) ? contact : null;
}

export function importQuestionnaireResponse(resource: JsonObject): AcpImportResult {
  const problems: string[] = [];
  const wrongQuestionnaire = questionnaireProblem(resource.questionnaire);
  if (wrongQuestionnaire) problems.push(wrongQuestionnaire);
  if (resource.status === 'entered-in-error') problems.push('De QuestionnaireResponse is als foutief ingevoerd gemarkeerd (status entered-in-error).');
  const items = indexItems(resource.item);
  if (items.size === 0) problems.push('De QuestionnaireResponse bevat geen antwoorden (item ontbreekt of is leeg).');
  if (problems.length > 0) return { ok: false, problems };

  const warnings: string[] = [];
  const version = typeof resource.questionnaire === 'string' ? resource.questionnaire.split('|')[1] : undefined;
  if (version && version !== ACP_QUESTIONNAIRE_VERSION) warnings.push(`Vragenlijstversie ${version}; deze import volgt versie ${ACP_QUESTIONNAIRE_VERSION}. Controleer de uitkomst.`);
  if (resource.status === 'in-progress' || resource.status === 'stopped') warnings.push(`De vragenlijst is niet afgerond (status ${resource.status}).`);

  const a = new Answers(items, warnings);
  const summary = emptyAcpSummary();
  const given = a.text('964');
  summary.patient = { initialen: initialsOf(given ? [given] : [], a.text('966')), geboortejaar: yearOf(a.raw('967', 'valueDateTime') ?? a.raw('967', 'valueDate')) };
  const functie = a.coding('1405');
  summary.gesprek = {
    gevoerdDoor: a.joined('968', '969', '970'),
    functie: a.clean(functie && ((functie.code && FUNCTIE_LABELS[functie.code]) ?? functie.display ?? functie.code), 'vraag 1405'),
    datum: dateOf(a.raw('963', 'valueDateTime') ?? a.raw('963', 'valueDate')),
  };
  summary.wilsbekwaamheid = { wilsbekwaam: a.choice('1406', FORM_JA_NEE, 'onbekend'), toelichting: a.text('1407') };

  const representative = person(a, { names: ['973', '974', '975'], phone: '976', email: '980', relation: '983', other: '408' });
  const roles = a.labelled('982', '411', ROL_LABELS);
  const noContact: Contactpersoon = { naam: null, relatie: null, telefoon: null, email: null };
  summary.wettelijkVertegenwoordiger = representative !== null || roles.length > 0 ? { ...(representative ?? noContact), rollen: roles } : null;
  summary.vertegenwoordigerIsEersteContactpersoon = a.choice('984', FORM_JA_NEE, 'onbekend');
  summary.eersteContactpersoon = summary.vertegenwoordigerIsEersteContactpersoon === 'ja'
    ? contactOf(summary.wettelijkVertegenwoordiger)
    : person(a, { names: ['985', '986', '987'], phone: '988', email: '992', relation: '995', other: '412' });

  summary.doelBehandeling = codedChoice(a.coding('999'), DOEL_CODES, STANDARD_LABELS.behandeldoel) ?? summary.doelBehandeling;
  for (const [name, ids] of Object.entries(BEHANDELGRENS_ITEMS) as [BehandelgrensNaam, ReturnType<typeof limit>][]) {
    const besluit = a.choice(ids.besluit, BESLUIT_CODES, 'niet besproken');
    summary.behandelgrenzen[name] = { besluit, specificatie: a.text(ids.specificatie), toelichting: a.text(ids.toelichting) };
  }
  const otherTreatment = a.coding('1422');
  summary.behandelgrenzen.overig = {
    besluit: a.choice('1402', BESLUIT_CODES, 'niet besproken'),
    specificatie: null,
    toelichting: a.text('1404'),
    behandeling: a.text('1422') ?? (otherTreatment && otherTreatment.code !== 'OTH' ? (otherTreatment.display ?? otherTreatment.code ?? null) : null),
  };
  summary.behandelgrenzen.icd = {
    heeftIcd: a.choice('1006', SNOMED_JA_NEE, 'onbekend'),
    toelichting: a.text('1009'),
    uitzetten: { besluit: a.choice('1005', ICD_UITZET_CODES, 'niet besproken'), toelichting: a.text('1010') },
  };

  summary.specifiekeWensen = a.text('1190');
  const plek = codedChoice(a.coding('1191'), PLEK_CODES, STANDARD_LABELS.plek);
  summary.gewenstePlekVanOverlijden = { ...(plek ?? summary.gewenstePlekVanOverlijden), toelichting: a.text('1192') };
  const euthanasie = codedChoice(a.coding('1193'), EUTHANASIE_CODES, STANDARD_LABELS.euthanasie);
  summary.euthanasieStandpunt = { ...(euthanasie ?? summary.euthanasieStandpunt), toelichting: a.text('1194') };
  summary.orgaandonatieGeregistreerd = a.choice('1435', SNOMED_JA_NEE, 'onbekend');
  summary.watVerderBelangrijkIs = a.text('1196');
  summary.eerdereWilsverklaringen = {
    vastgelegd: a.choice('1197', SNOMED_JA_NEE, 'onbekend'),
    toelichting: a.text('1198'),
    andereWensenDanNu: a.choice('1199', SNOMED_JA_NEE, 'onbekend'),
  };
  summary.patientGeinformeerdOverEigenVerantwoordelijkheid = a.choice('1200', FORM_JA_NEE, 'onbekend');
  summary.akkoordMetDelen = a.choice('1201', AKKOORD_CODES, 'onbekend');
  return { ok: true, summary, warnings };
}
