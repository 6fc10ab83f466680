import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AcpSummarySchema } from '../../src/fhir/acpSummary.js';
import { listExportLosses } from '../../src/fhir/exportLosses.js';
import { exportQuestionnaireResponse } from '../../src/fhir/exportQuestionnaireResponse.js';
import { MAX_ACP_TEXT_BYTES, importAcp, importAcpText, type AcpImportResult } from '../../src/fhir/importAcp.js';

const fixtureText = (name: string): string => readFileSync(new URL(`../fixtures/fhir/${name}`, import.meta.url), 'utf8');
const fixture = (name: string): Record<string, unknown> => JSON.parse(fixtureText(name)) as Record<string, unknown>;
const HENDRIK = 'QuestionnaireResponse-HendrikHartman-20201001.json';
const SAMIRA = 'Bundle-SamiraVanDerSluijs.json';

function expectWellFormed(result: AcpImportResult): void {
  if (result.ok) {
    expect(AcpSummarySchema.safeParse(result.summary).success).toBe(true);
    expect(result.warnings.every((w) => typeof w === 'string')).toBe(true);
  } else {
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems.every((p) => typeof p === 'string' && p.length > 0)).toBe(true);
  }
}

describe('importAcpText and importAcp refuse malformed input with a Dutch sentence', () => {
  it('accepts the fixtures as text, also with a byte order mark', () => {
    expect(importAcpText(fixtureText(HENDRIK)).ok).toBe(true);
    expect(importAcpText(`\uFEFF${fixtureText(SAMIRA)}`).ok).toBe(true);
    expect(importAcp(fixtureText(HENDRIK)).ok).toBe(true);
  });

  it('truncated JSON', () => {
    const text = fixtureText(HENDRIK);
    expect(importAcpText(text.slice(0, text.length / 2))).toEqual({
      ok: false,
      problems: ['Het bestand is geen geldige JSON (het bestand houdt onverwacht op; is het afgekapt?).'],
    });
    const broken = importAcpText('{"resourceType": "Bundle",, }');
    expect(broken.ok === false && broken.problems[0]).toMatch(/^Het bestand is geen geldige JSON \(.+\)\.$/);
  });

  it('empty text', () => {
    expect(importAcpText('  \n')).toEqual({ ok: false, problems: ['Het bestand is leeg.'] });
  });

  it('a wrong or missing resourceType', () => {
    expect(importAcp({ resourceType: 'Observation', status: 'final' })).toEqual({
      ok: false,
      problems: ["Onbekend resourceType 'Observation'; verwacht QuestionnaireResponse of Bundle."],
    });
    expect(importAcp({ item: [] })).toEqual({ ok: false, problems: ['Het bestand is geen FHIR-resource: resourceType ontbreekt.'] });
    expect(importAcp({ resourceType: 42 })).toEqual({ ok: false, problems: ['Het bestand is geen FHIR-resource: resourceType is geen tekst.'] });
    expect(importAcp([1, 2])).toEqual({ ok: false, problems: ['Het bestand is geen FHIR-resource: verwacht een JSON-object, gevonden een lijst.'] });
    expect(importAcp(null)).toEqual({ ok: false, problems: ['Het bestand is geen FHIR-resource: verwacht een JSON-object, gevonden null.'] });
    expect(importAcpText('12')).toEqual({ ok: false, problems: ['Het bestand is geen FHIR-resource: verwacht een JSON-object, gevonden een number.'] });
  });

  it('a QuestionnaireResponse on another questionnaire, or on none', () => {
    const qr = fixture(HENDRIK);
    expect(importAcp({ ...qr, questionnaire: 'https://example.org/Questionnaire/ACP-zib2017|1.0' })).toEqual({
      ok: false,
      problems: [
        'Verkeerde vragenlijst: verwacht ACP-zib2020 (https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020 of https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020), gevonden https://example.org/Questionnaire/ACP-zib2017|1.0.',
      ],
    });
    // Only IKNL's own canonicals: another server's Questionnaire with the same id is another form.
    expect(importAcp({ ...qr, questionnaire: 'https://example.org/Questionnaire/ACP-zib2020' }).ok).toBe(false);
    const { questionnaire: _dropped, ...withoutQuestionnaire } = qr;
    expect(importAcp(withoutQuestionnaire)).toEqual({
      ok: false,
      problems: ['De QuestionnaireResponse noemt geen vragenlijst (questionnaire ontbreekt); verwacht ACP-zib2020.'],
    });
    expect(importAcp({ ...qr, questionnaire: 'ACP-zib2020' }).ok).toBe(true);
  });

  it('accepts both canonicals and records which questionnaire and version the summary came from', () => {
    const qr = fixture(HENDRIK);
    for (const questionnaire of [
      'https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020|0.1.3-beta3',
      'https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020|1.0.0-rc2',
      'https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020',
    ]) {
      const result = importAcp({ ...qr, questionnaire });
      const [canonical, versie = null] = questionnaire.split('|');
      expect(result.ok && result.summary.vragenlijst).toEqual({ canonical, versie });
      expect(result.ok && result.warnings).toEqual([]);
    }
  });

  it('a version this import does not know gives a warning, not a refusal', () => {
    const result = importAcp({ ...fixture(HENDRIK), questionnaire: 'https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020|0.2.0' });
    expect(result.ok && result.warnings).toEqual([
      'Vragenlijstversie 0.2.0 is onbekend; deze import kent 0.1.3-beta3, 1.0.0-rc1, 1.0.0-rc2, 1.0.0-rc3. Controleer de uitkomst.',
    ]);
    expect(result.ok && result.summary.vragenlijst).toEqual({ canonical: 'https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020', versie: '0.2.0' });
  });

  it('text over 10 MB, before parsing it', () => {
    const huge = `{"resourceType":"Bundle","entry":[],"padding":"${'x'.repeat(MAX_ACP_TEXT_BYTES)}"}`;
    expect(importAcpText(huge)).toEqual({ ok: false, problems: ['Het bestand is te groot (10,0 MB); de grens is 10 MB.'] });
    expect(importAcp(huge)).toEqual(importAcpText(huge));
    // Multi-byte characters count as bytes, not as characters.
    const wide = 'é'.repeat(MAX_ACP_TEXT_BYTES / 2 + 1);
    const refused = importAcpText(wide);
    expect(refused.ok === false && refused.problems[0]).toMatch(/^Het bestand is te groot/);
  });

  it('never throws, even on objects that throw when read', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    expect(importAcp(hostile).ok).toBe(false);
    const getter = { resourceType: 'Bundle', get entry() { throw new Error('boom'); } };
    expect(importAcp(getter)).toEqual({
      ok: false,
      problems: ['Het bestand kon niet worden gelezen door een onverwachte fout; controleer of het een FHIR-bestand is.'],
    });
    expect(importAcpText(undefined as unknown as string).ok).toBe(false);
  });
});

