import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyAcpSummary, type AcpSummary } from '../../src/fhir/acpSummary.js';
import { exportQuestionnaireResponse, listExportLosses, type QuestionnaireResponseItem } from '../../src/fhir/exportQuestionnaireResponse.js';
import { importAcp } from '../../src/fhir/importAcp.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/fhir/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

function summaryOf(json: unknown): AcpSummary {
  const result = importAcp(json);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.summary;
}

/** linkId → the answer codings the Questionnaire allows ([] for free-text questions). */
function questionnaireOptions(): Map<string, { code?: string }[]> {
  const options = new Map<string, { code?: string }[]>();
  const visit = (items: unknown): void => {
    for (const item of (items ?? []) as { linkId: string; item?: unknown; answerOption?: { valueCoding?: { code?: string } }[] }[]) {
      options.set(item.linkId, (item.answerOption ?? []).flatMap((option) => option.valueCoding ?? []));
      visit(item.item);
    }
  };
  visit(fixture('Questionnaire-ACP-zib2020.json').item);
  return options;
}

function linkIdsOf(items: QuestionnaireResponseItem[] | undefined): string[] {
  return (items ?? []).flatMap((item) => [item.linkId, ...linkIdsOf(item.item), ...(item.answer ?? []).flatMap((a) => linkIdsOf(a.item))]);
}

describe('import → export → import', () => {
  it.each([
    ['QuestionnaireResponse-HendrikHartman-20201001.json'],
    ['Bundle-SamiraVanDerSluijs.json'],
  ])('gives an equal summary for %s', (name) => {
    const first = summaryOf(fixture(name));
    const exported = exportQuestionnaireResponse(first);
    expect(listExportLosses(first)).toEqual([]);
    expect(summaryOf(exported)).toEqual(first);
    // The export is JSON, as it would be sent or stored.
    expect(summaryOf(JSON.parse(JSON.stringify(exported)))).toEqual(first);
  });

  it('writes only linkIds of ACP-zib2020, each at most once, with answers the form allows', () => {
    const options = questionnaireOptions();
    for (const name of ['QuestionnaireResponse-HendrikHartman-20201001.json', 'Bundle-SamiraVanDerSluijs.json']) {
      const exported = exportQuestionnaireResponse(summaryOf(fixture(name)));
      expect(exported.questionnaire).toBe('https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020|0.1.3-beta3');
      const linkIds = linkIdsOf(exported.item);
      expect(linkIds.filter((id) => !options.has(id))).toEqual([]);
      expect(new Set(linkIds).size).toBe(linkIds.length);
    }
    const hendrik = exportQuestionnaireResponse(summaryOf(fixture('QuestionnaireResponse-HendrikHartman-20201001.json')));
    const walk = (items: QuestionnaireResponseItem[] | undefined): void => {
      for (const item of items ?? []) {
        const allowed = options.get(item.linkId) ?? [];
        for (const answer of item.answer ?? []) {
          if (answer.valueCoding && allowed.length > 0) expect(allowed.map((o) => o.code)).toContain(answer.valueCoding.code);
          walk(answer.item);
        }
        walk(item.item);
      }
    };
    walk(hendrik.item);
  });

  it('exports the patient as initials and birth year only', () => {
    const exported = JSON.stringify(exportQuestionnaireResponse(summaryOf(fixture('Bundle-SamiraVanDerSluijs.json'))));
    expect(exported).toContain('"valueString":"S.L."');
    expect(exported).toContain('"valueDateTime":"1959"');
    expect(exported).not.toContain('999998298');
    expect(exported).not.toContain('Samira');
  });

  it('round-trips values the form can only hold as free text or as "Anders"', () => {
    const summary = emptyAcpSummary();
    summary.wettelijkVertegenwoordiger = { naam: 'A. de Vries', relatie: 'Buurman', telefoon: '0612345678', email: null, rollen: ['Mentor', 'Bewindvoerder'] };
    summary.vertegenwoordigerIsEersteContactpersoon = 'nee';
    summary.eersteContactpersoon = { naam: 'B. Jansen', relatie: 'Dochter', telefoon: null, email: 'b@example.org' };
    summary.gesprek = { gevoerdDoor: 'Dr. K. Bakker', functie: 'Specialist ouderengeneeskunde', datum: '2024-03' };
    summary.doelBehandeling = { waarde: 'anders', tekst: 'Eerst afwachten' };
    summary.gewenstePlekVanOverlijden = { waarde: 'anders', tekst: 'Bij de dochter thuis', toelichting: null };
    summary.behandelgrenzen.icd = { heeftIcd: 'nee', toelichting: null, uitzetten: { besluit: 'nog geen besluit', toelichting: 'Volgt' } };
    summary.behandelgrenzen.overig = { besluit: 'wel uitvoeren', specificatie: null, toelichting: null, behandeling: 'Sondevoeding' };
    summary.akkoordMetDelen = 'nee';
    const exported = exportQuestionnaireResponse(summary);
    expect(summaryOf(exported)).toEqual(summary);
    expect(listExportLosses(summary)).toEqual([
      "Akkoord met delen 'nee' staat niet in de antwoordopties; meegegeven als SNOMED 373067005 (Nee).",
    ]);
  });

  it('lists what the form cannot hold', () => {
    const summary = emptyAcpSummary();
    summary.behandelgrenzen.overig = { besluit: 'anders', specificatie: 'alleen thuis', toelichting: null, behandeling: null };
    expect(listExportLosses(summary)).toHaveLength(2);
    expect(summaryOf(exportQuestionnaireResponse(summary)).behandelgrenzen.overig.specificatie).toBeNull();
  });
});
