import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { TIME_ZONE } from '../domain/calendar.js';
import { contactReference, type ContactLogEntry } from '../domain/contactLog.js';
import type { NetworkDirectory } from '../domain/directory.js';
import type { Table } from './spreadsheet.js';

const COLUMNS = [
  { key: 'aanbieder', title: 'Aanbieder (organisatie)' },
  { key: 'specialist', title: 'Specialist PZ' },
  { key: 'discipline', title: 'Discipline' },
  { key: 'datum', title: 'Datum' },
  { key: 'prestatie', title: 'Prestatie' },
  { key: 'minuten', title: 'Minuten' },
  { key: 'vorm', title: 'Vorm' },
  { key: 'patient', title: 'Patiëntpseudoniem' },
  { key: 'patientnummer', title: 'Eigen patiëntnummer aanvrager' },
  { key: 'aanvragerOrganisatie', title: 'Organisatie aanvrager' },
  { key: 'consult', title: 'Consult of MDO' },
  { key: 'subregio', title: 'Subregio' },
  { key: 'geschat', title: 'Datum geschat' },
];

/**
 * One row per patient-bound contact with a TAPA$ prestatie, for the kassier, dated when the
 * contact took place. This export names
 * specialists, because a claim needs them; it never holds a BSN or a patient's name. The local
 * patient number lets the requesting practice trace a claim to the insured person.
 */
export function tapasTable(contacts: readonly ContactLogEntry[], directory: NetworkDirectory, regionId: string): Table {
  const rows = contacts
    .filter((contact) => contact.regionId === regionId && contact.prestatie)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .map((contact) => ({
      aanbieder: directory.organisation(contact.specialistOrganisationId)?.name ?? contact.specialistOrganisationId,
      specialist: directory.person(contact.specialistId)?.name ?? contact.specialistId,
      discipline: contact.specialistDiscipline,
      datum: format(new TZDate(contact.occurredAt, TIME_ZONE), 'dd-MM-yyyy'),
      prestatie: contact.prestatie!,
      minuten: contact.minutes,
      vorm: contact.form,
      patient: contact.patientRef,
      patientnummer: contact.localPatientNumber ?? '',
      aanvragerOrganisatie: directory.organisation(contact.requesterOrganisationId)?.name ?? contact.requesterOrganisationId,
      consult: contactReference(contact),
      subregio: directory.subRegion(contact.subRegionId)?.name ?? contact.subRegionId,
      // Entries from before the contact date was recorded carry the close date instead.
      geschat: contact.occurredAtEstimated ? 'ja' : 'nee',
    }));
  return { sheetName: 'TAPA$-contacten', columns: COLUMNS, rows };
}
