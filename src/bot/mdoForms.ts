import { z } from 'zod/v4';
import { ConsultRequestSchema, DIMENSIONS, withoutBsn } from '../domain/consultRequest.js';
import type { ItemOutcome } from '../domain/mdo.js';
import { clockTime } from '../domain/mdoSeries.js';
import type { PlanInput } from '../services/mdoService.js';
import { commaList, formValues, type FormValues } from './forms.js';

/** MDO card submits, from loose string maps to domain input; problems come back as a Dutch list. */

export type FormResult<T> = { ok: true; value: T } | { ok: false; values: FormValues; errors: { text: string }[] };

const problemsOf = (error: z.ZodError): { text: string }[] => [...new Set(error.issues.map((issue) => issue.message))].map((text) => ({ text }));

export const PLAN_FIELDS = ['kernteamId', 'repeat', 'date', 'time', 'durationMinutes', 'location', 'meetingUrl'] as const;

const PlanSchema = z.object({
  kernteamId: z.string().min(1, 'Kies een kernteam.'),
  repeat: z.enum(['eenmalig', '1', '2', '4', 'maand'], 'Kies of het MDO eenmalig is of hoe vaak het terugkomt.'),
  date: z.iso.date('Kies een datum.'),
  time: clockTime.or(z.string().regex(/^\d{2}:\d{2}:\d{2}$/).transform((t) => t.slice(0, 5))).pipe(clockTime),
  durationMinutes: z.coerce.number({ error: 'Vul de duur in minuten in.' }).int('Vul de duur in hele minuten in.').min(15, 'Een MDO duurt minstens 15 minuten.').max(480, 'Een MDO duurt hoogstens 480 minuten.'),
  location: withoutBsn(z.string().trim().max(200, 'De plaats mag hoogstens 200 tekens hebben.')),
  meetingUrl: z.union([z.literal(''), withoutBsn(z.url({ protocol: /^https$/, error: 'Gebruik een https-link voor de vergadering.' }).max(500))]),
});

export function parsePlanSubmit(data: unknown): FormResult<PlanInput> {
  const values = formValues(data, PLAN_FIELDS);
  const result = PlanSchema.safeParse({ ...values, time: values.time, durationMinutes: values.durationMinutes || '60', repeat: values.repeat || 'eenmalig' });
  if (!result.success) return { ok: false, values, errors: problemsOf(result.error) };
  const { kernteamId, repeat, date, time, durationMinutes, location, meetingUrl } = result.data;
  return {
    ok: true,
    value: {
      kernteamId,
      recurrence: repeat === 'eenmalig' ? { kind: 'eenmalig', date } : repeat === 'maand' ? { kind: 'maandelijks', startsOn: date } : { kind: 'wekelijks', startsOn: date, intervalWeeks: Number(repeat) },
      time,
      durationMinutes,
      location,
      ...(meetingUrl ? { meetingUrl } : {}),
    },
  };
}

export const ITEM_FIELDS = ['kernteamId', 'patientInitials', 'patientBirthYear', 'localPatientNumber', 'question', 'dimensions', 'newlyMarked'] as const;

const ItemQuestionSchema = z.object({
  kernteamId: z.string().min(1, 'Kies een kernteam.'),
  question: withoutBsn(z.string().trim().min(10, 'Beschrijf de vraag aan het MDO in minstens 10 tekens.').max(2000, 'De vraag mag hoogstens 2000 tekens hebben.')),
  dimensions: z.array(z.enum(DIMENSIONS, 'Kies een dimensie uit de lijst.')).min(1, 'Kies minstens één dimensie.'),
  newlyMarked: z.enum(['ja', 'nee'], 'Geef aan of de patiënt nieuw gemarkeerd is als palliatief.').transform((v) => v === 'ja'),
});
const PatientSchema = ConsultRequestSchema.pick({ patientInitials: true, patientBirthYear: true, localPatientNumber: true });

export interface ItemSubmit {
  kernteamId: string;
  question: string;
  dimensions: (typeof DIMENSIONS)[number][];
  newlyMarked: boolean;
  patient?: z.infer<typeof PatientSchema>;
}

