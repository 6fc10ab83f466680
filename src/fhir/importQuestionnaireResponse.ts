import {
  STANDARD_LABELS,
  contactOf,
  emptyAcpSummary,
  freeText,
  initialsOf,
  isRecorded,
  withoutFirstContactRole,
  type AcpImportResult,
  type BehandelgrensNaam,
  type Contactpersoon,
  type Email,
  type JaNeeOnbekend,
  type Naam,
  type Telefoon,
} from './acpSummary.js';
import {
  AKKOORD_CODES,
  BEHANDELGRENS_ITEMS,
  BESLUIT_CODES,
  DOEL_CODES,
  EUTHANASIE_CODES,
  FORM_JA_NEE,
  FUNCTIE_LABELS,
  ICD_UITZET_CODES,
  KNOWN_QUESTIONNAIRE_VERSIONS,
  PLEK_CODES,
  RELATIE_LABELS,
  ROL_LABELS,
  SNOMED_JA_NEE,
  asCoding,
  codedChoice,
  isPlainObject,
  questionnaireOf,
  type Coding,
  type JsonObject,
} from './acpCodes.js';
import { UNSUPPORTED_LINK_IDS, placeOf } from './acpLinkIds.js';
import { hasTimeOfDay, localDateOf, localYearOf } from './fhirDates.js';

const MAX_DEPTH = 32;
const MAX_ITEMS = 10_000;

/**
 * linkId → every item with it. Children sit in item[] or answer[].item[]; the phone and e-mail
 * groups repeat, so one linkId can occur more than once.
 */
function indexItems(items: unknown): Map<string, JsonObject[]> {
  const index = new Map<string, JsonObject[]>();
  let count = 0;
  const visit = (list: unknown, depth: number): void => {
    if (!Array.isArray(list) || depth > MAX_DEPTH) return;
    for (const item of list) {
      if (!isPlainObject(item) || count >= MAX_ITEMS) continue;
      count += 1;
      if (typeof item.linkId === 'string') index.set(item.linkId, [...(index.get(item.linkId) ?? []), item]);
      visit(item.item, depth + 1);
      if (Array.isArray(item.answer)) for (const answer of item.answer) if (isPlainObject(answer)) visit(answer.item, depth + 1);
    }
  };
  visit(items, 0);
  return index;
}

const answersOf = (item: JsonObject | undefined): JsonObject[] => (Array.isArray(item?.answer) ? item.answer.filter(isPlainObject) : []);

class Answers {
  constructor(
    private readonly items: Map<string, JsonObject[]>,
    private readonly warnings: string[],
  ) {}

  /** The answers within one occurrence of a repeating group, e.g. one phone number. */
  each(groupLinkId: string): Answers[] {
    return (this.items.get(groupLinkId) ?? []).map((group) => new Answers(indexItems(group.item), this.warnings));
  }

  private values(linkId: string): JsonObject[] {
    return answersOf(this.items.get(linkId)?.[0]);
  }

  codings(linkId: string): Coding[] {
    return this.values(linkId).flatMap((answer) => asCoding(answer.valueCoding) ?? []);
  }

  coding(linkId: string): Coding | null {
    return this.codings(linkId)[0] ?? null;
  }

  text(linkId: string): string | null {
    const answer = this.values(linkId).find((value) => typeof value.valueString === 'string');
    return freeText(answer?.valueString, this.warnings, `vraag ${linkId}`);
  }

  clean(value: unknown, where: string): string | null {
    return freeText(value, this.warnings, where);
  }

  raw(linkId: string, key: string): unknown {
    return this.values(linkId)[0]?.[key];
  }

  choice<T extends string>(linkId: string, table: Record<string, T>, fallback: T): T {
    const coding = this.coding(linkId);
    if (!coding) return fallback;
    const value = coding.code !== undefined ? table[coding.code] : undefined;
    if (value !== undefined) return value;
    this.warnings.push(`Vraag ${linkId}: antwoord '${coding.code ?? coding.display}' is onbekend; vastgelegd als '${fallback}'.`);
    return fallback;
  }

  /** A code among `allowed`, for the form's own small code lists; anything else is named in a warning. */
  code<T extends string>(linkId: string, allowed: readonly T[]): T | null {
    const coding = this.coding(linkId);
    if (!coding) return null;
    if ((allowed as readonly string[]).includes(coding.code ?? '')) return coding.code as T;
    this.warnings.push(`Vraag ${linkId}: antwoord '${coding.code ?? coding.display}' is onbekend en niet overgenomen.`);
    return null;
  }

  /** Ja/nee as the form's code 1/0 (0.1.3-beta3) or as a boolean (1.0.0-rc). */
  jaNee(linkId: string): JaNeeOnbekend {
    const value = this.raw(linkId, 'valueBoolean');
    if (typeof value === 'boolean') return value ? 'ja' : 'nee';
    return this.choice(linkId, FORM_JA_NEE, 'onbekend');
  }

