import {
  BEHANDELGRENS_LABELS,
  STANDARD_LABELS,
  contactOf,
  emptyAcpSummary,
  freeText,
  fullName,
  initialsOf,
  noName,
  withoutFirstContactRole,
  type AcpImportResult,
  type AcpSummary,
  type BehandelgrensNaam,
  type Behandelbesluit,
  type Contactpersoon,
  type Email,
  type IcdUitzetbesluit,
  type Naam,
  type Telefoon,
} from './acpSummary.js';
import {
  BEHANDELGRENS_ITEMS,
  DOEL_CODES,
  EUTHANASIE_CODES,
  PLEK_CODES,
  RELATIE_LABELS,
  ROL_LABELS,
  SNOMED_JA_NEE,
  asCoding,
  codedChoice,
  isPlainObject,
  type Coding,
  type JsonObject,
} from './acpCodes.js';
import { hasTimeOfDay, localDateOf, localYearOf } from './fhirDates.js';

/**
 * The resource form of the IKNL PZP implementation guide (profiles ACP-*, on nl-core zib2020):
 * Consent (TreatmentDirective, AdvanceDirective), Goal, Observation, RelatedPerson, Patient,
 * Encounter, PractitionerRole/Practitioner, Communication and DeviceUseStatement/Device (ICD).
 */

const CONTACT_ROLE_SYSTEM = 'urn:oid:2.16.840.1.113883.2.4.3.11.22.472';
const WILSVERKLARING_LABELS: Record<string, string> = {
  NR: 'Niet reanimeren verklaring', EU: 'Euthanasieverzoek', EUD: 'Euthanasieverzoek met aanvulling Dementie',
  VOL: 'Volmacht', VERB: 'Behandelverbod', DO: 'Verklaring donorschap', LW: 'Levenswensverklaring',
};
/** Texts the IG puts in specificationOther when the decision is unknown rather than 'anders'. */
const NOT_DISCUSSED_TEXTS = new Set(['onbekend', 'nog onbekend', 'niet besproken']);
const ICD_SWITCH_OFF = '400231000146108';

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const objects = (value: unknown): JsonObject[] => list(value).filter(isPlainObject);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const concepts = (value: unknown): JsonObject[] => (isPlainObject(value) ? [value] : objects(value));
const codingsOf = (value: unknown): Coding[] => concepts(value).flatMap((concept) => objects(concept.coding).flatMap((c) => asCoding(c) ?? []));
const firstCoding = (value: unknown): Coding | null => {
  const concept = concepts(value)[0];
  const coding = codingsOf(concept)[0] ?? null;
  const text = str(concept?.text);
  return coding ? { ...coding, display: coding.display ?? text } : text ? { display: text } : null;
};
const extension = (resource: unknown, urlEnd: string, key = 'extension'): JsonObject | undefined =>
  isPlainObject(resource) ? objects(resource[key]).find((ext) => str(ext.url)?.endsWith(urlEnd)) : undefined;
const hasCode = (value: unknown, code: string): boolean => codingsOf(value).some((coding) => coding.code === code);

class BundleIndex {
  private readonly byKey = new Map<string, JsonObject>();
  readonly resources: JsonObject[] = [];

  constructor(bundle: JsonObject) {
    for (const entry of objects(bundle.entry)) {
      const resource = entry.resource;
      if (!isPlainObject(resource) || !str(resource.resourceType)) continue;
      this.resources.push(resource);
      if (str(entry.fullUrl)) this.byKey.set(entry.fullUrl as string, resource);
      if (str(resource.id)) this.byKey.set(`${resource.resourceType as string}/${resource.id as string}`, resource);
    }
  }

  ofType(type: string): JsonObject[] {
    return this.resources.filter((resource) => resource.resourceType === type);
  }

  /** Absolute, relative ('Patient/x') and urn:uuid references to resources in this Bundle. */
  resolve(reference: unknown): JsonObject | null {
    const ref = isPlainObject(reference) ? str(reference.reference) : undefined;
    if (!ref) return null;
    const relative = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref)?.[1];
    return this.byKey.get(ref) ?? (relative ? this.byKey.get(relative) : undefined) ?? null;
  }
}

const ownPart = (family: unknown, part: 'own-prefix' | 'own-name'): string | undefined =>
  str(extension(family, `humanname-${part}`)?.valueString);

/**
 * The name in the form's parts. nl-core puts the own surname and its prefix in extensions on
 * family ('van der' + 'Sluijs'); without them the family name is kept whole as achternaam.
 */
