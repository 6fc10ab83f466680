import { z } from 'zod/v4';
import { fieldProblems } from '../config/zodMessages.js';
import type { Consult } from '../domain/consult.js';
import { ConsultRequestSchema, type ConsultRequest } from '../domain/consultRequest.js';
import { localDay } from '../domain/calendar.js';
import { CONTACT_FORM_LABELS, PRESTATIE_LABELS, type ContactForm } from '../domain/consultRequest.js';
import { closureSchemaFor, type ClosureInput } from '../domain/contactLog.js';
import type { Tapas } from '../domain/network.js';
import type { NetworkDirectory } from '../domain/directory.js';
import { estimatedBirthYear, type IntakeResult } from '../domain/intake.js';
import type { Person } from '../domain/network.js';

/**
 * Card submits arrive as loose string maps. These functions turn them into domain input, or
 * into the same form again with every problem marked in Dutch.
 */

const CONSULT_FIELDS = [
  'patientInitials', 'patientBirthYear', 'localPatientNumber', 'setting', 'subRegionId', 'form',
  'urgency', 'complexity', 'dimensions', 'question', 'callbackPhone',
] as const;

const MAX_CONTACTS = 5;
export type FormValues = Record<string, string>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; values: FormValues; errors: Record<string, string> };

/**
 * Longer than any field may be, so an over-long text still reaches validation whole and the
 * form can say how long it is (the cards set no maxLength on long texts: Teams would cut a pasted
 * text off without a word); the bound only keeps a hostile submit small.
 */
const MAX_FIELD_CHARS = 20_000;

/** The long texts of the forms, with their limits: an over-long one is answered with its length. */
const LONG_TEXTS: Record<string, { label: string; max: number }> = {
  question: { label: 'Uw vraag', max: 2000 },
  adviceSummary: { label: 'De samenvatting', max: 1000 },
};

const dutchNumber = (n: number) => n.toLocaleString('nl-NL');

/** For each long text over its limit: "Uw vraag is 4.312 tekens lang; het maximum is 2.000. Kort haar in." */
function lengthProblems(values: FormValues): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [field, { label, max }] of Object.entries(LONG_TEXTS)) {
    const length = (values[field] ?? '').trim().length;
    if (length > max) problems[field] = `${label} is ${dutchNumber(length)} tekens lang; het maximum is ${dutchNumber(max)}. Kort de tekst in; er is niets opgeslagen.`;
  }
  return problems;
}

/** Keeps only the known fields, as strings, so a hostile submit cannot smuggle anything in. */
export function formValues(data: unknown, fields: readonly string[]): FormValues {
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const values: FormValues = {};
  for (const field of fields) {
    const value = record[field];
    values[field] = typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, MAX_FIELD_CHARS) : '';
  }
  return values;
}

export const commaList = (text: string): string[] => text.split(',').map((part) => part.trim()).filter(Boolean);

export function parseConsultSubmit(data: unknown, allowedSubRegionIds: readonly string[]): Parsed<ConsultRequest> {
  const values = formValues(data, CONSULT_FIELDS);
  const schema = ConsultRequestSchema.extend({
    subRegionId: z.string().refine((id) => allowedSubRegionIds.includes(id), 'Kies een subregio uit de lijst.'),
  });
  const result = schema.safeParse({ ...values, dimensions: commaList(values.dimensions ?? '') });
  return result.success ? { ok: true, value: result.data } : { ok: false, values, errors: { ...fieldProblems(result.error), ...lengthProblems(values) } };
}

/** How a form was pre-filled from the user's words: the age the birth year was estimated from, if any. */
export interface Prefill {
  ageInText?: number;
}

export function consultFormData(requester: Person, directory: NetworkDirectory, values: unknown = {}, errors: Record<string, string> = {}, prefill?: Prefill, followUpOf?: Consult) {
  const filled = formValues(values, CONSULT_FIELDS);
  filled.subRegionId ||= directory.homeSubRegionOf(requester)?.id ?? '';
  filled.callbackPhone ||= requester.phone;
  const estimated = prefill?.ageInText !== undefined && filled.patientBirthYear ? { ageInText: prefill.ageInText } : {};
  return {
    values: filled,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    prefilled: prefill !== undefined,
    ...estimated,
    subRegions: directory.subRegionsFor(requester.id),
    title: followUpOf ? `Vervolgvraag bij consult ${followUpOf.ref}` : 'Consult aanvragen bij een specialist PZ',
    followUpOf: followUpOf?.id ?? '',
    followUpNote: followUpOf ? 'Gegevens overgenomen uit het vorige consult. Uw vraag gaat eerst naar dezelfde specialist PZ als die dienst heeft.' : '',
  };
}

/** A follow-up form starts from the first consult's request, with the new question. */
export function followUpValues(previous: Consult, question: string): FormValues {
  const { request } = previous;
  return {
    patientInitials: request.patientInitials,
    patientBirthYear: String(request.patientBirthYear),
    localPatientNumber: request.localPatientNumber ?? '',
    setting: request.setting,
    subRegionId: request.subRegionId,
    form: request.form,
    urgency: request.urgency,
    complexity: request.complexity,
    dimensions: request.dimensions.join(','),
    question,
    callbackPhone: request.callbackPhone,
  };
}

/**
 * Form values from what the rule parser understood of a GP's own words; the rest stays empty.
 * An age becomes the birth year it most likely means (this year minus the age), which the GP confirms.
 */