  /** 'Broer', or the 'Anders, namelijk' text when the answer is 'Anders'; a text without 'Anders' is reported. */
  labelled(linkId: string, otherLinkId: string, labels: Record<string, string>): string[] {
    const other = this.text(otherLinkId);
    const result = this.codings(linkId).map((coding) => {
      const label = (coding.code && labels[coding.code]) ?? coding.display ?? coding.code ?? 'Anders';
      return this.clean(label === 'Anders' ? (other ?? label) : label, `vraag ${linkId}`) ?? label;
    });
    const usesOther = this.codings(linkId).some((coding) => ((coding.code && labels[coding.code]) ?? coding.display) === 'Anders');
    if (other !== null && !usesOther) this.warnings.push(`Vraag ${otherLinkId}: 'Anders, namelijk: ${other}' is ingevuld zonder dat 'Anders' is gekozen; niet overgenomen.`);
    return result;
  }

  name(voornamen: string, voorvoegsels: string, achternaam: string): Naam {
    return { voornamen: this.text(voornamen), voorvoegsels: this.text(voorvoegsels), achternaam: this.text(achternaam) };
  }
}

interface PersonIds {
  names: [string, string, string];
  phones: string;
  phone: [string, string, string, string];
  emails: string;
  email: [string, string];
  relation: [string, string];
  roles?: [string, string];
}

function person(a: Answers, ids: PersonIds): Contactpersoon {
  const telefoons = a.each(ids.phones).map((p): Telefoon => {
    const [nummer, type, soort, toelichting] = ids.phone;
    return { nummer: p.text(nummer), type: p.code(type, ['LL', 'FAX', 'PG', 'MC']), soort: p.code(soort, ['HP', 'TMP', 'WP']), toelichting: p.text(toelichting) };
  });
  const emails = a.each(ids.emails).map((e): Email => ({ adres: e.text(ids.email[0]), soort: e.code(ids.email[1], ['HP', 'WP']) }));
  return {
    naam: a.name(...ids.names),
    relatie: a.labelled(...ids.relation, RELATIE_LABELS)[0] ?? null,
    rollen: ids.roles ? a.labelled(...ids.roles, ROL_LABELS) : [],
    telefoons: telefoons.filter((t) => Object.values(t).some((v) => v !== null)),
    emails: emails.filter((e) => e.adres !== null || e.soort !== null),
  };
}

const REPRESENTATIVE: PersonIds = {
  names: ['973', '974', '975'], phones: '40', phone: ['976', '977', '978', '979'], emails: '41', email: ['980', '981'], relation: ['983', '408'], roles: ['982', '411'],
};
const FIRST_CONTACT: PersonIds = {
  names: ['985', '986', '987'], phones: '62', phone: ['988', '989', '990', '991'], emails: '66', email: ['992', '993'], relation: ['995', '412'], roles: ['1644', '1644'],
};

/** Answers to items the summary does not hold, or that this importer does not know, named for the user. */
function unreadAnswers(items: Map<string, JsonObject[]>): string[] {
  return [...items.entries()]
    .filter(([, occurrences]) => occurrences.some((item) => answersOf(item).length > 0))
    .flatMap(([linkId]) => {
      const place = placeOf(linkId);
      if (place === 'niet ondersteund') return [`Vraag ${linkId} (${UNSUPPORTED_LINK_IDS[linkId]}) staat niet in de samenvatting en is niet overgenomen.`];
      return place === undefined ? [`Vraag ${linkId} is onbekend in ACP-zib2020 en is niet overgenomen.`] : [];
    });
}

