import { z } from 'zod/v4';
import { containsBsnLikeNumber } from '../domain/bsn.js';

/**
 * One ACP/PZP record (proactieve zorgplanning) as the bot shows it, whatever FHIR form it came in.
 *
 * Conventions, so that nothing is guessed:
 * - enums always have an explicit unknown value ('onbekend', 'niet besproken');
 * - free text is `null` when the source did not record it, otherwise kept verbatim (except that a
 *   BSN-like number is replaced, because a BSN does not belong in chat);
 * - the patient is identified by initials and birth year only.
 * Every field can be written back into the ACP-zib2020 QuestionnaireResponse, which is what makes
 * import → export → import give the same summary.
 */

export const JA_NEE_ONBEKEND = ['ja', 'nee', 'onbekend'] as const;
export const BEHANDELBESLUITEN = ['wel uitvoeren', 'niet uitvoeren', 'anders', 'niet besproken'] as const;
/** The form offers no 'niet uitvoeren' or 'anders' for switching an ICD off, but does offer 'nog geen besluit'. */
export const ICD_UITZETBESLUITEN = ['wel uitvoeren', 'nog geen besluit', 'niet besproken'] as const;
export const BEHANDELDOELEN = [
  'curatief',
  'palliatief levensverlengend',
  'palliatief symptoomgericht',
  'anders',
  'onbekend',
] as const;
export const PLEKKEN_VAN_OVERLIJDEN = ['thuis', 'ziekenhuis', 'verpleeghuis', 'hospice', 'anders', 'onbekend'] as const;
export const EUTHANASIE_STANDPUNTEN = [
  'heeft euthanasieverklaring',
  'wenst geen euthanasie',
  'zou verzoek kunnen doen',
  'anders',
  'onbekend',
] as const;

export type JaNeeOnbekend = (typeof JA_NEE_ONBEKEND)[number];
export type Behandelbesluit = (typeof BEHANDELBESLUITEN)[number];
export type IcdUitzetbesluit = (typeof ICD_UITZETBESLUITEN)[number];
export type Behandeldoel = (typeof BEHANDELDOELEN)[number];
export type PlekVanOverlijden = (typeof PLEKKEN_VAN_OVERLIJDEN)[number];
export type EuthanasieStandpunt = (typeof EUTHANASIE_STANDPUNTEN)[number];

/** The labels the IKNL form shows, used when the source gives a code without a display. */
export const STANDARD_LABELS = {
  onbekend: 'Nog onbekend',
  anders: 'Anders',
  behandeldoel: {
    curatief: 'Curatief / actief ziektebeleid',
    'palliatief levensverlengend': 'Palliatief met als doel levensverlenging én symptoomverlichting',
    'palliatief symptoomgericht':
      'Palliatief met als doel symptoomverlichting, waarbij levensverlenging niet gewenst is',
  },
  plek: { thuis: 'Thuis', ziekenhuis: 'Ziekenhuis', verpleeghuis: 'Verpleeghuis', hospice: 'Hospice' },
  euthanasie: {
    'heeft euthanasieverklaring': 'Heeft euthanasieverklaring',
    'wenst geen euthanasie': 'Wenst geen euthanasie',
    'zou verzoek kunnen doen': 'Geen euthanasieverklaring, zou wel verzoek kunnen doen in bepaalde situaties',
  },
} as const;

/** How the bot names each treatment limit in Dutch sentences. */
export const BEHANDELGRENS_LABELS = {
  reanimatie: 'reanimatie',
  kunstmatigeBeademing: 'kunstmatige beademing',
  icOpname: 'IC-opname',
  ziekenhuisopname: 'ziekenhuisopname',
  antibiotica: 'antibiotica',
  bloedproducten: 'bloedproducten',
  overig: 'overige behandelgrenzen',
  icd: 'uitzetten ICD',
} as const;

