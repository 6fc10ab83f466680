import { randomUUID } from 'node:crypto';
import * as lifecycle from '../../src/domain/consult.js';
import type { Consult } from '../../src/domain/consult.js';
import type { ContactLogEntry } from '../../src/domain/contactLog.js';
import { newConsultRef } from '../../src/domain/references.js';

/** Records for the store tests: consults in a given state and a contact-log entry. */

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
    request: {
      patientInitials: 'J.A.', patientBirthYear: 1942, localPatientNumber: undefined, setting: 'thuis',
      subRegionId: 'westelijke-mijnstreek', form: 'telefonisch', urgency: 'spoed', complexity: 'complex',
      dimensions: ['fysiek'], question: 'Toenemende onrust, sedatie overwegen?', callbackPhone: '046 411 0101',
    },
    period: 'office',
    plan: [{ label: 'dienstdoende', personIds: ['els-vermeulen'] }],
    now,
  });
  usedRefs.add(consult.ref);
  return consult;
}

export function offeredAndAccepted(consult: Consult): Consult {
  const offered = lifecycle.offerToNextStep(consult, new Date(), () => true);
  if (!offered.ok) throw new Error('offer failed');
  const accepted = lifecycle.accept(offered.consult, 'els-vermeulen', new Date());
  if (!accepted.ok) throw new Error('accept failed');
  return accepted.consult;
}

export function aContact(id: string, recordedAt: string, regionId = 'mijnstreek'): ContactLogEntry {
  return {
    schemaVersion: 1, id, recordedAt, consultId: 'c1', consultRef: 'C-0001', requestedAt: recordedAt, acceptedAt: recordedAt,
    regionId, subRegionId: 'westelijke-mijnstreek', period: 'office', escalations: 0, form: 'telefonisch', minutes: 20, prestatie: '2a',
    outcome: 'advies', specialistId: 'els-vermeulen', specialistOrganisationId: 'ct-mijnstreek', specialistDiscipline: 'kaderhuisarts PZ',
    requesterId: 'anna-de-vries', requesterOrganisationId: 'hap-de-linde', requesterDiscipline: 'huisarts', patientRef: 'P-TEST',
    setting: 'thuis', requestedForm: 'telefonisch', urgency: 'spoed', complexity: 'complex', dimensions: ['fysiek'],
  };
}
