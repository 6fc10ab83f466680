import {
  BEHANDELGRENS_LABELS,
  STANDARD_LABELS,
  emptyAcpSummary,
  freeText,
  initialsOf,
  type AcpImportResult,
  type AcpSummary,
  type BehandelgrensNaam,
  type Behandelbesluit,
  type IcdUitzetbesluit,
} from './acpSummary.js';
import {
  BEHANDELGRENS_ITEMS,
  DOEL_CODES,
  EUTHANASIE_CODES,
  PLEK_CODES,
  SNOMED_JA_NEE,
  codedChoice,
  isPlainObject,
  type Coding,
  type JsonObject,
} from './acpCodes.js';
import { BundleIndex, codingsOf, concepts, extension, firstCoding, hasCode, list, objects, str } from './bundleIndex.js';
import { importPeople, nameOf } from './bundlePeople.js';
import { hasTimeOfDay, localDateOf, localYearOf } from './fhirDates.js';

/**
 * The resource form of the IKNL PZP implementation guide (profiles ACP-*, on nl-core zib2020):
 * Consent (TreatmentDirective, AdvanceDirective), Goal, Observation, RelatedPerson, Patient,
 * Encounter, PractitionerRole/Practitioner, Communication and DeviceUseStatement/Device (ICD).
 */

const WILSVERKLARING_LABELS: Record<string, string> = {
  NR: 'Niet reanimeren verklaring', EU: 'Euthanasieverzoek', EUD: 'Euthanasieverzoek met aanvulling Dementie',
  VOL: 'Volmacht', VERB: 'Behandelverbod', DO: 'Verklaring donorschap', LW: 'Levenswensverklaring',
};
/** Texts the IG puts in specificationOther when the decision is unknown rather than 'anders'. */
const NOT_DISCUSSED_TEXTS = new Set(['onbekend', 'nog onbekend', 'niet besproken']);
const ICD_SWITCH_OFF = '400231000146108';
/** The resource types this import reads; anything else in a Bundle is named in the warnings, never dropped unseen. */
const READ_RESOURCE_TYPES = new Set([
  'Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson', 'Encounter', 'Procedure',
  'Goal', 'Observation', 'Consent', 'Communication', 'Device', 'DeviceUseStatement',
]);

function unreadResourceWarnings(index: BundleIndex): string[] {
  const unread = new Map<string, number>();
  for (const resource of index.resources) {
    const type = typeof resource.resourceType === 'string' ? resource.resourceType : '(zonder type)';
    if (!READ_RESOURCE_TYPES.has(type)) unread.set(type, (unread.get(type) ?? 0) + 1);
  }
  return [...unread].map(([type, count]) => `De Bundle bevat ${count === 1 ? 'een' : count} ${type}-resource${count === 1 ? '' : 's'} die deze import niet leest; ${count === 1 ? 'die is' : 'die zijn'} niet overgenomen.`);
}

function importConversation(index: BundleIndex, summary: AcpSummary, warnings: string[]): void {
  const referenced = index.resources
    .map((r) => index.resolve(extension(r, 'ext-EncounterReference')?.valueReference ?? r.encounter))
    .find((r) => r?.resourceType === 'Encounter');
  const encounters = index.ofType('Encounter');
  const byStart = [...encounters].sort((a, b) => String(isPlainObject(b.period) ? b.period.start : '').localeCompare(String(isPlainObject(a.period) ? a.period.start : '')));
  if (!referenced && encounters.length > 1) warnings.push('De Bundle bevat meerdere gesprekken (Encounter); het meest recente is gebruikt.');
  const encounter = referenced ?? byStart[0];
  const procedure = index.ofType('Procedure').find((p) => hasCode(p.code, '713603004'));
  const actors = [...objects(encounter?.participant).map((p) => p.individual), ...objects(procedure?.performer).map((p) => p.actor)];
  for (const actor of actors.map((ref) => index.resolve(ref))) {
    const practitioner = actor?.resourceType === 'PractitionerRole' ? index.resolve(actor.practitioner) : actor;
    if (practitioner?.resourceType !== 'Practitioner') continue;
    const specialty = actor === practitioner ? null : firstCoding(actor?.specialty);
    summary.gesprek.gevoerdDoor = nameOf(practitioner, warnings, 'de naam van de zorgverlener');
    summary.gesprek.functie = freeText(specialty?.display ?? specialty?.code, warnings, 'de functie van de zorgverlener');
    break;
  }
  const start = (period: unknown): unknown => (isPlainObject(period) ? period.start : undefined);
  const moment = start(encounter?.period) ?? start(procedure?.performedPeriod) ?? procedure?.performedDateTime;
  summary.gesprek.datum = localDateOf(moment);
  summary.gesprek.tijdstip = hasTimeOfDay(moment) ? moment : null;
}