function nameOf(resource: JsonObject | null, warnings: string[], where: string): Naam {
  const names = resource ? concepts(resource.name) : [];
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return noName();
  const given = list(name.given).filter((part): part is string => typeof part === 'string' && part !== '');
  const family = isPlainObject(name._family) ? name._family : undefined;
  const [prefix, own] = [ownPart(family, 'own-prefix'), ownPart(family, 'own-name')];
  // Split only when the parts make up the whole family name; a partner's name keeps it whole.
  const split = own !== undefined && [own, `${prefix} ${own}`].includes(str(name.family) ?? own);
  const clean = (value: string | undefined) => freeText(value, warnings, where);
  if (given.length === 0 && !str(name.family) && str(name.text)) return { voornamen: null, voorvoegsels: null, achternaam: clean(str(name.text)) };
  return {
    voornamen: clean(given.length > 0 ? given.join(' ') : undefined),
    voorvoegsels: clean(split ? prefix : undefined),
    achternaam: clean(split ? own : str(name.family)),
  };
}

/** FHIR telecom as the form's phone and e-mail rows; the nl-core code specification gives the type. */
function telecomsOf(resource: JsonObject, warnings: string[], where: string): Pick<Contactpersoon, 'telefoons' | 'emails'> {
  const all = objects(resource.telecom).filter((t) => str(t.value));
  const soort = (use: unknown) => ({ home: 'HP', work: 'WP', temp: 'TMP' } as const)[String(use) as 'home'] ?? null;
  const telefoons = all.filter((t) => ['phone', 'fax', 'pager'].includes(String(t.system))).map((t): Telefoon => {
    const specified = codingsOf(extension(t._system, 'ext-CodeSpecification')?.valueCodeableConcept)[0]?.code;
    const type = t.system === 'fax' ? 'FAX' : t.system === 'pager' ? 'PG' : specified === 'MC' || t.use === 'mobile' ? 'MC' : specified === 'LL' ? 'LL' : null;
    return { nummer: freeText(t.value, warnings, where), type, soort: soort(t.use), toelichting: null };
  });
  const emailSoort = (use: unknown) => ({ home: 'HP', work: 'WP' } as const)[String(use) as 'home'] ?? null;
  const emails = all.filter((t) => t.system === 'email').map((t): Email => ({ adres: freeText(t.value, warnings, where), soort: emailSoort(t.use) }));
  return { telefoons, emails };
}

function personOf(resource: JsonObject, warnings: string[], where: string): { roleCodes: string[]; summary: Contactpersoon } {
  const codings = codingsOf(resource.relationship);
  const roles = codings.filter((c) => c.system === CONTACT_ROLE_SYSTEM || c.code === '310141000146103');
  const relation = codings.find((c) => !roles.includes(c));
  const relationLabel = relation ? ((relation.code && RELATIE_LABELS[relation.code]) ?? relation.display ?? relation.code) : null;
  return {
    roleCodes: roles.flatMap((c) => c.code ?? []),
    summary: {
      naam: nameOf(resource, warnings, where),
      relatie: freeText(relationLabel, warnings, where),
      rollen: roles.map((c) => (c.code && ROL_LABELS[c.code]) ?? c.display ?? c.code ?? 'Anders'),
      ...telecomsOf(resource, warnings, where),
    },
  };
}

function importPeople(index: BundleIndex, patient: JsonObject, summary: AcpSummary, warnings: string[]): void {
  const related = index.ofType('RelatedPerson').map((r) => personOf(r, warnings, 'een contactpersoon'));
  // The IG keeps contact persons in RelatedPerson; Patient.contact is only an optional copy.
  const people = related.some((p) => p.roleCodes.includes('24')) ? related : [...related, ...objects(patient.contact).map((c) => personOf(c, warnings, 'Patient.contact'))];
  const representatives = people.filter((p) => p.roleCodes.includes('24'));
  const [representative] = representatives;
  const firstContact = people.find((p) => p.roleCodes.includes('01'));
  if (representatives.length > 1) warnings.push(`De Bundle noemt ${representatives.length} wettelijk vertegenwoordigers; alleen de eerste is overgenomen.`);
  summary.wettelijkVertegenwoordiger = representative?.summary ?? null;
  summary.vertegenwoordigerIsEersteContactpersoon = !firstContact ? 'onbekend' : firstContact === representative ? 'ja' : 'nee';
  summary.eersteContactpersoon = firstContact === representative ? contactOf(representative?.summary ?? null) : firstContact ? contactOf(withoutFirstContactRole(firstContact.summary)) : null;
  for (const other of related.filter((p) => p !== representative && p !== firstContact)) {
    const { naam, relatie, rollen } = other.summary;
    warnings.push(`Contactpersoon ${fullName(naam) ?? '(zonder naam)'} (${[relatie, ...rollen].filter(Boolean).join(', ')}) is geen wettelijk vertegenwoordiger of eerste contactpersoon en staat niet in de samenvatting.`);
  }
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

  const warnings: string[] = [];
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