const NO_BSN = 'Vrije tekst in een ACP-samenvatting mag geen BSN bevatten.';
const FreeText = z
  .string()
  .min(1)
  .refine((text) => !containsBsnLikeNumber(text), NO_BSN)
  .nullable();
const JaNeeOnbekendSchema = z.enum(JA_NEE_ONBEKEND);

/** A name in the parts the form asks for: 'Desirée' / 'van' / 'Huissen'. */
const NaamSchema = z.object({ voornamen: FreeText, voorvoegsels: FreeText, achternaam: FreeText });

/** The form's TelecomType (977/989), NummerSoort (978/990) and EmailSoort (981/993) codes. */
export const TELECOM_TYPES = ['LL', 'FAX', 'PG', 'MC'] as const;
export const NUMMER_SOORTEN = ['HP', 'TMP', 'WP'] as const;
export const EMAIL_SOORTEN = ['HP', 'WP'] as const;
export const TELECOM_LABELS = {
  type: { LL: 'vaste lijn', FAX: 'fax', PG: 'pieper', MC: 'mobiel' },
  nummerSoort: { HP: 'thuis', TMP: 'tijdelijk', WP: 'werk' },
  emailSoort: { HP: 'privé', WP: 'zakelijk' },
} as const;

const TelefoonSchema = z.object({
  nummer: FreeText,
  type: z.enum(TELECOM_TYPES).nullable(),
  soort: z.enum(NUMMER_SOORTEN).nullable(),
  toelichting: FreeText,
});
const EmailSchema = z.object({ adres: FreeText, soort: z.enum(EMAIL_SOORTEN).nullable() });

const ContactpersoonSchema = z.object({
  naam: NaamSchema,
  /** 'Broer', 'Echtgenoot', … or the source's own words when it chose 'Anders'. */
  relatie: FreeText,
  /** 'Wettelijke vertegenwoordiger', 'Mentor', 'Eerste relatie/contactpersoon', … as recorded. */
  rollen: z.array(z.string().min(1)),
  telefoons: z.array(TelefoonSchema),
  emails: z.array(EmailSchema),
});

const BehandelgrensSchema = z.object({
  besluit: z.enum(BEHANDELBESLUITEN),
  /** What 'anders' means; only present with besluit 'anders'. */
  specificatie: FreeText,
  toelichting: FreeText,
});

/** A coded answer plus the words the source used for it (or the form's label). */
function codedChoice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.object({ waarde: z.enum(values), tekst: z.string().min(1) });
}

/** Version 2 keeps name parts, every phone number and e-mail address, and the time of the conversation. */
export const ACP_SUMMARY_VERSION = 2;

