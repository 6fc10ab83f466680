import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyAcpSummary, type AcpSummary } from '../../src/fhir/acpSummary.js';
import { FIXED, LINK_ID_PLACES } from '../../src/fhir/acpLinkIds.js';
import { listExportLosses } from '../../src/fhir/exportLosses.js';
import { exportQuestionnaireResponse, type QuestionnaireResponseItem } from '../../src/fhir/exportQuestionnaireResponse.js';
import { importAcp } from '../../src/fhir/importAcp.js';
import { maximalResponse, questionnaireItems } from './questionnaireWalk.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/fhir/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const HENDRIK = 'QuestionnaireResponse-HendrikHartman-20201001.json';
const SAMIRA_QR = 'QuestionnaireResponse-SamiraVanDerSluijs-20251117.json';
const SAMIRA_BUNDLE = 'Bundle-SamiraVanDerSluijs.json';

function imported(json: unknown): { summary: AcpSummary; warnings: string[] } {
  const result = importAcp(json);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result;
}
const summaryOf = (json: unknown): AcpSummary => imported(json).summary;
/** The questionnaire a summary came from is not an answer; the export always names its own. */
const answersOf = ({ vragenlijst: _source, ...rest }: AcpSummary) => rest;

interface Answer {
  linkId: string;
  value: string;
}

/**
 * Every answer in a QuestionnaireResponse, as linkId and comparable value. 1.0.0-rc answers
 * a few ja/nee questions with a boolean where 0.1.3-beta3 has the codes 1 and 0, and moved two
 * items to new linkIds; they are compared under the beta3 linkId.
 */
const RC_LINK_IDS: Record<string, string> = { '1651': '1406', '1649': '1430' };
/** The resource form's code for 'palliatief symptoomgericht' (Goal); the form's own option is 225353007. */
const SAME_ANSWER: Record<string, string> = { '713148004': '225353007' };
function answers(items: unknown): Answer[] {
  return ((items ?? []) as QuestionnaireResponseItem[]).flatMap((item) => {
    const linkId = RC_LINK_IDS[item.linkId] ?? item.linkId;
    return [
      ...(item.answer ?? []).flatMap((answer) => {
        const raw = answer as Record<string, unknown>;
        const value = answer.valueCoding
          ? (answer.valueCoding.code ?? `(zonder code) ${answer.valueCoding.display}`)
          : typeof raw.valueBoolean === 'boolean'
            ? (raw.valueBoolean ? '1' : '0')
            : String(Object.entries(raw).find(([key]) => key.startsWith('value'))?.[1]);
        return [{ linkId, value: SAME_ANSWER[value] ?? value }, ...answers(answer.item)];
      }),
      ...answers(item.item),
    ];
  });
}

/** The bot keeps the patient as initials and birth year (DOMAIN.md): checked apart, not answer by answer. */
const PATIENT_IDENTITY = new Set(['964', '965', '966', '967']);

/**
 * Each answer of the source is in the export with the same value, or the import's warnings or the
 * export's losses say why not. Read-only codes only need to be there; the export writes its own.
 */
function unreported(source: Record<string, unknown>): Answer[] {
  const { summary, warnings } = imported(source);
  const exported = answers(exportQuestionnaireResponse(summary).item);
  const exportLinkIds = new Set(questionnaireItems().map((item) => item.linkId));
  const told = [...warnings, ...listExportLosses(summary)].join('\n');
  return answers(source.item).filter(({ linkId, value }) => {
    if (PATIENT_IDENTITY.has(linkId) || new RegExp(`raag ${linkId}\\b`).test(told)) return false;
    if (!exportLinkIds.has(linkId)) return !told.includes('de export volgt versie 0.1.3-beta3');
    const fixed = LINK_ID_PLACES[linkId]?.includes(FIXED) || linkId === '1008';
    return !exported.some((out) => out.linkId === linkId && (fixed || out.value === value));
  });
}

