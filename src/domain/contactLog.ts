import { z } from 'zod/v4';
import type { Consult } from './consult.js';
import {
  CONSULT_FORMS,
  CONTACT_FORMS,
  COMPLEXITIES,
  DIMENSIONS,
  PRESTATIES,
  SETTINGS,
  URGENCIES,
  suggestedPrestatie,
  withoutBsn,
} from './consultRequest.js';
import type { NetworkDirectory } from './directory.js';
import type { Kernteam, MdoMeeting } from './mdo.js';

export const OUTCOMES = ['advies', 'medebehandeling', 'mdo', 'verwezen', 'geen-actie'] as const;
export const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], string> = {
  advies: 'Advies gegeven',
  medebehandeling: 'Medebehandeling door specialist PZ',
  mdo: 'Bespreken in MDO-PZ',
  verwezen: 'Verwezen',
  'geen-actie': 'Geen verdere actie nodig',
};

/** What the specialist records when closing: one entry per contact, then outcome and advice. */
export const ClosureInputSchema = z.object({
  contacts: z
    .array(
      z.object({
        form: z.enum(CONTACT_FORMS, 'Kies de vorm van het contact.'),
        minutes: z.coerce
          .number({ error: 'Vul de duur in minuten in.' })
          .int('Vul de duur in hele minuten in.')
          .min(1, 'De duur is minstens 1 minuut.')
          .max(600, 'De duur is hoogstens 600 minuten.'),
        prestatie: z.enum(PRESTATIES, 'Kies de TAPA$-prestatie.').optional(),
      }),
    )
    .min(1, 'Registreer minstens één contact.')
    .max(5, 'Registreer hoogstens vijf contacten per keer.'),
  outcome: z.enum(OUTCOMES, 'Kies de uitkomst.'),
  adviceSummary: withoutBsn(z.string().trim().min(5, 'Vat het advies kort samen (minstens 5 tekens).').max(1000, 'De samenvatting mag hoogstens 1000 tekens hebben.')),
});
export type ClosureInput = z.infer<typeof ClosureInputSchema>;

/** What every contact carries, whether it came from a consult or an MDO. */
const sharedContactFields = {
  id: z.string(),
  /** When the contact was recorded (ISO 8601, UTC). */
  recordedAt: z.string(),
  regionId: z.string(),
  subRegionId: z.string(),
  /** Office hours or ANW when the consult was requested or the MDO took place. */
  period: z.enum(['office', 'anw']),
  minutes: z.number().int().positive(),
  /** Absent when the region has not adopted TAPA$. */
  prestatie: z.enum(PRESTATIES).optional(),
  specialistId: z.string(),
  specialistOrganisationId: z.string(),
  specialistDiscipline: z.string(),
  requesterId: z.string(),
  requesterOrganisationId: z.string(),
  requesterDiscipline: z.string(),
  patientRef: z.string(),
  localPatientNumber: z.string().optional(),
  dimensions: z.array(z.enum(DIMENSIONS)),
};

/**
 * One logged contact of a specialist PZ: the unit of TAPA$ claims and of the statistics.
 * This shape is a stable interface (see docs/contact-log.md); change it only by adding
 * optional fields, or by raising `schemaVersion`.
 */
export const ConsultContactSchema = z.object({
  schemaVersion: z.literal(1),
  ...sharedContactFields,
  consultId: z.string(),
  consultRef: z.string(),
  requestedAt: z.string(),
  acceptedAt: z.string(),
  /** How many times the request moved on (decline or timeout) before someone accepted. */
  escalations: z.number().int().min(0),
  form: z.enum(CONTACT_FORMS),
  outcome: z.enum(OUTCOMES),
  setting: z.enum(SETTINGS),
  requestedForm: z.enum(CONSULT_FORMS),
  urgency: z.enum(URGENCIES),
  complexity: z.enum(COMPLEXITIES),
});

/** Schema version 2 added these: a specialist PZ's part in discussing one patient in an MDO-PZ. */
export const MdoContactSchema = z.object({
  schemaVersion: z.literal(2),
  source: z.literal('mdo'),
  ...sharedContactFields,
  form: z.literal('mdo'),
  meetingId: z.string(),
  meetingRef: z.string(),
  itemId: z.string(),
  kernteamId: z.string(),
  meetingAt: z.string(),
  /** The consult the patient came from, when a specialist put them on the agenda from one. */
  consultId: z.string().optional(),
  consultRef: z.string().optional(),
});