export const AcpSummarySchema = z.object({
  schemaVersie: z.literal(ACP_SUMMARY_VERSION),
  /** The Questionnaire the source answered (canonical and version); null for the resource form. */
  vragenlijst: z.object({ canonical: z.string().min(1), versie: z.string().min(1).nullable() }).nullable(),
  patient: z.object({
    /** Voorletters plus the first letter of the surname, e.g. 'S.L.S.'; never the full name. */
    initialen: z.string().regex(/^(?:\p{Lu}\.)+$/u).nullable(),
    geboortejaar: z.number().int().min(1800).max(2200).nullable(),
  }),
  gesprek: z.object({
    gevoerdDoor: NaamSchema,
    /** Role or discipline as the source words it, e.g. 'Huisarts'. */
    functie: FreeText,
    /** The Dutch calendar date (YYYY, YYYY-MM or YYYY-MM-DD), in Europe/Amsterdam. */
    datum: z.string().regex(/^\d{4}(?:-\d{2}){0,2}$/).nullable(),
    /** The FHIR dateTime as the source wrote it, when it recorded a time of day. */
    tijdstip: z.string().regex(/^\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})$/).nullable(),
  }),
  /** "Gesprek gevoerd in bijzijn van" (group 78): the patient, and others by role and relation. */
  inBijzijnVan: z.object({ patient: z.boolean(), rollen: z.array(z.string().min(1)), relaties: z.array(z.string().min(1)) }),
  wilsbekwaamheid: z.object({ wilsbekwaam: JaNeeOnbekendSchema, toelichting: FreeText }),
  wettelijkVertegenwoordiger: ContactpersoonSchema.nullable(),
  vertegenwoordigerIsEersteContactpersoon: JaNeeOnbekendSchema,
  /** When the representative is also the first contact, this is a copy of the representative. */
  eersteContactpersoon: ContactpersoonSchema.nullable(),
  doelBehandeling: codedChoice(BEHANDELDOELEN),
  behandelgrenzen: z.object({
    reanimatie: BehandelgrensSchema,
    kunstmatigeBeademing: BehandelgrensSchema,
    icOpname: BehandelgrensSchema,
    ziekenhuisopname: BehandelgrensSchema,
    antibiotica: BehandelgrensSchema,
    bloedproducten: BehandelgrensSchema,
    overig: BehandelgrensSchema.extend({ behandeling: FreeText }),
    icd: z.object({
      heeftIcd: JaNeeOnbekendSchema,
      toelichting: FreeText,
      uitzetten: z.object({ besluit: z.enum(ICD_UITZETBESLUITEN), toelichting: FreeText }),
    }),
  }),
  /** What care providers should know, according to the patient (question 5a). */
  specifiekeWensen: FreeText,
  gewenstePlekVanOverlijden: codedChoice(PLEKKEN_VAN_OVERLIJDEN).extend({ toelichting: FreeText }),
  euthanasieStandpunt: codedChoice(EUTHANASIE_STANDPUNTEN).extend({ toelichting: FreeText }),
  orgaandonatieGeregistreerd: JaNeeOnbekendSchema,
  watVerderBelangrijkIs: FreeText,
  eerdereWilsverklaringen: z.object({
    vastgelegd: JaNeeOnbekendSchema,
    /** From a Bundle this lists the directives found: 'Niet reanimeren verklaring (2025-06-28)'. */
    toelichting: FreeText,
    andereWensenDanNu: JaNeeOnbekendSchema,
  }),
  patientGeinformeerdOverEigenVerantwoordelijkheid: JaNeeOnbekendSchema,
  /** "Patiënt gaat akkoord met het delen van deze behandelafspraken met andere betrokken hulpverleners". */
  akkoordMetDelen: JaNeeOnbekendSchema,
});

export type AcpSummary = z.infer<typeof AcpSummarySchema>;
export type Contactpersoon = z.infer<typeof ContactpersoonSchema>;
export type Naam = z.infer<typeof NaamSchema>;
export type Telefoon = z.infer<typeof TelefoonSchema>;
export type Email = z.infer<typeof EmailSchema>;
export type Behandelgrens = z.infer<typeof BehandelgrensSchema>;
export type AcpImportResult =
  | { ok: true; summary: AcpSummary; warnings: string[] }
  | { ok: false; problems: string[] };

export type BehandelgrensNaam = Exclude<keyof AcpSummary['behandelgrenzen'], 'overig' | 'icd'>;

