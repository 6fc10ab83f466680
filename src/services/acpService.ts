import { mayViewAcp, type AcpRecord } from '../domain/acpAccess.js';
import type { Consult } from '../domain/consult.js';
import { ConsultRequestSchema } from '../domain/consultRequest.js';
import type { Person } from '../domain/network.js';
import { normaliseConsultRef, patientPseudonym } from '../domain/references.js';
import { importAcpText } from '../fhir/importAcp.js';
import { readStoredSummary } from '../fhir/storedSummary.js';
import type { Storage } from '../store/store.js';

export type AcpImport = { ok: true; record: AcpRecord; warnings: string[] } | { ok: false; problems: string[] };

/** The same words for "no ACP", "no consent" and "not yours", so a refusal reveals nothing about the patient. */
export const ACP_NOT_AVAILABLE = 'Er is geen ACP dat u voor deze patiënt mag inzien.';

/** Importing ACPs and deciding who sees them; the messenger only shows the result. */
export class AcpService {
  constructor(
    private readonly store: Storage,
    private readonly patientRefSecret: string,
    private readonly clock: () => Date,
    /** Patients this person discusses in an MDO-PZ; that is a care relationship too. */
    private readonly mdoPatientsOf: (personId: string) => Promise<ReadonlySet<string>> = async () => new Set(),
  ) {}

  /**
   * Reads an ACP file (QuestionnaireResponse or Bundle) and files it under the same pseudonym
   * the importer's consult form makes for this patient: practice, initials, birth year and the
   * practice's own patient number.
   */
  async importText(importer: Person, text: string, localPatientNumber: string | undefined, source: string): Promise<AcpImport> {
    const number = ConsultRequestSchema.shape.localPatientNumber.safeParse(localPatientNumber);
    if (!number.success) return { ok: false, problems: number.error.issues.map((i) => i.message) };
    const imported = importAcpText(text);
    if (!imported.ok) return imported;
    const { initialen, geboortejaar } = imported.summary.patient;
    if (!initialen || !geboortejaar) {
      return { ok: false, problems: ['Het ACP noemt geen initialen of geboortejaar van de patiënt; zo kan de bot het niet aan de juiste patiënt koppelen.'] };
    }
    const patientRef = patientPseudonym(this.patientRefSecret, {
      initials: initialen,
      birthYear: geboortejaar,
      localPatientNumber: number.data,
      organisationId: importer.organisationId,
    });
    const record: AcpRecord = {
      patientRef,
      summary: imported.summary,
      importedAt: this.clock().toISOString(),
      importedBy: importer.id,
      ...(importer.role === 'generalist' ? { regiebehandelaarId: importer.id } : {}),
      source,
    };
    await this.store.acps.save(record);
    return { ok: true, record, warnings: imported.warnings };
  }

  /** A stored ACP in today's summary shape; a record that cannot be read counts as none. */
  private async read(patientRef: string): Promise<AcpRecord | undefined> {
    const record = await this.store.acps.get(patientRef);
    const summary = record ? readStoredSummary(record.summary) : null;
    return record && summary ? { ...record, summary } : undefined;
  }

  /** The ACP behind a consult reference (C-…) or patient pseudonym (P-…), if this person may see it. */
  async viewable(viewer: Person, reference: string): Promise<{ patientRef?: string; record?: AcpRecord }> {
    const consultRef = normaliseConsultRef(reference);
    let patientRef: string | undefined;
    let consults: Consult[];
    if (consultRef) {
      const consult = await this.store.consults.byRef(consultRef);
      patientRef = consult?.patientRef;
      consults = consult ? [consult] : [];
    } else {
      patientRef = /^P-[0-9A-Z]{10}$/i.test(reference.trim()) ? reference.trim().toUpperCase() : undefined;
      consults = (await this.store.consults.open()).filter((c) => c.patientRef === patientRef);
    }
    const record = patientRef ? await this.read(patientRef) : undefined;
    return { ...(patientRef ? { patientRef } : {}), ...(record && mayViewAcp(record, viewer.id, consults, await this.mdoPatientsOf(viewer.id)) ? { record } : {}) };
  }

  /** Whether a consult's patient has an ACP the accepting specialist will be able to see. */
  async sharedAcpFor(consult: Consult): Promise<AcpRecord | undefined> {
    const record = await this.read(consult.patientRef);
    return record?.summary.akkoordMetDelen === 'ja' ? record : undefined;
  }

  /** The ACP of a patient on an MDO agenda, if this person may see it through the MDO. */
  async forMdoParticipant(viewer: Person, patientRef: string): Promise<AcpRecord | undefined> {
    const record = await this.read(patientRef);
    return record && mayViewAcp(record, viewer.id, [], await this.mdoPatientsOf(viewer.id)) ? record : undefined;
  }
}
