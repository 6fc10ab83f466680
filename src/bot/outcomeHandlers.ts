import { randomUUID } from 'node:crypto';
import type { Application } from '@microsoft/teams-ai';
import { z } from 'zod/v4';
import { fieldProblems } from '../config/zodMessages.js';
import { ConsultRequestSchema } from '../domain/consultRequest.js';
import type { Person } from '../domain/network.js';
import { DeathInputSchema } from '../domain/outcomes.js';
import { normaliseConsultRef, patientPseudonym } from '../domain/references.js';
import { cardAttachment, renderCard } from './cards.js';
import { cardAction, notice } from './cardActions.js';
import { permittedPerson, type BotDependencies } from './context.js';

export const DEATH_COMMAND = /^\s*(overlijden\s+registreren|overlijden|register\s+death)\s*$/i;
const FIELDS = ['consultRef', 'patientInitials', 'patientBirthYear', 'localPatientNumber', 'dateOfDeath', 'place', 'notUnexpected'] as const;

function formValues(raw: unknown): Record<string, string> {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return Object.fromEntries(FIELDS.map((field) => [field, typeof record[field] === 'string' ? (record[field] as string).slice(0, 100) : '']));
}

/**
 * The regiebehandelaar (the GP who asked for consults about the patient, or knows the patient by
 * their own local identifiers) or a coordinator of the region registers a death, which feeds the
 * KPIs. The patient is found through a consult reference, or through the same pseudonym the
 * consult form makes; a coordinator must use a consult reference from their own region.
 */
export function registerOutcomeHandlers(app: Application, deps: BotDependencies): void {
  const form = (formId: string, values: Record<string, string> = formValues({}), errors: Record<string, string> = {}) =>
    renderCard('death-form', { formId, values, errors, hasErrors: Object.keys(errors).length > 0 });

  app.message(DEATH_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'outcome.register');
    if (!person) return;
    await context.sendActivity({ attachments: [cardAttachment(form(randomUUID()))] });
  });

  cardAction(app, deps, 'outcome.death', 'outcome.register', z.object({ formId: z.string().min(1).max(100) }), async (_context, person, data, raw) => {
    const values = formValues(raw);
    const input = DeathInputSchema.safeParse(values);
    const patient = await patientOf(values, person, deps);
    const errors = { ...(input.success ? {} : fieldProblems(input.error)), ...('problem' in patient ? { [patient.field]: patient.problem } : {}) };
    if (!input.success || 'problem' in patient) {
      return { card: form(data.formId, values, errors), result: 'geweigerd', detail: `ongeldig formulier: ${Object.keys(errors).join(', ')}` };
    }
    await deps.store.deaths.record({
      patientRef: patient.patientRef,
      regionId: patient.regionId,
      ...(patient.subRegionId ? { subRegionId: patient.subRegionId } : {}),
      ...input.data,
      recordedBy: person.id,
      recordedAt: deps.clock().toISOString(),
    });
    const place = `${input.data.dateOfDeath}, ${input.data.place}${input.data.notUnexpected ? ', niet-onverwacht' : ', onverwacht'}`;
    return { card: notice(`Het overlijden is geregistreerd (${place}). Dank u.`), patientRef: patient.patientRef, detail: 'overlijden geregistreerd' };
  });
}

type PatientLookup = { patientRef: string; regionId: string; subRegionId?: string } | { field: string; problem: string };

async function patientOf(values: Record<string, string>, person: Person, deps: BotDependencies): Promise<PatientLookup> {
  const region = deps.directory.regionOfPerson(person.id);
  if (!region) return { field: 'consultRef', problem: 'U hoort bij geen regio.' };
  if (values.consultRef) {
    const ref = normaliseConsultRef(values.consultRef);
    const consult = ref ? await deps.store.consults.byRef(ref) : undefined;
    const ownRegion = consult && deps.directory.regionOfSubRegion(consult.request.subRegionId)?.id === region.id;
    const allowed = consult && (consult.requesterId === person.id || (person.role !== 'generalist' && ownRegion));
    // The same answer for "unknown" and "not yours", so a reference reveals nothing.
    if (!consult || !allowed) return { field: 'consultRef', problem: 'Geen consult met deze referentie waarvoor u dit mag registreren.' };
    return { patientRef: consult.patientRef, regionId: region.id, subRegionId: consult.request.subRegionId };
  }
  if (person.role !== 'generalist') return { field: 'consultRef', problem: 'Gebruik als coördinator de consultreferentie.' };
  const identity = ConsultRequestSchema.pick({ patientInitials: true, patientBirthYear: true, localPatientNumber: true }).safeParse(values);
  if (!identity.success) {
    const problems = fieldProblems(identity.error);
    const field = Object.keys(problems)[0] ?? 'patientInitials';
    return { field, problem: problems[field] ?? 'Vul de consultreferentie of de initialen en het geboortejaar in.' };
  }
  const patientRef = patientPseudonym(deps.patientRefSecret, {
    initials: identity.data.patientInitials,
    birthYear: identity.data.patientBirthYear,
    localPatientNumber: identity.data.localPatientNumber,
    organisationId: person.organisationId,
  });
  const subRegionId = deps.directory.homeSubRegionOf(person)?.id;
  return { patientRef, regionId: region.id, ...(subRegionId ? { subRegionId } : {}) };
}
