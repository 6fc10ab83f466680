import { z } from 'zod/v4';
import type { Consult } from './consult.js';
import { localInstant, type Period } from './calendar.js';
import { CONSULT_FORMS, CONTACT_FORMS, COMPLEXITIES, DIMENSIONS, PRESTATIES, SETTINGS, URGENCIES, withoutBsn } from './consultRequest.js';
import type { NetworkDirectory } from './directory.js';
import type { MdoMeeting } from './mdo.js';
import type { Kernteam } from './mdoSeries.js';

export const OUTCOMES = ['advies', 'medebehandeling', 'mdo', 'verwezen', 'geen-actie'] as const;
export const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], string> = {
  advies: 'Advies gegeven',
  medebehandeling: 'Medebehandeling door specialist PZ',
  mdo: 'Bespreken in MDO-PZ',
  verwezen: 'Verwezen',
  'geen-actie': 'Geen verdere actie nodig',
};

const LOCAL_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** What the specialist records when closing: one entry per contact, with when it took place, then outcome and advice. */
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
        /** `geen`: the specialist claims no prestatie for this contact. */
        prestatie: z.enum([...PRESTATIES, 'geen'], 'Kies de TAPA$-prestatie.').optional(),
        date: z.iso.date('Vul de datum van het contact in.'),
        time: z.string().regex(LOCAL_TIME, 'Vul het tijdstip van het contact in (uu:mm).'),
      }),
    )
    .min(1, 'Registreer minstens één contact.')
    .max(5, 'Registreer hoogstens vijf contacten per keer.'),
  outcome: z.enum(OUTCOMES, 'Kies de uitkomst.'),
  adviceSummary: withoutBsn(z.string().trim().min(5, 'Vat het advies kort samen (minstens 5 tekens).').max(1000, 'De samenvatting mag hoogstens 1000 tekens hebben.')),
});
export type ClosureInput = z.infer<typeof ClosureInputSchema>;

/**
 * The closure schema for one consult: each contact's date and time (Dutch local time) must lie
 * between the request (to the minute) and now, so that a contact is never dated before anyone
 * asked, nor in the future.
 */
export function closureSchemaFor(requestedAt: Date, now: Date) {
  const earliest = Math.floor(requestedAt.getTime() / 60_000) * 60_000;
  return ClosureInputSchema.superRefine((input, context) => {
    input.contacts.forEach((contact, index) => {
      const at = localInstant(contact.date, contact.time).getTime();
      if (at < earliest)
        context.addIssue({ code: 'custom', path: ['contacts', index], message: 'Het contact ligt vóór de aanvraag; controleer datum en tijd.' });
      else if (at > now.getTime())
        context.addIssue({ code: 'custom', path: ['contacts', index], message: 'Het contact ligt in de toekomst; controleer datum en tijd.' });
    });
  });
}