export const ContactLogEntrySchema = z.union([ConsultContactSchema, MdoContactSchema]);
export type ConsultContact = z.infer<typeof ConsultContactSchema>;
export type MdoContact = z.infer<typeof MdoContactSchema>;
export type ContactLogEntry = z.infer<typeof ContactLogEntrySchema>;

/** TAPA$ for taking part in an MDO: transmural coordination and continuity (prestatie 1, 000:2327). */
export const MDO_PRESTATIE = '1' as const;

/** The chat reference a contact belongs to: the consult's C-… or the meeting's M-…. */
export const contactReference = (contact: ContactLogEntry): string => ('source' in contact ? contact.meetingRef : contact.consultRef);

/**
 * The contact-log entries for a closed consult. Ids are derived from the consult, so recording
 * the same closure twice (a retry after a crash) writes the same entries, not new ones.
 */
export function contactEntriesFor(consult: Consult, input: ClosureInput, directory: NetworkDirectory, now: Date): ConsultContact[] {
  const specialist = directory.person(consult.acceptedBy ?? '');
  const requester = directory.person(consult.requesterId);
  const region = directory.regionOfSubRegion(consult.request.subRegionId);
  if (!specialist || !requester || !region || !consult.acceptedAt) {
    throw new Error(`consult ${consult.id} cannot be logged: its people or region are no longer configured`);
  }
  return input.contacts.map((contact, index) => ({
    schemaVersion: 1,
    id: `${consult.id}-${index + 1}`,
    consultId: consult.id,
    consultRef: consult.ref,
    recordedAt: now.toISOString(),
    requestedAt: consult.createdAt,
    acceptedAt: consult.acceptedAt!,
    regionId: region.id,
    subRegionId: consult.request.subRegionId,
    period: consult.period,
    escalations: Math.max(0, consult.stepLog.length - 1),
    form: contact.form,
    minutes: contact.minutes,
    ...(region.tapas ? { prestatie: contact.prestatie ?? suggestedPrestatie(contact.form) } : {}),
    outcome: input.outcome,
    specialistId: specialist.id,
    specialistOrganisationId: specialist.organisationId,
    specialistDiscipline: specialist.discipline,
    requesterId: requester.id,
    requesterOrganisationId: requester.organisationId,
    requesterDiscipline: requester.discipline,
    patientRef: consult.patientRef,
    ...(consult.request.localPatientNumber ? { localPatientNumber: consult.request.localPatientNumber } : {}),
    setting: consult.request.setting,
    requestedForm: consult.request.form,
    urgency: consult.request.urgency,
    complexity: consult.request.complexity,
    dimensions: consult.request.dimensions,
  }));
}

/**
 * The contact-log entries for an MDO: one per specialist PZ present and per patient discussed.
 * Ids are derived from meeting, patient and specialist, so recording twice writes the same entries.
 */
export function mdoContactEntries(meeting: MdoMeeting, kernteam: Kernteam, directory: NetworkDirectory, period: 'office' | 'anw', now: Date): MdoContact[] {
  const region = directory.regionOfSubRegion(kernteam.subRegionId);
  if (!meeting.attendance || !region) return [];
  const specialists = meeting.attendance.present.map((id) => directory.person(id)).filter((p) => p?.role === 'specialist');
  return meeting.agenda
    .filter((item) => item.outcome?.discussed)
    .flatMap((item) => {
      const requester = directory.person(item.requesterId);
      if (!requester) return [];
      return specialists.map((specialist) => ({
        schemaVersion: 2 as const,
        source: 'mdo' as const,
        id: `mdo-${meeting.id}-${item.id}-${specialist!.id}`,
        recordedAt: now.toISOString(),
        regionId: region.id,
        subRegionId: kernteam.subRegionId,
        period,
        minutes: meeting.attendance!.minutesPerPatient,
        ...(region.tapas ? { prestatie: MDO_PRESTATIE } : {}),
        specialistId: specialist!.id,
        specialistOrganisationId: specialist!.organisationId,
        specialistDiscipline: specialist!.discipline,
        requesterId: requester.id,
        requesterOrganisationId: requester.organisationId,
        requesterDiscipline: requester.discipline,
        patientRef: item.patientRef,
        ...(item.localPatientNumber ? { localPatientNumber: item.localPatientNumber } : {}),
        dimensions: item.dimensions,
        form: 'mdo' as const,
        meetingId: meeting.id,
        meetingRef: meeting.ref,
        itemId: item.id,
        kernteamId: kernteam.id,
        meetingAt: meeting.startsAt,
        ...(item.consultId ? { consultId: item.consultId } : {}),
        ...(item.consultRef ? { consultRef: item.consultRef } : {}),
      }));
    });
}
