import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { AcpSummarySchema } from '../../src/fhir/acpSummary.js';
import { FIXED, LINK_ID_PLACES, UNSUPPORTED_LINK_IDS } from '../../src/fhir/acpLinkIds.js';
import { questionnaireItems } from './questionnaireWalk.js';

/** Whether a dotted path ('wettelijkVertegenwoordiger.telefoons.nummer') exists in the summary's schema. */
function existsInSummary(path: string): boolean {
  let schema: z.ZodType = AcpSummarySchema;
  for (const key of path.split('.')) {
    while (schema instanceof z.ZodNullable || schema instanceof z.ZodArray) schema = (schema instanceof z.ZodArray ? schema.element : schema.unwrap()) as z.ZodType;
    if (!(schema instanceof z.ZodObject) || !(key in schema.shape)) return false;
    schema = schema.shape[key] as z.ZodType;
  }
  return true;
}

/** linkIds of the IKNL 1.0.0-rc example, for the items the 0.1.3-beta3 Questionnaire does not have yet. */
function linkIdsOfResponse(items: unknown): string[] {
  return ((items ?? []) as { linkId: string; item?: unknown; answer?: { item?: unknown }[] }[]).flatMap((item) => [
    item.linkId,
    ...linkIdsOfResponse(item.item),
    ...(item.answer ?? []).flatMap((answer) => linkIdsOfResponse(answer.item)),
  ]);
}

describe('every item of ACP-zib2020 has a place in the summary or is listed as unsupported', () => {
  it('walks the Questionnaire’s linkIds: none is in neither list, none in both', () => {
    const linkIds = questionnaireItems().map((item) => item.linkId);
    // All 125 items, also those inside answers and repeating groups.
    expect(linkIds).toHaveLength(125);
    expect(linkIds).toContain('993');
    expect(linkIds.filter((linkId) => !(linkId in LINK_ID_PLACES) && !(linkId in UNSUPPORTED_LINK_IDS))).toEqual([]);
    expect(linkIds.filter((linkId) => linkId in LINK_ID_PLACES && linkId in UNSUPPORTED_LINK_IDS)).toEqual([]);
  });

  it('also knows every linkId of the 1.0.0-rc example QuestionnaireResponse', () => {
    const response = JSON.parse(readFileSync(new URL('../fixtures/fhir/QuestionnaireResponse-SamiraVanDerSluijs-20251117.json', import.meta.url), 'utf8')) as { item: unknown };
    const linkIds = linkIdsOfResponse(response.item);
    expect(linkIds.filter((linkId) => !(linkId in LINK_ID_PLACES) && !(linkId in UNSUPPORTED_LINK_IDS))).toEqual([]);
  });

  it('names only places that exist in the summary', () => {
    const places = Object.entries(LINK_ID_PLACES).flatMap(([linkId, paths]) => paths.filter((path) => path !== FIXED).map((path) => ({ linkId, path })));
    expect(places.filter(({ path }) => !existsInSummary(path))).toEqual([]);
    // The check itself can fail.
    expect(existsInSummary('wettelijkVertegenwoordiger.telefoons.nummer')).toBe(true);
    expect(existsInSummary('wettelijkVertegenwoordiger.telefoon')).toBe(false);
  });

  it('uses FIXED only for the form’s read-only codes, one option each', () => {
    const items = new Map(questionnaireItems().map((item) => [item.linkId, item]));
    for (const [linkId, paths] of Object.entries(LINK_ID_PLACES)) {
      const item = items.get(linkId);
      if (!paths.includes(FIXED) || !item) continue;
      expect(item.answerOption, `vraag ${linkId}`).toHaveLength(1);
    }
  });
});
