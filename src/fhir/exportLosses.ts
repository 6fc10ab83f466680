import { contactOf, fullName, type AcpSummary } from './acpSummary.js';
import { ACP_QUESTIONNAIRE_URL, ACP_QUESTIONNAIRE_VERSION, FUNCTIE_LABELS, RELATIE_LABELS, ROL_LABELS } from './acpCodes.js';
import { PRESENT_ROLE_CODES, REPRESENTATIVE_ROLE_CODES, codeFor } from './exportQuestionnaireResponse.js';

/** Labels a question's code list does not have; they share its one 'Anders, namelijk' answer. */
function outsideList(labels: readonly string[], table: Record<string, string>, allowed: string[]): string[] {
  return [...new Set(labels.filter((label) => label === 'Anders' || !codeFor(table, label, allowed)))];
}

/**
 * What the exported QuestionnaireResponse (ACP-zib2020 0.1.3-beta3) cannot hold, in sentences for
 * the user: `acp exporteren` shows them before the file is sent elsewhere. Everything else in the
 * summary reads back unchanged (test/fhir/roundTrip.test.ts).
 */
export function listExportLosses(summary: AcpSummary): string[] {
  const losses: string[] = [];
  const source = summary.vragenlijst;
  if (source && (source.canonical !== ACP_QUESTIONNAIRE_URL || source.versie !== ACP_QUESTIONNAIRE_VERSION)) {
    losses.push(`Vragenlijst: het ACP is ingevuld op versie ${source.versie ?? '(onbekend)'} (${source.canonical}); de export volgt versie ${ACP_QUESTIONNAIRE_VERSION} (${ACP_QUESTIONNAIRE_URL}).`);
  }
  const functie = summary.gesprek.functie;
  if (functie !== null && !codeFor(FUNCTIE_LABELS, functie)) {
    losses.push(`Functie '${functie}' staat niet in de antwoordopties van vraag 1405; meegegeven als tekst zonder code.`);
  }
  const overig = summary.behandelgrenzen.overig;
  if (overig.besluit === 'anders') losses.push("Overige behandelgrenzen (vraag 1402): de vragenlijst kent hier geen 'Anders'; het besluit is toch als 'Anders' (code 1) meegegeven.");
  if (overig.specificatie !== null) losses.push('Overige behandelgrenzen: de vragenlijst heeft geen veld voor de specificatie; die gaat verloren.');

  const representative = summary.wettelijkVertegenwoordiger;
  const shared = [
    { what: 'Rollen van de wettelijk vertegenwoordiger', linkId: '411', labels: outsideList(representative?.rollen ?? [], ROL_LABELS, REPRESENTATIVE_ROLE_CODES) },
    { what: 'Rollen van wie bij het gesprek was', linkId: '414', labels: outsideList(summary.inBijzijnVan.rollen, ROL_LABELS, PRESENT_ROLE_CODES) },
    { what: 'Relaties van wie bij het gesprek was', linkId: '413', labels: outsideList(summary.inBijzijnVan.relaties, RELATIE_LABELS, Object.keys(RELATIE_LABELS)) },
  ];
  for (const { what, linkId, labels } of shared.filter((entry) => entry.labels.length > 1)) {
    losses.push(`${what}: ${labels.join(', ')} passen samen niet in één 'Anders, namelijk' (vraag ${linkId}); alleen '${labels[0]}' gaat mee.`);
  }

  const first = summary.eersteContactpersoon;
  const sameAsRepresentative = summary.vertegenwoordigerIsEersteContactpersoon === 'ja';
  if (sameAsRepresentative && first && JSON.stringify(first) !== JSON.stringify(contactOf(representative))) {
    losses.push('Eerste contactpersoon: de vragenlijst zegt alleen dat dit de wettelijk vertegenwoordiger is; afwijkende gegevens gaan verloren.');
  }
  if (!sameAsRepresentative && first && first.rollen.length > 0) {
    const who = fullName(first.naam);
    losses.push(`Eerste contactpersoon${who ? ` ${who}` : ''}: versie ${ACP_QUESTIONNAIRE_VERSION} heeft geen vraag voor de rol (${first.rollen.join(', ')}); die gaat verloren.`);
  }
  if (summary.akkoordMetDelen === 'nee') losses.push("Akkoord met delen 'nee' staat niet in de antwoordopties; meegegeven als SNOMED 373067005 (Nee).");
  return losses;
}