/** Everything unknown; importers fill in what the source records. */
export function emptyAcpSummary(): AcpSummary {
  const notDiscussed = (): Behandelgrens => ({ besluit: 'niet besproken', specificatie: null, toelichting: null });
  return {
    schemaVersie: ACP_SUMMARY_VERSION,
    vragenlijst: null,
    patient: { initialen: null, geboortejaar: null },
    gesprek: { gevoerdDoor: noName(), functie: null, datum: null, tijdstip: null },
    inBijzijnVan: { patient: false, rollen: [], relaties: [] },
    wilsbekwaamheid: { wilsbekwaam: 'onbekend', toelichting: null },
    wettelijkVertegenwoordiger: null,
    vertegenwoordigerIsEersteContactpersoon: 'onbekend',
    eersteContactpersoon: null,
    doelBehandeling: { waarde: 'onbekend', tekst: STANDARD_LABELS.onbekend },
    behandelgrenzen: {
      reanimatie: notDiscussed(),
      kunstmatigeBeademing: notDiscussed(),
      icOpname: notDiscussed(),
      ziekenhuisopname: notDiscussed(),
      antibiotica: notDiscussed(),
      bloedproducten: notDiscussed(),
      overig: { ...notDiscussed(), behandeling: null },
      icd: { heeftIcd: 'onbekend', toelichting: null, uitzetten: { besluit: 'niet besproken', toelichting: null } },
    },
    specifiekeWensen: null,
    gewenstePlekVanOverlijden: { waarde: 'onbekend', tekst: STANDARD_LABELS.onbekend, toelichting: null },
    euthanasieStandpunt: { waarde: 'onbekend', tekst: STANDARD_LABELS.onbekend, toelichting: null },
    orgaandonatieGeregistreerd: 'onbekend',
    watVerderBelangrijkIs: null,
    eerdereWilsverklaringen: { vastgelegd: 'onbekend', toelichting: null, andereWensenDanNu: 'onbekend' },
    patientGeinformeerdOverEigenVerantwoordelijkheid: 'onbekend',
    akkoordMetDelen: 'onbekend',
  };
}

export const noName = (): Naam => ({ voornamen: null, voorvoegsels: null, achternaam: null });

/** 'Gert-Jan de Jong': the parts that are known, in Dutch order. */
export function fullName(name: Naam): string | null {
  const parts = [name.voornamen, name.voorvoegsels, name.achternaam].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(' ') : null;
}

/** Whether a contact person has anything recorded at all. */
export function isRecorded(contact: Contactpersoon): boolean {
  return fullName(contact.naam) !== null || contact.relatie !== null || contact.rollen.length > 0 || contact.telefoons.length > 0 || contact.emails.length > 0;
}

/** The first contact person without role 01, which the place in the summary already says. */
export function withoutFirstContactRole(contact: Contactpersoon): Contactpersoon {
  return { ...contact, rollen: contact.rollen.filter((role) => role !== 'Eerste relatie/contactpersoon') };
}

/** A copy, for the first contact person when that is the representative. */
export function contactOf(representative: Contactpersoon | null): Contactpersoon | null {
  return representative && isRecorded(representative) ? structuredClone(representative) : null;
}

const BSN_LIKE = /(?<!\d)\d(?:[\s.-]?\d){8}(?!\d)/g;

/**
 * Source text as the summary keeps it: verbatim, `null` when empty, and with BSN-like numbers
 * replaced (the warning tells the user that the text was changed and where).
 */
export function freeText(value: unknown, warnings: string[], where: string): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  if (!containsBsnLikeNumber(value)) return value;
  warnings.push(`In ${where} stond een nummer dat op een BSN lijkt; dat is vervangen door [BSN verwijderd].`);
  return value.replace(BSN_LIKE, (match) => (containsBsnLikeNumber(match) ? '[BSN verwijderd]' : match));
}

/**
 * 'S.L.S.' for given names 'Samira Louise' and surname 'Sluijs'. Also accepts initials as input
 * ('S.L.'), so exported initials read back unchanged.
 */
export function initialsOf(givenNames: readonly string[], surname: string | null): string | null {
  const firstLetter = (part: string): string => {
    const letter = part.match(/\p{L}/u)?.[0]?.toLocaleUpperCase('nl') ?? '';
    return /^\p{Lu}$/u.test(letter) ? `${letter}.` : '';
  };
  const given = givenNames.flatMap((name) => name.split(/[\s.\-]+/)).map(firstLetter).join('');
  const initials = given + firstLetter(surname ?? '');
  return initials === '' ? null : initials;
}
