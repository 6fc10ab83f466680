import { z } from 'zod/v4';
import { containsBsnLikeNumber, isBsnLike } from './bsn.js';

/** The choices on the consult form; the values are also what the contact log stores. */
export const SETTINGS = ['thuis', 'verpleeghuis', 'hospice', 'ziekenhuis'] as const;
export const CONSULT_FORMS = ['telefonisch', 'bedside', 'digitaal'] as const;
export const URGENCIES = ['spoed', 'vandaag', 'deze-week'] as const;
export const COMPLEXITIES = ['laag', 'complex', 'hoog'] as const;
export const DIMENSIONS = ['fysiek', 'psychisch', 'sociaal', 'spiritueel'] as const;

export type Setting = (typeof SETTINGS)[number];
export type ConsultForm = (typeof CONSULT_FORMS)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Complexity = (typeof COMPLEXITIES)[number];
export type Dimension = (typeof DIMENSIONS)[number];

export const LABELS = {
  setting: { thuis: 'Thuis', verpleeghuis: 'Verpleeghuis', hospice: 'Hospice', ziekenhuis: 'Ziekenhuis' },
  form: { telefonisch: 'Telefonisch', bedside: 'Bedside (aan bed)', digitaal: 'Digitaal (chat/video)' },
  urgency: { spoed: 'Spoed', vandaag: 'Vandaag', 'deze-week': 'Deze week' },
  complexity: { laag: 'Laag complex', complex: 'Complex', hoog: 'Hoog complex' },
  dimension: { fysiek: 'Fysiek', psychisch: 'Psychisch', sociaal: 'Sociaal', spiritueel: 'Spiritueel / zingeving' },
} as const;

export const NO_BSN = 'Vul geen BSN in; gebruik initialen, geboortejaar en eventueel uw eigen patiëntnummer.';
/** What the sender of a chat message with a BSN-like number is told: why, and that nothing happened. */
export const BSN_NOT_SENT = `Dit bericht is niet doorgestuurd en niet opgeslagen: er staat een nummer in dat op een BSN lijkt. ${NO_BSN}`;

/** Free text that may hold no BSN-like number, with the one Dutch message for it; every typed field uses it. */
export const withoutBsn = <S extends z.ZodType<string>>(schema: S) => schema.refine((value) => !containsBsnLikeNumber(value), NO_BSN);

/**
 * What a requester asks. Patient identity is limited to initials, birth year and an optional
 * local patient number, which together are hashed into a pseudonym.
 */
export const ConsultRequestSchema = z.object({
  patientInitials: z
    .string()
    .trim()
    .regex(/^(?:[A-Za-z]\.?\s?){1,5}$/, 'Gebruik alleen initialen, bijvoorbeeld J.A.')
    .transform((value) => value.replace(/[^A-Za-z]/g, '').toUpperCase().split('').join('.') + '.'),
  patientBirthYear: z.coerce
    .number({ error: 'Vul een geboortejaar in, bijvoorbeeld 1942.' })
    .int('Vul een geboortejaar in, bijvoorbeeld 1942.')
    .min(1900, 'Het geboortejaar moet na 1900 liggen.')
    .max(new Date().getFullYear(), 'Het geboortejaar ligt in de toekomst.'),
  localPatientNumber: z
    .string()
    .trim()
    .max(20, 'Het patiëntnummer mag hoogstens 20 tekens hebben.')
    .regex(/^[A-Za-z0-9-]*$/, 'Het patiëntnummer mag alleen letters, cijfers en streepjes bevatten.')
    .refine((value) => !isBsnLike(value), NO_BSN)
    .optional()
    .transform((value) => (value ? value : undefined)),
  setting: z.enum(SETTINGS, 'Kies waar de patiënt verblijft.'),
  subRegionId: z.string().min(1, 'Kies een subregio.'),
  form: z.enum(CONSULT_FORMS, 'Kies de gewenste vorm van consultatie.'),
  urgency: z.enum(URGENCIES, 'Kies de urgentie.'),
  complexity: z.enum(COMPLEXITIES, 'Kies de complexiteit.'),
  dimensions: z.array(z.enum(DIMENSIONS)).min(1, 'Kies minstens één dimensie.'),
  question: withoutBsn(z.string().trim().min(10, 'Beschrijf de vraag in minstens 10 tekens.').max(2000, 'De vraag mag hoogstens 2000 tekens hebben.')),
  // Nine digits fit the phone pattern too, and a BSN is no call-back number.
  callbackPhone: withoutBsn(z.string().trim().regex(/^\+?[0-9 ()-]{8,20}$/, 'Vul een terugbelnummer in, bijvoorbeeld 046 123 4567.')),
});

export type ConsultRequest = z.infer<typeof ConsultRequestSchema>;

/** The TAPA$ payment titles (000:2321-2362). */
export const PRESTATIES = ['1', '2a', '2b', '3'] as const;
export type Prestatie = (typeof PRESTATIES)[number];
export const PRESTATIE_LABELS: Record<Prestatie, string> = { '1': '1 Coördinatie', '2a': '2a Telefonisch', '2b': '2b Bedside', '3': '3 Regiefunctie' };

export const CONTACT_FORMS = ['telefonisch', 'bedside', 'digitaal', 'regiefunctie', 'coordinatie'] as const;
export type ContactForm = (typeof CONTACT_FORMS)[number];
export const CONTACT_FORM_LABELS: Record<ContactForm | 'mdo', string> = {
  telefonisch: 'Telefonisch', bedside: 'Bedside', digitaal: 'Digitaal', regiefunctie: 'Regiefunctie', coordinatie: 'Coördinatie', mdo: 'MDO-PZ',
};

/**
 * The prestatie each kind of contact is claimed under unless the specialist picks another, as the
 * seed defines the titles (000:2327-2336): 1 transmural coordination (also taking part in an
 * MDO-PZ), 2a SCOP telephone consultation, 2b SCOP bedside consultation, 3 regiefunctie. A
 * digital contact (chat, video) is neither telephone nor bedside, so it has no default title; a
 * region whose kassier agreed otherwise says so in its configuration.
 */
export const SEED_PRESTATIES: Record<ContactForm | 'mdo', Prestatie | null> = {
  telefonisch: '2a',
  bedside: '2b',
  digitaal: null,
  regiefunctie: '3',
  coordinatie: '1',
  mdo: '1',
};
