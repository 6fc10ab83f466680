import {
  type Behandelbesluit,
  type Behandeldoel,
  type BehandelgrensNaam,
  type EuthanasieStandpunt,
  type IcdUitzetbesluit,
  type JaNeeOnbekend,
  type PlekVanOverlijden,
} from './acpSummary.js';

/**
 * The IKNL Questionnaire ACP-zib2020 under each canonical it has had. The export writes the first
 * (the version whose Questionnaire is in test/fixtures/fhir/); imports accept all of them.
 */
export const ACP_QUESTIONNAIRE_URL = 'https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020';
export const ACP_QUESTIONNAIRE_VERSION = '0.1.3-beta3';
export const ACP_QUESTIONNAIRE_CANONICALS = [
  ACP_QUESTIONNAIRE_URL,
  /** From IG 1.0.0-rc1 on (https://api.iknl.nl/docs/pzp/r4). */
  'https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020',
  /** Briefly used on the IG's develop branch in October 2025. */
  'https://api.iknl.nl/docs/r4/pzp/Questionnaire/ACP-zib2020',
] as const;
/** Versions whose linkIds this importer knows; another version is read, with a warning. */
export const KNOWN_QUESTIONNAIRE_VERSIONS = ['0.1.3-beta3', '1.0.0-rc1', '1.0.0-rc2', '1.0.0-rc3'];

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
  addressUse: 'http://terminology.hl7.org/CodeSystem/v3-AddressUse',
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

/** The canonical and version a QuestionnaireResponse names, or the Dutch reason it is not ACP-zib2020. */
export function questionnaireOf(value: unknown): { canonical: string; versie: string | null } | { problem: string } {
  if (value === undefined) return { problem: 'De QuestionnaireResponse noemt geen vragenlijst (questionnaire ontbreekt); verwacht ACP-zib2020.' };
  const [canonical = '', versie] = typeof value === 'string' ? value.split('|') : [];
  const known = (ACP_QUESTIONNAIRE_CANONICALS as readonly string[]).includes(canonical) || canonical === 'ACP-zib2020';
  if (known) return { canonical: canonical === 'ACP-zib2020' ? ACP_QUESTIONNAIRE_URL : canonical, versie: versie || null };
  const found = typeof value === 'string' ? value : isPlainObject(value) || Array.isArray(value) ? 'een object' : String(value);
  return { problem: `Verkeerde vragenlijst: verwacht ACP-zib2020 (${ACP_QUESTIONNAIRE_CANONICALS.slice(0, 2).join(' of ')}), gevonden ${found.slice(0, 200)}.` };
}
