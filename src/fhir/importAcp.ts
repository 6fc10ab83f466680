import { formatZodPath } from '../config/zodMessages.js';
import { AcpSummarySchema, type AcpImportResult } from './acpSummary.js';
import { importBundle } from './importBundle.js';
import { isPlainObject } from './acpCodes.js';
import { importQuestionnaireResponse } from './importQuestionnaireResponse.js';

export type { AcpImportResult } from './acpSummary.js';

/** Larger files are refused before parsing: an ACP record is tens of kilobytes, not megabytes. */
export const MAX_ACP_TEXT_BYTES = 10 * 1024 * 1024;

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1).replace('.', ',');

/**
 * Reads an ACP/PZP record from JSON text (a file upload, a message). Never throws; every refusal
 * comes back as Dutch sentences the user can act on.
 */
export function importAcpText(text: string): AcpImportResult {
  try {
    if (typeof text !== 'string') return importAcp(text);
    // text.length counts UTF-16 units, never more than the UTF-8 bytes, so a long text is refused unencoded.
    const bytes = text.length > MAX_ACP_TEXT_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_ACP_TEXT_BYTES) {
      return { ok: false, problems: [`Het bestand is te groot (${megabytes(bytes)} MB); de grens is 10 MB.`] };
    }
    const withoutBom = text.replace(/^\uFEFF/, '');
    if (withoutBom.trim() === '') return { ok: false, problems: ['Het bestand is leeg.'] };
    let json: unknown;
    try {
      json = JSON.parse(withoutBom);
    } catch (error) {
      return { ok: false, problems: [`Het bestand is geen geldige JSON (${describeJsonError(error, withoutBom.length)}).`] };
    }
    return importParsed(json);
  } catch {
    return unexpected();
  }
}

/**
 * Imports a parsed QuestionnaireResponse (ACP-zib2020) or Bundle (IKNL PZP resources). A string
 * is treated as JSON text, with the same size limit as importAcpText. Never throws.
 */
export function importAcp(json: unknown): AcpImportResult {
  try {
    return typeof json === 'string' ? importAcpText(json) : importParsed(json);
  } catch {
    return unexpected();
  }
}

function importParsed(json: unknown): AcpImportResult {
  if (!isPlainObject(json)) {
    const kind = Array.isArray(json) ? 'een lijst' : json === null ? 'null' : `een ${typeof json}`;
    return { ok: false, problems: [`Het bestand is geen FHIR-resource: verwacht een JSON-object, gevonden ${kind}.`] };
  }
  const { resourceType } = json;
  if (resourceType === undefined) return { ok: false, problems: ['Het bestand is geen FHIR-resource: resourceType ontbreekt.'] };
  if (typeof resourceType !== 'string') return { ok: false, problems: ['Het bestand is geen FHIR-resource: resourceType is geen tekst.'] };
  let result: AcpImportResult;
  if (resourceType === 'QuestionnaireResponse') result = importQuestionnaireResponse(json);
  else if (resourceType === 'Bundle') result = importBundle(json);
  else {
    const shown = resourceType.length > 60 ? `${resourceType.slice(0, 60)}…` : resourceType;
    return { ok: false, problems: [`Onbekend resourceType '${shown}'; verwacht QuestionnaireResponse of Bundle.`] };
  }
  if (!result.ok) return result;
  // The importers build the summary by hand; the schema is the contract the rest of the bot relies on.
  const checked = AcpSummarySchema.safeParse(result.summary);
  if (checked.success) return { ok: true, summary: checked.data, warnings: result.warnings };
  return {
    ok: false,
    problems: checked.error.issues.map((issue) => `Onverwachte waarde in ${formatZodPath(issue.path) || 'de samenvatting'}: ${issue.message}`),
  };
}

/** V8 reports a cut-off file as an error at the very last position, or as 'Unexpected end'. */
function describeJsonError(error: unknown, textLength: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  const atEnd = position !== undefined && Number(position) >= textLength;
  if (atEnd || /end of (JSON )?input|Unterminated/i.test(message)) return 'het bestand houdt onverwacht op; is het afgekapt?';
  return position ? `onverwacht teken op positie ${position}` : message.slice(0, 200);
}

function unexpected(): AcpImportResult {
  return { ok: false, problems: ['Het bestand kon niet worden gelezen door een onverwachte fout; controleer of het een FHIR-bestand is.'] };
}