type Slot = BehandelgrensNaam | 'overig' | 'icd';

function slotOf(consent: JsonObject): Slot {
  const provision = isPlainObject(consent.provision) ? consent.provision : {};
  const codes = codingsOf(provision.code).map((c) => c.code);
  const name = (Object.keys(BEHANDELGRENS_ITEMS) as BehandelgrensNaam[]).find((n) => codes.includes(BEHANDELGRENS_ITEMS[n].code));
  if (name) return name;
  const words = concepts(provision.code).map((c) => str(c.text) ?? '').join(' ');
  return codes.includes(ICD_SWITCH_OFF) || words.includes(ICD_SWITCH_OFF) || /cardioverter/i.test(words) ? 'icd' : 'overig';
}

function consentKind(consent: JsonObject): 'treatment' | 'advance' | 'other' {
  const profiles = list(isPlainObject(consent.meta) ? consent.meta.profile : undefined).map(String);
  if (profiles.some((p) => p.includes('AdvanceDirective'))) return 'advance';
  if (profiles.some((p) => p.includes('TreatmentDirective'))) return 'treatment';
  const scope = codingsOf(consent.scope).map((c) => c.code);
  if (scope.includes('adr')) return 'advance';
  if (scope.includes('treatment')) return 'treatment';
  if (scope.length > 0) return 'other';
  const provisionCode = isPlainObject(consent.provision) ? consent.provision.code : undefined;
  if (codingsOf(provisionCode).some((c) => c.system?.endsWith('.60.40.4.14.1'))) return 'advance';
  return concepts(provisionCode).length > 0 ? 'treatment' : 'other';
}

function importTreatmentDirective(consent: JsonObject, summary: AcpSummary, latest: Map<Slot, string>, warnings: string[]): void {
  const slot = slotOf(consent);
  const label = BEHANDELGRENS_LABELS[slot];
  const date = str(consent.dateTime) ?? '';
  const previous = latest.get(slot);
  if (previous !== undefined) {
    warnings.push(`Meerdere behandelafspraken over ${label}; de meest recente is gebruikt.`);
    if (previous > date) return;
  }
  latest.set(slot, date);
  const provision = isPlainObject(consent.provision) ? consent.provision : {};
  const other = str(extension(consent, 'SpecificationOther', 'modifierExtension')?.valueString);
  const toelichting = freeText(extension(consent, 'ext-Comment')?.valueString, warnings, `de toelichting bij ${label}`);
  const unknownText = other !== undefined && NOT_DISCUSSED_TEXTS.has(other.trim().toLowerCase());
  if (provision.type === undefined && other === undefined) warnings.push(`Behandelafspraak ${label}: geen besluit vastgelegd; overgenomen als 'niet besproken'.`);
  if (slot === 'icd') {
    let besluit: IcdUitzetbesluit = provision.type === 'permit' ? 'wel uitvoeren' : 'niet besproken';
    if (other && /nog geen besluit/i.test(other)) besluit = 'nog geen besluit';
    else if ((other && !unknownText) || provision.type === 'deny') warnings.push(`Afspraak uitzetten ICD: '${other ?? 'deny'}' past niet in de vragenlijst; overgenomen als 'niet besproken'.`);
    summary.behandelgrenzen.icd.uitzetten = { besluit, toelichting };
    return;
  }
  const besluit: Behandelbesluit = provision.type === 'permit' ? 'wel uitvoeren' : provision.type === 'deny' ? 'niet uitvoeren' : other && !unknownText ? 'anders' : 'niet besproken';
  const specificatie = besluit === 'anders' ? freeText(other, warnings, `de specificatie bij ${label}`) : null;
  if (slot !== 'overig') {
    summary.behandelgrenzen[slot] = { besluit, specificatie, toelichting };
    return;
  }
  const treatment = firstCoding(provision.code);
  const behandeling = treatment?.code === 'OTH' || !treatment?.code ? (concepts(provision.code)[0]?.text ?? null) : (treatment.display ?? treatment.code);
  summary.behandelgrenzen.overig = { besluit, specificatie, toelichting, behandeling: freeText(behandeling, warnings, 'de overige behandelgrens') };
}

