import type { AcpSummary } from '../fhir/acpSummary.js';
import type { Consult } from './consult.js';
import type { AcpFacts } from './outcomes.js';

/** An imported ACP as the bot keeps it: by patient pseudonym, with who imported it. */
export interface AcpRecord {
  patientRef: string;
  summary: AcpSummary;
  importedAt: string;
  importedBy: string;
  /** The GP who imported it counts as the patient's regiebehandelaar. */
  regiebehandelaarId?: string;
  source: string;
}

/**
 * Who may see an ACP (000:379-381; DOMAIN "share ACP only with consent and a care relationship"):
 * only when the patient agreed to sharing, and only the regiebehandelaar, the requester of a
 * consult for the patient, the specialist who accepted that consult, or someone who discusses
 * the patient in an MDO-PZ (a participating kernteam member, or the invited requester).
 */
export function mayViewAcp(record: AcpRecord, viewerId: string, consultsForPatient: readonly Consult[], mdoPatientsOfViewer: ReadonlySet<string> = new Set()): boolean {
  if (record.summary.akkoordMetDelen !== 'ja') return false;
  if (record.regiebehandelaarId === viewerId) return true;
  if (mdoPatientsOfViewer.has(record.patientRef)) return true;
  return consultsForPatient.some((c) => c.patientRef === record.patientRef && (c.requesterId === viewerId || c.acceptedBy === viewerId));
}

/** What the KPIs need: does the PZP call dying in hospital unwanted, and when was the conversation? */
export function acpFactsOf(summary: AcpSummary): AcpFacts {
  const noAdmission = summary.behandelgrenzen.ziekenhuisopname.besluit === 'niet uitvoeren';
  const place = summary.gewenstePlekVanOverlijden.waarde;
  const elsewhere = place !== 'onbekend' && place !== 'ziekenhuis';
  const date = summary.gesprek.datum;
  return {
    hospitalUnwanted: noAdmission || elsewhere ? true : place === 'ziekenhuis' ? false : undefined,
    conversationDate: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined,
  };
}

/** Months since the conversation, for the "older than" warning; undefined without a date. */
export function monthsSinceConversation(summary: AcpSummary, now: Date): number | undefined {
  const date = summary.gesprek.datum;
  if (!date) return undefined;
  const [year, month = '01'] = date.split('-');
  return (now.getUTCFullYear() - Number(year)) * 12 + (now.getUTCMonth() + 1 - Number(month));
}