describe('import → export → import', () => {
  it.each([[HENDRIK], [SAMIRA_QR], [SAMIRA_BUNDLE]])('keeps every answer of %s', (name) => {
    const first = summaryOf(fixture(name));
    const exported = exportQuestionnaireResponse(first);
    expect(answersOf(summaryOf(exported))).toEqual(answersOf(first));
    // The export is JSON, as it would be sent or stored.
    expect(answersOf(summaryOf(JSON.parse(JSON.stringify(exported))))).toEqual(answersOf(first));
  });

  it.each([[HENDRIK], [SAMIRA_QR]])('writes back every answer of %s, or says which it cannot', (name) => {
    expect(unreported(fixture(name))).toEqual([]);
  });

  it('writes back every answer of a response that fills in every item of the Questionnaire, or says which it cannot', () => {
    const maximal = maximalResponse();
    expect(answers(maximal.item)).toHaveLength(questionnaireItems().filter((item) => item.type !== 'group').length);
    expect(unreported(maximal)).toEqual([]);
    const first = summaryOf(maximal);
    expect(answersOf(summaryOf(exportQuestionnaireResponse(first)))).toEqual(answersOf(first));
  });

  it('reports nothing lost for a form of the version it writes, and the version change for a newer one', () => {
    expect(listExportLosses(summaryOf(fixture(HENDRIK)))).toEqual([]);
    expect(listExportLosses(summaryOf(fixture(SAMIRA_BUNDLE)))).toEqual([
      "Functie 'Huisartsen, niet nader gespecificeerd' staat niet in de antwoordopties van vraag 1405; meegegeven als tekst zonder code.",
    ]);
    expect(listExportLosses(summaryOf(fixture(SAMIRA_QR)))).toEqual([
      'Vragenlijst: het ACP is ingevuld op versie 1.0.0-rc3 (https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020); de export volgt versie 0.1.3-beta3 (https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020).',
    ]);
  });

  it('keeps voorvoegsel and achternaam apart, the representative’s first and last names, and the time of the conversation', () => {
    const exported = answers(exportQuestionnaireResponse(summaryOf(fixture(HENDRIK))).item);
    const valueOf = (linkId: string) => exported.filter((answer) => answer.linkId === linkId).map((answer) => answer.value);
    expect([valueOf('969'), valueOf('970')]).toEqual([['van'], ['Huissen']]);
    expect([valueOf('973'), valueOf('975')]).toEqual([['Michiel'], ['Hartman']]);
    expect(valueOf('963')).toEqual(['2020-10-01T16:27:36.364Z']);
    expect(valueOf('980')).toEqual(['michiel.hartman@iknl.nl']);
    expect(valueOf('981')).toEqual(['HP']);
    expect([valueOf('82'), valueOf('998')]).toEqual([['Patiënt'], ['BRO']]);
  });

  it('writes only linkIds of ACP-zib2020, once each unless inside a repeating group, with answers the form allows', () => {
    const items = new Map(questionnaireItems().map((item) => [item.linkId, item]));
    for (const name of [HENDRIK, SAMIRA_QR, SAMIRA_BUNDLE]) {
      const summary = summaryOf(fixture(name));
      const exported = exportQuestionnaireResponse(summary);
      const losses = listExportLosses(summary).join('\n');
      expect(exported.questionnaire).toBe('https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020|0.1.3-beta3');
      const written = answers(exported.item);
      expect(written.filter((answer) => !items.has(answer.linkId))).toEqual([]);
      for (const { linkId, value } of written) {
        const allowed = (items.get(linkId)?.answerOption ?? []).flatMap((option) => option.valueCoding?.code ?? []);
        const reported = losses.includes(`vraag ${linkId};`);
        if (allowed.length > 0 && items.get(linkId)?.type === 'choice' && !reported) expect(allowed, `vraag ${linkId}`).toContain(value);
        const once = !items.get(linkId)?.inRepeatingGroup && !items.get(linkId)?.repeats;
        if (once) expect(written.filter((answer) => answer.linkId === linkId), `vraag ${linkId}`).toHaveLength(1);
      }
    }
  });

  it('exports the patient as initials and birth year only', () => {
    const exported = JSON.stringify(exportQuestionnaireResponse(summaryOf(fixture(SAMIRA_BUNDLE))));
    expect(exported).toContain('"valueString":"S.L."');
    expect(exported).toContain('"valueDateTime":"1959"');
    expect(exported).not.toContain('999998298');
    expect(exported).not.toContain('Samira');
  });

  it('round-trips values the form can only hold as free text or as "Anders"', () => {
    const summary = emptyAcpSummary();
    const person = (voornamen: string, achternaam: string) => ({ voornamen, voorvoegsels: null, achternaam });
    summary.wettelijkVertegenwoordiger = {
      naam: person('A.', 'de Vries'), relatie: 'Buurman', rollen: ['Mentor', 'Bewindvoerder'],
      telefoons: [{ nummer: '0612345678', type: 'MC', soort: null, toelichting: 'na 18 uur' }, { nummer: '0431234567', type: 'LL', soort: 'WP', toelichting: null }],
      emails: [],
    };
    summary.vertegenwoordigerIsEersteContactpersoon = 'nee';
    summary.eersteContactpersoon = { naam: person('B.', 'Jansen'), relatie: 'Dochter', rollen: [], telefoons: [], emails: [{ adres: 'b@example.org', soort: 'WP' }] };
    summary.gesprek = { gevoerdDoor: person('K.', 'Bakker'), functie: 'Specialist ouderengeneeskunde', datum: '2024-03', tijdstip: null };
    summary.inBijzijnVan = { patient: false, rollen: ['Mentor', 'Buurvrouw'], relaties: ['Dochter', 'Kleinzoon'] };
    summary.doelBehandeling = { waarde: 'anders', tekst: 'Eerst afwachten' };
    summary.gewenstePlekVanOverlijden = { waarde: 'anders', tekst: 'Bij de dochter thuis', toelichting: null };
    summary.behandelgrenzen.icd = { heeftIcd: 'nee', toelichting: null, uitzetten: { besluit: 'nog geen besluit', toelichting: 'Volgt' } };
    summary.behandelgrenzen.overig = { besluit: 'wel uitvoeren', specificatie: null, toelichting: null, behandeling: 'Sondevoeding' };
    summary.akkoordMetDelen = 'nee';
    const exported = exportQuestionnaireResponse(summary);
    expect(summaryOf(exported)).toEqual({ ...summary, vragenlijst: { canonical: 'https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020', versie: '0.1.3-beta3' } });
    expect(listExportLosses(summary)).toEqual([
      "Akkoord met delen 'nee' staat niet in de antwoordopties; meegegeven als SNOMED 373067005 (Nee).",
    ]);
  });

  it('lists what the form cannot hold, and what it lists is what reads back differently', () => {
    const summary = emptyAcpSummary();
    summary.behandelgrenzen.overig = { besluit: 'anders', specificatie: 'alleen thuis', toelichting: null, behandeling: null };
    summary.inBijzijnVan.rollen = ['Buurvrouw', 'Pastor'];
    summary.vertegenwoordigerIsEersteContactpersoon = 'nee';
    summary.eersteContactpersoon = { naam: { voornamen: 'Maya', voorvoegsels: null, achternaam: 'Jansen' }, relatie: null, rollen: ['Mantelzorger'], telefoons: [], emails: [] };
    expect(listExportLosses(summary)).toEqual([
      "Overige behandelgrenzen (vraag 1402): de vragenlijst kent hier geen 'Anders'; het besluit is toch als 'Anders' (code 1) meegegeven.",
      'Overige behandelgrenzen: de vragenlijst heeft geen veld voor de specificatie; die gaat verloren.',
      "Rollen van wie bij het gesprek was: Buurvrouw, Pastor passen samen niet in één 'Anders, namelijk' (vraag 414); alleen 'Buurvrouw' gaat mee.",
      'Eerste contactpersoon Maya Jansen: versie 0.1.3-beta3 heeft geen vraag voor de rol (Mantelzorger); die gaat verloren.',
    ]);
    const back = summaryOf(exportQuestionnaireResponse(summary));
    expect(back.behandelgrenzen.overig.specificatie).toBeNull();
    expect(back.inBijzijnVan.rollen).toEqual(['Buurvrouw', 'Buurvrouw']);
    expect(back.eersteContactpersoon?.rollen).toEqual([]);
  });
});