/** The agenda form; a patient who comes from a consult is already known, so only the question is asked. */
export function parseItemSubmit(data: unknown, fromConsult: boolean): FormResult<ItemSubmit> {
  const values = formValues(data, ITEM_FIELDS);
  const question = ItemQuestionSchema.safeParse({ ...values, dimensions: commaList(values.dimensions ?? '') });
  const patient = fromConsult ? undefined : PatientSchema.safeParse(values);
  const errors = [...(question.success ? [] : problemsOf(question.error)), ...(patient && !patient.success ? problemsOf(patient.error) : [])];
  if (!question.success || (patient && !patient.success) || errors.length > 0) return { ok: false, values, errors };
  return { ok: true, value: { ...question.data, ...(patient?.success ? { patient: patient.data } : {}) } };
}

export const MAX_ACTIONS = 3;
const OUTCOME_FIELDS = ['discussed', 'advice', 'izpUpdate', 'followUpDate', ...Array.from({ length: MAX_ACTIONS }, (_, i) => [`action${i + 1}`, `owner${i + 1}`]).flat()];

export function parseOutcomeSubmit(data: unknown, owners: readonly string[], meetingDate: string): FormResult<Omit<ItemOutcome, 'recordedBy' | 'recordedAt'>> {
  const values = formValues(data, OUTCOME_FIELDS);
  const schema = z
    .object({
      discussed: z.enum(['ja', 'nee'], 'Geef aan of de patiënt besproken is.').transform((v) => v === 'ja'),
      advice: withoutBsn(z.string().trim().max(2000, 'Het advies mag hoogstens 2000 tekens hebben.')),
      izpUpdate: z.enum(['ja', 'nee', '']).transform((v) => v === 'ja'),
      followUpDate: z.union([z.literal(''), z.iso.date('Kies een geldige vervolgdatum.').refine((d) => d >= meetingDate, 'De vervolgdatum ligt vóór het MDO.')]),
      actions: z.array(
        z.object({
          description: withoutBsn(z.string().trim().min(3, 'Beschrijf elke actie in minstens 3 tekens.').max(300, 'Een actie mag hoogstens 300 tekens hebben.')),
          ownerId: z.string().refine((id) => owners.includes(id), 'Kies voor elke actie een eigenaar uit de lijst.'),
        }),
      ),
    })
    .refine((o) => !o.discussed || o.advice.length >= 5, { message: 'Vat het advies samen (minstens 5 tekens).' });
  const actions = Array.from({ length: MAX_ACTIONS }, (_, i) => ({ description: values[`action${i + 1}`] ?? '', ownerId: values[`owner${i + 1}`] ?? '' })).filter(
    (a) => a.description.trim() || a.ownerId,
  );
  const result = schema.safeParse({ ...values, actions });
  if (!result.success) return { ok: false, values, errors: problemsOf(result.error) };
  const { discussed, advice, izpUpdate, followUpDate } = result.data;
  return { ok: true, value: { discussed, advice, izpUpdate, actions: result.data.actions, ...(followUpDate ? { followUpDate } : {}) } };
}

export function parseAttendanceSubmit(data: unknown, invitees: readonly string[]): FormResult<{ present: string[]; minutesPerPatient: number }> {
  const values = formValues(data, ['present', 'minutesPerPatient']);
  const schema = z.object({
    present: z.array(z.string().refine((id) => invitees.includes(id), 'Kies aanwezigen uit de lijst.')),
    minutesPerPatient: z.coerce.number({ error: 'Vul de minuten per patiënt in.' }).int('Vul hele minuten in.').min(1, 'Minstens 1 minuut per patiënt.').max(240, 'Hoogstens 240 minuten per patiënt.'),
  });
  const result = schema.safeParse({ present: commaList(values.present ?? ''), minutesPerPatient: values.minutesPerPatient || '15' });
  return result.success ? { ok: true, value: result.data } : { ok: false, values, errors: problemsOf(result.error) };
}