function describeAdvanceDirective(consent: JsonObject): string {
  const provision = isPlainObject(consent.provision) ? consent.provision : {};
  const type = firstCoding(provision.code);
  const label = type?.display ?? (type?.code && WILSVERKLARING_LABELS[type.code]) ?? 'Wilsverklaring';
  const date = localDateOf(consent.dateTime);
  const title = str(isPlainObject(consent.sourceAttachment) ? consent.sourceAttachment.title : undefined);
  const comment = str(extension(consent, 'ext-Comment')?.valueString);
  const titled = title && title.toLowerCase() !== label.toLowerCase() ? `: ${title}` : '';
  return `${label}${date ? ` (${date})` : ''}${titled}${comment ? ` — ${comment}` : ''}`;
}

/** The IG records 'unknown' either as a NullFlavor value or as dataAbsentReason. */
const observationChoice = (observation: JsonObject): Coding | null =>
  firstCoding(observation.valueCodeableConcept) ?? (observation.dataAbsentReason ? { code: 'UNK' } : null);

function importObservation(observation: JsonObject, summary: AcpSummary, warnings: string[]): boolean {
  const code = codingsOf(observation.code)[0]?.code;
  const note = freeText(objects(observation.note)[0]?.text, warnings, 'een toelichting');
  const text = (where: string) => freeText(observation.valueString, warnings, where);
  if (code === '153851000146100') summary.specifiekeWensen = text('de specifieke wensen');
  else if (code === '247751003') summary.watVerderBelangrijkIs = text('wat verder belangrijk is');
  else if (code === '395091006') {
    const plek = codedChoice(observationChoice(observation), PLEK_CODES, STANDARD_LABELS.plek);
    summary.gewenstePlekVanOverlijden = { ...(plek ?? summary.gewenstePlekVanOverlijden), toelichting: note };
  } else if (code === '340171000146104') {
    const standpunt = codedChoice(observationChoice(observation), EUTHANASIE_CODES, STANDARD_LABELS.euthanasie);
    summary.euthanasieStandpunt = { ...(standpunt ?? summary.euthanasieStandpunt), toelichting: note };
  } else if (code === '570801000146104') {
    const answer = observationChoice(observation)?.code;
    summary.orgaandonatieGeregistreerd = (answer !== undefined ? SNOMED_JA_NEE[answer] : undefined) ?? 'onbekend';
  } else return false;
  return true;
}

