import { monthsSinceConversation, type AcpRecord } from '../domain/acpAccess.js';
import { BEHANDELGRENS_LABELS, STANDARD_LABELS, TELECOM_LABELS, fullName, type AcpSummary, type Behandelgrens, type Contactpersoon } from '../fhir/acpSummary.js';
import { dutchMoment } from '../fhir/fhirDates.js';
import { localDateTime } from './format.js';

/**
 * Template data for the ACP card. Every item has words, never an empty cell: what was not
 * recorded reads "niet besproken" or "onbekend", and each decision carries its own marker text,
 * so the card does not depend on colour (light, dark and high-contrast themes alike).
 */

const DECISION: Record<Behandelgrens['besluit'] | 'nog geen besluit', { text: string; color: string; weight: string }> = {
  'niet uitvoeren': { text: '✖ NIET uitvoeren', color: 'Attention', weight: 'Bolder' },
  'wel uitvoeren': { text: '✔ Wel uitvoeren', color: 'Good', weight: 'Default' },
  anders: { text: '⚠ Anders', color: 'Warning', weight: 'Bolder' },
  'niet besproken': { text: '— Niet besproken', color: 'Default', weight: 'Lighter' },
  'nog geen besluit': { text: '— Nog geen besluit', color: 'Default', weight: 'Lighter' },
};

const NOT_DISCUSSED = 'niet besproken';
const or = (text: string | null | undefined, fallback = NOT_DISCUSSED) => (text && text.trim() ? text : fallback);
const jaNee = (value: 'ja' | 'nee' | 'onbekend') => ({ ja: 'Ja', nee: 'Nee', onbekend: 'Niet besproken' })[value];
const listed = (parts: (string | null)[]) => parts.filter((part): part is string => part !== null && part !== '').join(', ');
/** A value with its note in brackets, unless the note only repeats it ("Niet besproken (Nog niet besproken)"). */
const plain = (text: string) => text.toLowerCase().replace(/^nog /, '').replace(/[.\s]+$/, '');
const withNote = (value: string, note: string | null) => (note && plain(note) !== plain(value) ? `${value} (${note})` : value);

/** "6 jaar en 1 maand", "11 maanden": an age in words. */
function ageInWords(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const monthText = `${rest} ${rest === 1 ? 'maand' : 'maanden'}`;
  if (years === 0) return monthText;
  return rest === 0 ? `${years} jaar` : `${years} jaar en ${monthText}`;
}

/** One fact per contact detail: the person, then every phone number and e-mail address. */
function contactFacts(label: string, contact: Contactpersoon | null, instead?: string): { label: string; value: string }[] {
  if (!contact) return [{ label, value: instead ?? NOT_DISCUSSED }];
  const who = listed([or(fullName(contact.naam), 'naam niet besproken'), contact.relatie, ...contact.rollen]);
  const phones = contact.telefoons.map((phone) => ({
    label: 'Telefoon',
    value: withNote(`${or(phone.nummer, 'nummer niet besproken')}${phone.type || phone.soort ? ` (${listed([phone.type && TELECOM_LABELS.type[phone.type], phone.soort && TELECOM_LABELS.nummerSoort[phone.soort]])})` : ''}`, phone.toelichting),
  }));
  const emails = contact.emails.map((email) => ({
    label: 'E-mail',
    value: `${or(email.adres, 'adres niet besproken')}${email.soort ? ` (${TELECOM_LABELS.emailSoort[email.soort]})` : ''}`,
  }));
  return [
    { label, value: who },
    ...(phones.length > 0 ? phones : [{ label: 'Telefoon', value: NOT_DISCUSSED }]),
    ...(emails.length > 0 ? emails : [{ label: 'E-mail', value: NOT_DISCUSSED }]),
  ];
}

function firstContactFacts(s: AcpSummary) {
  const label = 'Eerste contactpersoon';
  if (s.vertegenwoordigerIsEersteContactpersoon === 'ja') return [{ label, value: 'dezelfde als de wettelijk vertegenwoordiger' }];
  return contactFacts(label, s.eersteContactpersoon);
}

function limit(label: string, grens: Behandelgrens) {
  const decision = DECISION[grens.besluit];
  const detail = [grens.specificatie ? `Anders: ${grens.specificatie}` : '', grens.toelichting ? `Toelichting: ${grens.toelichting}` : ''].filter(Boolean).join(' · ');
  return { label, decision: decision.text, color: decision.color, weight: decision.weight, detail };
}