describe('properties: random input never makes importAcp throw', () => {
  const linkIds = (() => {
    const ids: string[] = [];
    const visit = (items: unknown): void => {
      for (const item of (items ?? []) as { linkId: string; item?: unknown }[]) {
        ids.push(item.linkId);
        visit(item.item);
      }
    };
    visit(fixture('Questionnaire-ACP-zib2020.json').item);
    return ids;
  })();
  const codes = ['0', '1', '2', 'UNK', 'ASKU', 'NASK', 'OTH', '373066001', '373067005', '441898007', '264362003', 'HUSB', '24', '09'];
  const answer = fc.oneof(
    fc.record({ valueCoding: fc.record({ code: fc.constantFrom(...codes), display: fc.option(fc.string(), { nil: undefined }) }) }),
    fc.record({ valueString: fc.string() }),
    fc.record({ valueDateTime: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()) }),
    fc.anything(),
  );
  const item = fc.record({ linkId: fc.constantFrom(...linkIds), answer: fc.array(answer, { maxLength: 3 }) }, { requiredKeys: ['linkId'] });
  const questionnaireResponse = fc.record({
    resourceType: fc.constant('QuestionnaireResponse'),
    questionnaire: fc.oneof(fc.constant('https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020|0.1.3-beta3'), fc.anything()),
    status: fc.constantFrom('completed', 'in-progress', 'entered-in-error'),
    item: fc.oneof(fc.array(item, { maxLength: 60 }), fc.anything()),
  });

  /** The Samira Bundle with one field of one resource replaced by junk. */
  const mutatedBundle = fc.tuple(fc.nat(), fc.string(), fc.anything()).map(([index, key, value]) => {
    const bundle = fixture(SAMIRA);
    const entries = bundle.entry as { resource: Record<string, unknown> }[];
    const target = entries[index % entries.length]!.resource;
    const keys = Object.keys(target);
    target[keys.includes(key) ? key : (keys[index % keys.length] ?? key)] = value;
    return bundle;
  });

  it('any JSON-like value or junk object', () => {
    fc.assert(fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), (value) => expectWellFormed(importAcp(value))));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('resourceType', 'entry', 'item', 'questionnaire', 'status'), fc.anything()), (value) =>
        expectWellFormed(importAcp(value)),
      ),
    );
  });

  it('any text', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (text) => expectWellFormed(importAcpText(text))));
  });

  it('random QuestionnaireResponses on ACP-zib2020; what imports also exports and reads back', () => {
    fc.assert(
      fc.property(questionnaireResponse, (qr) => {
        const result = importAcp(qr);
        expectWellFormed(result);
        if (!result.ok) return;
        const again = importAcp(exportQuestionnaireResponse(result.summary));
        expect(again.ok).toBe(true);
        if (again.ok && listExportLosses(result.summary).length === 0) expect(again.summary).toEqual(result.summary);
      }),
      { numRuns: 300 },
    );
  });

  it('the Samira Bundle with a field replaced by junk', () => {
    fc.assert(fc.property(mutatedBundle, (bundle) => expectWellFormed(importAcp(bundle))), { numRuns: 300 });
  });
});
