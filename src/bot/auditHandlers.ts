import type { Application } from '@microsoft/teams-ai';
import { normaliseConsultRef } from '../domain/references.js';
import { permittedPerson, type BotDependencies } from './context.js';
import { localDateTime } from './format.js';

export const VERIFY_COMMAND = /^\s*audit\s+verifi[eë]ren\s*$/i;
export const PATIENT_COMMAND = /^\s*audit\s+pati[eë]nt\s+(\S+)\s*$/i;
const SHOWN = 50;

/** Admin commands over the audit trail, as a DPO or a patient would ask. */
export function registerAuditHandlers(app: Application, deps: BotDependencies): void {
  const { directory, auditTrail, audit } = deps;

  app.message(VERIFY_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'audit.verify');
    if (!person) return;
    const check = await auditTrail.verify();
    await audit.record({ context, person }, 'audit.verify', 'toegestaan', { detail: check.ok ? `${check.entries} vermeldingen in orde` : check.problem });
    await context.sendActivity(
      check.ok
        ? `De audittrail is in orde: ${check.entries} vermeldingen, de keten is onverbroken en klopt met het controlepunt.`
        : `De audittrail is NIET in orde: ${check.problem}. Meld dit bij de functionaris gegevensbescherming.`,
    );
  });

  app.message(PATIENT_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'audit.patient');
    if (!person) return;
    const asked = PATIENT_COMMAND.exec(context.activity.text ?? '')![1]!;
    const consultRef = normaliseConsultRef(asked);
    const patientRef = consultRef ? (await deps.store.consults.byRef(consultRef))?.patientRef : /^P-[0-9A-Z]{10}$/i.test(asked) ? asked.toUpperCase() : undefined;
    if (!patientRef) {
      await context.sendActivity(`Onbekende patiënt- of consultreferentie '${asked}'. Gebruik P-… of C-….`);
      return;
    }
    const entries = await auditTrail.forPatient(patientRef);
    await audit.record({ context, person }, 'audit.patient', 'toegestaan', { detail: `inzage audittrail ${patientRef}` });
    if (entries.length === 0) {
      await context.sendActivity(`Geen toegang tot of wijzigingen van ${patientRef} vastgelegd.`);
      return;
    }
    const lines = entries.slice(-SHOWN).map((entry) => {
      const actor = directory.person(entry.actorId);
      return `- ${localDateTime(entry.at)} · ${actor ? `${actor.name} (${entry.actorRole})` : entry.actorId} · ${entry.action} · ${entry.result}`;
    });
    const header = `Audittrail voor ${patientRef}: ${entries.length} regels${entries.length > SHOWN ? `, de laatste ${SHOWN}` : ''}.`;
    await context.sendActivity(`${header}\n\n${lines.join('\n')}`);
  });
}