export function importBundle(bundle: JsonObject): AcpImportResult {
  const index = new BundleIndex(bundle);
  const patients = index.ofType('Patient');
  const problems: string[] = [];
  if (!Array.isArray(bundle.entry)) problems.push('De Bundle bevat geen entry-lijst.');
  else if (patients.length === 0) problems.push('De Bundle bevat geen Patient-resource.');
  else if (patients.length > 1) problems.push(`De Bundle bevat ${patients.length} Patient-resources; verwacht precies één patiënt.`);
  const patient = patients[0];
  if (problems.length > 0 || !patient) return { ok: false, problems };

  const warnings: string[] = unreadResourceWarnings(index);
  const summary = emptyAcpSummary();
  const names = concepts(patient.name);
  const name = names.find((n) => n.use === 'official') ?? names[0] ?? {};
  const family = str(name.family);
  const ownName = str(extension(name._family, 'humanname-own-name')?.valueString) ?? family?.split(/\s+/).filter((w) => w !== w.toLowerCase()).join(' ');
  summary.patient = { initialen: initialsOf(list(name.given).filter((g): g is string => typeof g === 'string'), ownName ?? null), geboortejaar: localYearOf(patient.birthDate) };
  const capable = extension(patient, 'ext-LegallyCapable-MedicalTreatmentDecisions');
  const capableValue = extension(capable, 'legallyCapable')?.valueBoolean;
  summary.wilsbekwaamheid = {
    wilsbekwaam: capableValue === true ? 'ja' : capableValue === false ? 'nee' : 'onbekend',
    toelichting: freeText(extension(capable, 'legallyCapableComment')?.valueString, warnings, 'de toelichting op wilsbekwaamheid'),
  };
  importPeople(index, patient, summary, warnings);
  importConversation(index, summary, warnings);

  let acpResources = 0;
  const latest = new Map<Slot, string>();
  const directives: string[] = [];
  for (const consent of index.ofType('Consent')) {
    if (consent.status !== undefined && consent.status !== 'active') {
      warnings.push(`Een Consent met status '${String(consent.status)}' is overgeslagen.`);
      continue;
    }
    const kind = consentKind(consent);
    if (kind === 'treatment') importTreatmentDirective(consent, summary, latest, warnings);
    else if (kind === 'advance') directives.push(describeAdvanceDirective(consent));
    else warnings.push("Een Consent die geen behandelgrens of wilsverklaring is, is niet vertaald (het akkoord met delen heeft geen resource-vorm in de IG).");
    acpResources += kind === 'other' ? 0 : 1;
  }
  if (directives.length > 0) summary.eerdereWilsverklaringen = { vastgelegd: 'ja', toelichting: freeText(directives.join('; '), warnings, 'de wilsverklaringen'), andereWensenDanNu: 'onbekend' };

  const goals = index.ofType('Goal').filter((g) => !['cancelled', 'entered-in-error', 'rejected'].includes(String(g.lifecycleStatus)));
  const goal = goals.find((g) => codingsOf(g.description).some((c) => c.code && DOEL_CODES[c.code])) ?? goals[0];
  const doel = codedChoice(firstCoding(goal?.description), DOEL_CODES, STANDARD_LABELS.behandeldoel);
  if (goals.length > 1) warnings.push('De Bundle bevat meerdere behandeldoelen (Goal); alleen één is overgenomen.');
  if (doel) summary.doelBehandeling = doel;
  acpResources += goals.length;

  for (const observation of index.ofType('Observation')) {
    if (['entered-in-error', 'cancelled'].includes(String(observation.status))) continue;
    if (importObservation(observation, summary, warnings)) acpResources += 1;
    else warnings.push(`Observation met code ${codingsOf(observation.code)[0]?.code ?? '(geen)'} hoort niet bij de ACP-gegevens en is overgeslagen.`);
  }
  if (index.ofType('Communication').some((c) => hasCode(c.topic, '223449006') && c.status === 'completed')) summary.patientGeinformeerdOverEigenVerantwoordelijkheid = 'ja';
  const icdUse = index.ofType('DeviceUseStatement').find((use) => hasCode(index.resolve(use.device)?.type, '72506001') && !['entered-in-error', 'stopped'].includes(String(use.status)));
  if (icdUse) summary.behandelgrenzen.icd = { ...summary.behandelgrenzen.icd, heeftIcd: 'ja', toelichting: freeText(objects(icdUse.note)[0]?.text, warnings, 'de toelichting bij de ICD') };

  if (acpResources === 0) return { ok: false, problems: ['De Bundle bevat geen ACP-gegevens (geen behandelgrens, wilsverklaring, behandeldoel of ACP-Observation).'] };
  warnings.push("Of de patiënt akkoord gaat met delen, staat niet in de FHIR-resources van de IG; vastgelegd als 'onbekend'. Vraag het na.");
  return { ok: true, summary, warnings };
}