export function acpCardData(record: AcpRecord, now: Date, maxAgeMonths: number) {
  const s: AcpSummary = record.summary;
  const g = s.behandelgrenzen;
  const age = monthsSinceConversation(s, now);
  const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const icdDecision = DECISION[g.icd.uitzetten.besluit];
  return {
    patient: `${s.patient.initialen ?? '?'} (${s.patient.geboortejaar ?? 'geboortejaar onbekend'})`,
    conversation: `Gesprek ${dutchMoment(s.gesprek.datum, s.gesprek.tijdstip) ?? 'datum onbekend'}${fullName(s.gesprek.gevoerdDoor) ? `, door ${fullName(s.gesprek.gevoerdDoor)}` : ''}${s.gesprek.functie ? ` (${s.gesprek.functie})` : ''}`,
    stale: age !== undefined && age > maxAgeMonths ? `Dit gesprek is ${ageInWords(age)} geleden gevoerd: ga na of de afspraken nog gelden.` : '',
    general: [
      { label: 'Wilsbekwaam', value: withNote(jaNee(s.wilsbekwaamheid.wilsbekwaam), s.wilsbekwaamheid.toelichting) },
      { label: 'Doel van de behandeling', value: s.doelBehandeling.waarde === 'onbekend' ? 'Niet besproken' : s.doelBehandeling.tekst },
      { label: 'Gesprek in bijzijn van', value: or(listed([s.inBijzijnVan.patient ? 'patiënt' : null, ...s.inBijzijnVan.rollen, ...s.inBijzijnVan.relaties])) },
    ],
    limits: [
      limit(capital(BEHANDELGRENS_LABELS.reanimatie), g.reanimatie),
      limit(capital(BEHANDELGRENS_LABELS.kunstmatigeBeademing), g.kunstmatigeBeademing),
      limit(BEHANDELGRENS_LABELS.icOpname, g.icOpname),
      limit(capital(BEHANDELGRENS_LABELS.ziekenhuisopname), g.ziekenhuisopname),
      limit(capital(BEHANDELGRENS_LABELS.antibiotica), g.antibiotica),
      limit(capital(BEHANDELGRENS_LABELS.bloedproducten), g.bloedproducten),
      limit(g.overig.behandeling ? `Overig: ${g.overig.behandeling}` : 'Overige behandelgrenzen', g.overig),
      {
        label: `ICD uitzetten (heeft ICD: ${jaNee(g.icd.heeftIcd).toLowerCase()})`,
        decision: icdDecision.text,
        color: icdDecision.color,
        weight: icdDecision.weight,
        detail: [g.icd.toelichting, g.icd.uitzetten.toelichting].filter(Boolean).join(' · '),
      },
    ],
    wishes: [
      { label: 'Gewenste plek van overlijden', value: withNote(s.gewenstePlekVanOverlijden.waarde === 'onbekend' ? STANDARD_LABELS.onbekend : s.gewenstePlekVanOverlijden.tekst, s.gewenstePlekVanOverlijden.toelichting) },
      { label: 'Specifieke wensen', value: or(s.specifiekeWensen) },
      { label: 'Euthanasie', value: withNote(s.euthanasieStandpunt.waarde === 'onbekend' ? 'Niet besproken' : s.euthanasieStandpunt.tekst, s.euthanasieStandpunt.toelichting) },
      { label: 'Orgaandonatie geregistreerd', value: jaNee(s.orgaandonatieGeregistreerd) },
      { label: 'Wat verder belangrijk is', value: or(s.watVerderBelangrijkIs) },
      { label: 'Eerdere wilsverklaringen', value: `${jaNee(s.eerdereWilsverklaringen.vastgelegd)}${s.eerdereWilsverklaringen.toelichting ? `: ${s.eerdereWilsverklaringen.toelichting}` : ''}` },
      { label: 'Daarin andere wensen dan nu', value: jaNee(s.eerdereWilsverklaringen.andereWensenDanNu) },
      { label: 'Patiënt gewezen op eigen verantwoordelijkheid naasten in te lichten', value: jaNee(s.patientGeinformeerdOverEigenVerantwoordelijkheid) },
      { label: 'Akkoord met delen', value: jaNee(s.akkoordMetDelen) },
    ],
    contacts: [...contactFacts('Wettelijk vertegenwoordiger', s.wettelijkVertegenwoordiger), ...firstContactFacts(s)],
    source: `${record.source}${s.vragenlijst ? ` (vragenlijst ACP-zib2020${s.vragenlijst.versie ? ` versie ${s.vragenlijst.versie}` : ''})` : ' (PZP FHIR-resources)'}`,
    importedAt: localDateTime(record.importedAt),
  };
}