export function intakeValues(intake: IntakeResult, today: Date): FormValues {
  return {
    ...(intake.patientAge !== undefined ? { patientBirthYear: String(estimatedBirthYear(intake.patientAge, today)) } : {}),
    ...(intake.urgency ? { urgency: intake.urgency } : {}),
    ...(intake.setting ? { setting: intake.setting } : {}),
    ...(intake.form ? { form: intake.form } : {}),
    ...(intake.complexity ? { complexity: intake.complexity } : {}),
    ...(intake.dimensions.length > 0 ? { dimensions: intake.dimensions.join(',') } : {}),
    ...(intake.question ? { question: intake.question } : {}),
  };
}

export function contactCountFrom(data: unknown): number {
  const raw = typeof data === 'object' && data !== null ? Number((data as Record<string, unknown>).contactCount) : NaN;
  return Number.isInteger(raw) && raw >= 1 && raw <= MAX_CONTACTS ? raw : 1;
}

function closeFields(contactCount: number): string[] {
  const fields = ['outcome', 'adviceSummary'];
  for (let n = 1; n <= contactCount; n++) fields.push(`contact${n}Form`, `contact${n}Minutes`, `contact${n}Prestatie`, `contact${n}Date`, `contact${n}Time`);
  return fields;
}

/** Teams sends a time as "14:30" (some clients "14:30:00"); the form keeps minutes. */
const minutesOnly = (time: string | undefined) => (time ?? '').slice(0, 5);

export function parseClosureSubmit(data: unknown, consult: Consult, now: Date): Parsed<ClosureInput> & { contactCount: number } {
  const contactCount = contactCountFrom(data);
  const values = formValues(data, closeFields(contactCount));
  const contacts = Array.from({ length: contactCount }, (_, i) => ({
    form: values[`contact${i + 1}Form`],
    // An empty field is no duration at all, not zero minutes.
    minutes: values[`contact${i + 1}Minutes`] || undefined,
    prestatie: values[`contact${i + 1}Prestatie`] || undefined,
    date: values[`contact${i + 1}Date`],
    time: minutesOnly(values[`contact${i + 1}Time`]),
  }));
  const result = closureSchemaFor(new Date(consult.createdAt), now).safeParse({ contacts, outcome: values.outcome, adviceSummary: values.adviceSummary });
  if (result.success) return { ok: true, value: result.data, contactCount };
  const errors = { ...fieldProblems(result.error), ...lengthProblems(values) };
  for (const issue of result.error.issues) {
    if (issue.path[0] === 'contacts' && typeof issue.path[1] === 'number') errors[`contact${issue.path[1] + 1}`] ??= issue.message;
  }
  return { ok: false, values, errors, contactCount };
}

/** A local date and time as the form's date and time inputs show them. */
function localDateAndTime(instant: Date): { date: string; time: string } {
  const { date, minute } = localDay(instant);
  return { date, time: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}` };
}

/** The region's form → prestatie mapping in words, shown in full on the form. */
export function tapasMappingText(tapas: Tapas): string {
  if (!tapas) return '';
  const parts = Object.entries(tapas.prestaties).map(([form, prestatie]) => `${CONTACT_FORM_LABELS[form as ContactForm]} → ${prestatie ? PRESTATIE_LABELS[prestatie] : 'geen prestatie'}`);
  return `TAPA$-prestatie per vorm: ${parts.join('; ')}. Kies zelf een andere als die beter past; zonder prestatie komt het contact niet in het kassiersbestand.`;
}

/**
 * The close form. The first contact is dated at the accept by default (the specialist usually
 * calls right after accepting), further contacts at the moment the form is shown; the specialist
 * corrects either.
 */
export function closeFormData(
  consult: Consult,
  tapas: Tapas,
  now: Date,
  contactCount: number,
  values: unknown = {},
  errors: Record<string, string> = {},
  draft: { canDraft: boolean; notice?: string } = { canDraft: false },
) {
  const filled = formValues(values, closeFields(contactCount));
  const count = Math.min(Math.max(contactCount, 1), MAX_CONTACTS);
  return {
    ref: consult.ref,
    consultId: consult.id,
    patient: `${consult.request.patientInitials} (${consult.request.patientBirthYear})`,
    tapas: tapas !== false,
    tapasMapping: tapasMappingText(tapas),
    earliestDate: localDateAndTime(new Date(consult.createdAt)).date,
    latestDate: localDateAndTime(now).date,
    values: filled,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    contacts: Array.from({ length: count }, (_, i) => {
      const moment = localDateAndTime(i === 0 && consult.acceptedAt ? new Date(consult.acceptedAt) : now);
      return {
        number: i + 1,
        form: filled[`contact${i + 1}Form`] || (i === 0 ? consult.request.form : ''),
        minutes: filled[`contact${i + 1}Minutes`] ?? '',
        prestatie: filled[`contact${i + 1}Prestatie`] ?? '',
        date: filled[`contact${i + 1}Date`] || moment.date,
        time: minutesOnly(filled[`contact${i + 1}Time`]) || moment.time,
        error: errors[`contact${i + 1}`] ?? '',
      };
    }),
    contactCount: count,
    nextContactCount: Math.min(count + 1, MAX_CONTACTS),
    canAddContact: count < MAX_CONTACTS,
    canDraft: draft.canDraft && consult.messages.length > 0,
    draftNotice: draft.notice ?? '',
  };
}