export function importQuestionnaireResponse(resource: JsonObject): AcpImportResult {
  const problems: string[] = [];
  const questionnaire = questionnaireOf(resource.questionnaire);
  if ('problem' in questionnaire) problems.push(questionnaire.problem);
  if (resource.status === 'entered-in-error') problems.push('De QuestionnaireResponse is als foutief ingevoerd gemarkeerd (status entered-in-error).');
  const items = indexItems(resource.item);
  if (items.size === 0) problems.push('De QuestionnaireResponse bevat geen antwoorden (item ontbreekt of is leeg).');
  if (problems.length > 0 || 'problem' in questionnaire) return { ok: false, problems };

  const warnings: string[] = [];
  const { versie } = questionnaire;
  if (versie && !KNOWN_QUESTIONNAIRE_VERSIONS.includes(versie)) {
    warnings.push(`Vragenlijstversie ${versie} is onbekend; deze import kent ${KNOWN_QUESTIONNAIRE_VERSIONS.join(', ')}. Controleer de uitkomst.`);
  }
  if (resource.status === 'in-progress' || resource.status === 'stopped') warnings.push(`De vragenlijst is niet afgerond (status ${resource.status}).`);

  const a = new Answers(items, warnings);
  const summary = emptyAcpSummary();
  summary.vragenlijst = questionnaire;
  const given = a.text('964');
  summary.patient = { initialen: initialsOf(given ? [given] : [], a.text('966')), geboortejaar: localYearOf(a.raw('967', 'valueDateTime') ?? a.raw('967', 'valueDate')) };
  const functie = a.coding('1405');
  const moment = a.raw('963', 'valueDateTime') ?? a.raw('963', 'valueDate');
  summary.gesprek = {
    gevoerdDoor: a.name('968', '969', '970'),
    functie: a.clean(functie && ((functie.code && FUNCTIE_LABELS[functie.code]) ?? functie.display ?? functie.code), 'vraag 1405'),
    datum: localDateOf(moment),
    tijdstip: hasTimeOfDay(moment) ? moment : null,
  };
  if (moment !== undefined && summary.gesprek.datum === null) warnings.push(`Vraag 963: '${String(moment).slice(0, 40)}' is geen datum; niet overgenomen.`);
  summary.inBijzijnVan = {
    patient: a.codings('82').length > 0,
    rollen: a.labelled('997', '414', ROL_LABELS),
    relaties: a.labelled('998', '413', RELATIE_LABELS),
  };
  summary.wilsbekwaamheid = { wilsbekwaam: items.has('1651') ? a.jaNee('1651') : a.jaNee('1406'), toelichting: a.text('1407') };

  const representative = person(a, REPRESENTATIVE);
  summary.wettelijkVertegenwoordiger = isRecorded(representative) ? representative : null;
  summary.vertegenwoordigerIsEersteContactpersoon = a.jaNee('984');
  // Being the first contact person is what role 01 says; only other roles are worth keeping.
  const firstContact = withoutFirstContactRole(person(a, FIRST_CONTACT));
  summary.eersteContactpersoon = summary.vertegenwoordigerIsEersteContactpersoon === 'ja' ? contactOf(summary.wettelijkVertegenwoordiger) : isRecorded(firstContact) ? firstContact : null;
  if (summary.vertegenwoordigerIsEersteContactpersoon === 'ja' && isRecorded(firstContact)) {
    warnings.push('Vraag 53-995: de wettelijk vertegenwoordiger is ook de eerste contactpersoon, maar er zijn aparte gegevens ingevuld; die zijn niet overgenomen.');
  }

  summary.doelBehandeling = codedChoice(a.coding('999'), DOEL_CODES, STANDARD_LABELS.behandeldoel) ?? summary.doelBehandeling;
  for (const [name, ids] of Object.entries(BEHANDELGRENS_ITEMS) as [BehandelgrensNaam, (typeof BEHANDELGRENS_ITEMS)[BehandelgrensNaam]][]) {
    const besluit = a.choice(ids.besluit, BESLUIT_CODES, 'niet besproken');
    summary.behandelgrenzen[name] = { besluit, specificatie: a.text(ids.specificatie), toelichting: a.text(ids.toelichting) };
  }
  const otherTreatment = a.coding('1422');
  summary.behandelgrenzen.overig = {
    besluit: a.choice('1402', BESLUIT_CODES, 'niet besproken'),
    specificatie: null,
    toelichting: a.text('1404'),
    behandeling: a.text('1422') ?? (otherTreatment && otherTreatment.code !== 'OTH' ? (otherTreatment.display ?? otherTreatment.code ?? null) : null),
  };
  summary.behandelgrenzen.icd = {
    heeftIcd: a.choice('1006', SNOMED_JA_NEE, 'onbekend'),
    toelichting: a.text('1009'),
    uitzetten: { besluit: a.choice('1005', ICD_UITZET_CODES, 'niet besproken'), toelichting: a.text('1010') },
  };

  summary.specifiekeWensen = a.text('1190');
  const plek = codedChoice(a.coding('1191'), PLEK_CODES, STANDARD_LABELS.plek);
  summary.gewenstePlekVanOverlijden = { ...(plek ?? summary.gewenstePlekVanOverlijden), toelichting: a.text('1192') };
  const euthanasie = codedChoice(a.coding('1193'), EUTHANASIE_CODES, STANDARD_LABELS.euthanasie);
  summary.euthanasieStandpunt = { ...(euthanasie ?? summary.euthanasieStandpunt), toelichting: a.text('1194') };
  summary.orgaandonatieGeregistreerd = a.choice('1435', SNOMED_JA_NEE, 'onbekend');
  summary.watVerderBelangrijkIs = a.text('1196');
  summary.eerdereWilsverklaringen = {
    vastgelegd: a.choice('1197', SNOMED_JA_NEE, 'onbekend'),
    toelichting: a.text('1198'),
    andereWensenDanNu: a.choice('1199', SNOMED_JA_NEE, 'onbekend'),
  };
  summary.patientGeinformeerdOverEigenVerantwoordelijkheid = a.jaNee('1200');
  summary.akkoordMetDelen = a.choice('1201', AKKOORD_CODES, 'onbekend');
  return { ok: true, summary, warnings: [...warnings, ...unreadAnswers(items)] };
}
