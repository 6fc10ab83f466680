import { monthsSinceConversation, type AcpRecord } from '../domain/acpAccess.js';
import { BEHANDELGRENS_LABELS, STANDARD_LABELS, type AcpSummary, type Behandelgrens } from '../fhir/acpSummary.js';
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

const or = (text: string | null | undefined, fallback = 'niet vastgelegd') => (text && text.trim() ? text : fallback);
const jaNee = (value: 'ja' | 'nee' | 'onbekend') => ({ ja: 'Ja', nee: 'Nee', onbekend: 'Onbekend' })[value];
const person = (p: { naam: string | null; relatie: string | null; telefoon: string | null } | null) =>
  p ? [or(p.naam, 'naam onbekend'), p.relatie, p.telefoon ? `tel. ${p.telefoon}` : 'geen telefoonnummer'].filter(Boolean).join(', ') : 'niet vastgelegd';

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
    conversation: `Gesprek ${s.gesprek.datum ?? 'datum onbekend'}${s.gesprek.gevoerdDoor ? `, door ${s.gesprek.gevoerdDoor}` : ''}${s.gesprek.functie ? ` (${s.gesprek.functie})` : ''}`,
    stale: age !== undefined && age > maxAgeMonths ? `Dit gesprek is ${age} maanden oud (ouder dan ${maxAgeMonths}): ga na of de afspraken nog gelden.` : '',
    general: [
      { label: 'Wilsbekwaam', value: `${jaNee(s.wilsbekwaamheid.wilsbekwaam)}${s.wilsbekwaamheid.toelichting ? ` (${s.wilsbekwaamheid.toelichting})` : ''}` },
      { label: 'Doel van de behandeling', value: s.doelBehandeling.waarde === 'onbekend' ? 'Niet besproken' : s.doelBehandeling.tekst },
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
      { label: 'Gewenste plek van overlijden', value: `${s.gewenstePlekVanOverlijden.waarde === 'onbekend' ? STANDARD_LABELS.onbekend : s.gewenstePlekVanOverlijden.tekst}${s.gewenstePlekVanOverlijden.toelichting ? ` (${s.gewenstePlekVanOverlijden.toelichting})` : ''}` },
      { label: 'Specifieke wensen', value: or(s.specifiekeWensen) },
      { label: 'Euthanasie', value: `${s.euthanasieStandpunt.waarde === 'onbekend' ? 'Niet besproken' : s.euthanasieStandpunt.tekst}${s.euthanasieStandpunt.toelichting ? ` (${s.euthanasieStandpunt.toelichting})` : ''}` },
      { label: 'Orgaandonatie geregistreerd', value: jaNee(s.orgaandonatieGeregistreerd) },
      { label: 'Wat verder belangrijk is', value: or(s.watVerderBelangrijkIs) },
      { label: 'Eerdere wilsverklaringen', value: `${jaNee(s.eerdereWilsverklaringen.vastgelegd)}${s.eerdereWilsverklaringen.toelichting ? `: ${s.eerdereWilsverklaringen.toelichting}` : ''}` },
    ],
    contacts: [
      { label: 'Wettelijk vertegenwoordiger', value: s.wettelijkVertegenwoordiger ? `${person(s.wettelijkVertegenwoordiger)}${s.wettelijkVertegenwoordiger.rollen.length ? ` — ${s.wettelijkVertegenwoordiger.rollen.join(', ')}` : ''}` : 'niet vastgelegd' },
      { label: 'Eerste contactpersoon', value: person(s.eersteContactpersoon) },
    ],
    source: record.source,
    importedAt: localDateTime(record.importedAt),
  };
}