/** What every contact carries, whether it came from a consult or an MDO. */
const sharedContactFields = {
  id: z.string(),
  /** When the contact was recorded (ISO 8601, UTC). */
  recordedAt: z.string(),
  regionId: z.string(),
  subRegionId: z.string(),
  /** Office hours or ANW at the time of the contact (version 1: at the time of the request). */
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

/** Since schema version 3: when the contact took place, which dates it in the log, the exports and the KPIs. */
const occurrenceFields = {
  /** When the contact took place (ISO 8601, UTC), as the specialist entered it, or the meeting's start. */
  occurredAt: z.string(),
  /** True only for entries migrated from version 1, whose contact time was not recorded: then it is the close moment. */
  occurredAtEstimated: z.boolean(),
};

const consultContactFields = {
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
  /** The consult this one follows up, when it was asked after that one was closed. */
  followUpOfConsultId: z.string().optional(),
  followUpOfRef: z.string().optional(),
};

const mdoContactFields = {
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
};

/**
 * One logged contact of a specialist PZ: the unit of TAPA$ claims and of the statistics.
 * This shape is a stable interface (see docs/contact-log.md); change it only by adding
 * optional fields, or by raising `schemaVersion`.
 */
export const ConsultContactSchema = z.object({ schemaVersion: z.literal(3), ...consultContactFields, ...occurrenceFields });

/** A specialist PZ's part in discussing one patient in an MDO-PZ (kind added in version 2). */
export const MdoContactSchema = z.object({ schemaVersion: z.literal(3), ...mdoContactFields, ...occurrenceFields });

export const ContactLogEntrySchema = z.union([ConsultContactSchema, MdoContactSchema]);
export type ConsultContact = z.infer<typeof ConsultContactSchema>;
export type MdoContact = z.infer<typeof MdoContactSchema>;
export type ContactLogEntry = z.infer<typeof ContactLogEntrySchema>;

/**
 * Any entry ever written, upgraded to the current version. Version 1 (consult contacts) did not
 * record when a contact took place: the close moment stands in, marked as estimated, and the
 * period stays the one of the request. Version 2 (MDO contacts) is dated by the meeting's start.
 */
export const StoredContactSchema = z.union([
  ContactLogEntrySchema,
  z
    .object({ schemaVersion: z.literal(1), ...consultContactFields })
    .transform((entry): ConsultContact => ({ ...entry, schemaVersion: 3, occurredAt: entry.recordedAt, occurredAtEstimated: true })),
  z
    .object({ schemaVersion: z.literal(2), ...mdoContactFields })
    .transform((entry): MdoContact => ({ ...entry, schemaVersion: 3, occurredAt: entry.meetingAt, occurredAtEstimated: false })),
]);

/** The chat reference a contact belongs to: the consult's C-… or the meeting's M-…. */
export const contactReference = (contact: ContactLogEntry): string => ('source' in contact ? contact.meetingRef : contact.consultRef);

/**
 * The contact-log entries for a closed consult. Ids are derived from the consult, so recording
 * the same closure twice (a retry after a crash) writes the same entries, not new ones.
 */
export function contactEntriesFor(
  consult: Consult,
  input: ClosureInput,
  directory: NetworkDirectory,
  periodAt: (instant: Date) => Period,
  now: Date,
): ConsultContact[] {
  const specialist = directory.person(consult.acceptedBy ?? '');
  const requester = directory.person(consult.requesterId);
  const region = directory.regionOfSubRegion(consult.request.subRegionId);
  if (!specialist || !requester || !region || !consult.acceptedAt) {
    throw new Error(`consult ${consult.id} cannot be logged: its people or region are no longer configured`);
  }
  return input.contacts.map((contact, index) => {
    const occurredAt = localInstant(contact.date, contact.time);
    const prestatie = region.tapas ? (contact.prestatie ?? region.tapas.prestaties[contact.form]) : undefined;
    return {
      schemaVersion: 3,
      id: `${consult.id}-${index + 1}`,
      consultId: consult.id,
      consultRef: consult.ref,
      recordedAt: now.toISOString(),
      occurredAt: occurredAt.toISOString(),
      occurredAtEstimated: false,
      requestedAt: consult.createdAt,
      acceptedAt: consult.acceptedAt!,
      regionId: region.id,
      subRegionId: consult.request.subRegionId,
      period: periodAt(occurredAt),
      escalations: Math.max(0, consult.stepLog.length - 1),
      form: contact.form,
      minutes: contact.minutes,
      ...(prestatie && prestatie !== 'geen' ? { prestatie } : {}),
      outcome: input.outcome,
      specialistId: specialist.id,
      specialistOrganisationId: specialist.organisationId,
      specialistDiscipline: specialist.discipline,
      requesterId: requester.id,
      requesterOrganisationId: requester.organisationId,
      requesterDiscipline: requester.discipline,
      patientRef: consult.patientRef,
      ...(consult.request.localPatientNumber ? { localPatientNumber: consult.request.localPatientNumber } : {}),
      ...(consult.followUpOf ? { followUpOfConsultId: consult.followUpOf.consultId, followUpOfRef: consult.followUpOf.ref } : {}),
      setting: consult.request.setting,
      requestedForm: consult.request.form,
      urgency: consult.request.urgency,
      complexity: consult.request.complexity,
      dimensions: consult.request.dimensions,
    };
  });
}

/**
 * The contact-log entries for an MDO: one per specialist PZ present and per patient discussed.
 * Ids are derived from meeting, patient and specialist, so recording twice writes the same entries.
 */
export function mdoContactEntries(meeting: MdoMeeting, kernteam: Kernteam, directory: NetworkDirectory, period: Period, now: Date): MdoContact[] {
  const region = directory.regionOfSubRegion(kernteam.subRegionId);
  if (!meeting.attendance || !region) return [];
  const prestatie = region.tapas ? region.tapas.prestaties.mdo : undefined;
  const specialists = meeting.attendance.present.map((id) => directory.person(id)).filter((p) => p?.role === 'specialist');
  return meeting.agenda
    .filter((item) => item.outcome?.discussed)
    .flatMap((item) => {
      const requester = directory.person(item.requesterId);
      if (!requester) return [];
      return specialists.map((specialist) => ({
        schemaVersion: 3 as const,
        source: 'mdo' as const,
        id: `mdo-${meeting.id}-${item.id}-${specialist!.id}`,
        recordedAt: now.toISOString(),
        occurredAt: meeting.startsAt,
        occurredAtEstimated: false,
        regionId: region.id,
        subRegionId: kernteam.subRegionId,
        period,
        minutes: meeting.attendance!.minutesPerPatient,
        ...(prestatie ? { prestatie } : {}),
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
