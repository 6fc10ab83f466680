import { randomUUID } from 'node:crypto';
import * as lifecycle from '../../src/domain/consult.js';
import { offerToNextStep } from '../../src/domain/paging.js';
import type { Consult } from '../../src/domain/consult.js';
import type { ContactLogEntry } from '../../src/domain/contactLog.js';
import type { ConsultRequest } from '../../src/domain/consultRequest.js';
import { newConsultRef, newReference } from '../../src/domain/references.js';
import type { AcpRecord } from '../../src/domain/acpAccess.js';
import type { AcpSummary } from '../../src/fhir/acpSummary.js';
import type { MdoMeeting } from '../../src/domain/mdo.js';
import type { MdoSeries } from '../../src/domain/mdoSeries.js';
import type { DeathRecord } from '../../src/domain/outcomes.js';

/** Records for the store tests: consults in a given state and a contact-log entry. */

/** The request of a spoed consult from Anna's practice in Westelijke Mijnstreek, for tests of the consult's lifecycle. */
export const SPOED_REQUEST: ConsultRequest = {
  patientInitials: 'J.A.',
  patientBirthYear: 1942,
  localPatientNumber: undefined,
  setting: 'thuis',
  subRegionId: 'westelijke-mijnstreek',
  form: 'telefonisch',
  urgency: 'spoed',
  complexity: 'complex',
  dimensions: ['fysiek'],
  question: 'Toenemende onrust, sedatie overwegen?',
  callbackPhone: '046 411 0101',
};

let sequence = 0;
const usedRefs = new Set<string>();
export function aConsult(now = new Date('2026-11-23T09:00:00Z')): Consult {
  sequence++;
  const consult = lifecycle.newConsult({
    id: randomUUID(),
    ref: newConsultRef((ref) => usedRefs.has(ref)),
    formId: `form-${sequence}`,
    requesterId: 'anna-de-vries',
    patientRef: 'P-TEST',
    request: SPOED_REQUEST,
    period: 'office',
    plan: [{ label: 'dienstdoende', personIds: ['els-vermeulen'] }],
    now,
  });
  usedRefs.add(consult.ref);
  return consult;
}

export function offeredAndAccepted(consult: Consult): Consult {
  const offered = offerToNextStep(consult, new Date(), () => true);
  if (!offered.ok) throw new Error('offer failed');
  const accepted = lifecycle.accept(offered.consult, 'els-vermeulen', new Date());
  if (!accepted.ok) throw new Error('accept failed');
  return accepted.consult;
}

/** A consult contact that took place when it was recorded. */
export function aContact(id: string, recordedAt: string, regionId = 'mijnstreek'): ContactLogEntry {
  return {
    schemaVersion: 3, id, recordedAt, occurredAt: recordedAt, occurredAtEstimated: false, consultId: 'c1', consultRef: 'C-0001', requestedAt: recordedAt, acceptedAt: recordedAt,
    regionId, subRegionId: 'westelijke-mijnstreek', period: 'office', escalations: 0, form: 'telefonisch', minutes: 20, prestatie: '2a',
    outcome: 'advies', specialistId: 'els-vermeulen', specialistOrganisationId: 'ct-mijnstreek', specialistDiscipline: 'kaderhuisarts PZ',
    requesterId: 'anna-de-vries', requesterOrganisationId: 'hap-de-linde', requesterDiscipline: 'huisarts', patientRef: 'P-TEST',
    setting: 'thuis', requestedForm: 'telefonisch', urgency: 'spoed', complexity: 'complex', dimensions: ['fysiek'],
  };
}

export function aMeeting(startsAt: string, fields: Partial<MdoMeeting> = {}): MdoMeeting {
  const starts = new Date(startsAt);
  return {
    id: `mdo-${randomUUID()}`, ref: newReference('M'), version: 1, seriesId: 'reeks-test', kernteamId: 'smdo-westelijke-mijnstreek',
    date: startsAt.slice(0, 10), time: '12:30', startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
    location: 'Zuyderland Sittard', chairId: 'els-vermeulen', createdAt: '2026-11-01T09:00:00.000Z', participants: ['els-vermeulen'],
    agenda: [], reminders: {}, ...fields,
  };
}

export function aSeries(id: string): MdoSeries {
  return {
    id, kernteamId: 'smdo-westelijke-mijnstreek', recurrence: { kind: 'eenmalig', date: '2026-12-03' }, time: '12:30', durationMinutes: 60,
    location: 'Zuyderland Sittard', createdBy: 'els-vermeulen', createdAt: '2026-11-01T09:00:00.000Z',
  };
}

export function anAcp(patientRef: string, importedAt: string, source = 'acp.json'): AcpRecord {
  const summary = { patient: { initialen: 'J.A.', geboortejaar: 1942 }, akkoordMetDelen: 'ja' } as unknown as AcpSummary;
  return { patientRef, summary, importedAt, importedBy: 'anna-de-vries', regiebehandelaarId: 'anna-de-vries', source };
}

export function aDeath(patientRef: string, regionId: string, place: DeathRecord['place'] = 'thuis'): DeathRecord {
  return { patientRef, regionId, dateOfDeath: '2026-11-20', place, notUnexpected: true, recordedBy: 'anna-de-vries', recordedAt: '2026-11-21T09:00:00.000Z' };
}
