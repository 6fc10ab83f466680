import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import contentType from 'content-type';
import getRawBody from 'raw-body';

/** The largest activity the bot accepts; a consult form is a few kilobytes. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * How deeply objects and arrays may nest. A Teams activity nests about six levels (an Adaptive
 * Card in an attachment a few more); a deeper body is refused before anything recurses over it.
 */
export const MAX_JSON_DEPTH = 32;

/** A refusal at the door: a status and a fixed Dutch text, never anything from the request. */
export interface Refusal {
  status: 400 | 413 | 415;
  error: string;
}

export const NOT_JSON: Refusal = { status: 415, error: 'alleen application/json wordt aanvaard' };
export const TOO_LARGE: Refusal = { status: 413, error: 'bericht te groot' };
export const NOT_AN_ACTIVITY: Refusal = { status: 400, error: 'geen geldige Bot Framework-activiteit' };

/**
 * What the headers alone decide, before a byte of the body is read: JSON in UTF-8, not
 * compressed (a compressed body could inflate far beyond its size), and not announced as too large.
 */
export function refusalByHeaders(headers: IncomingHttpHeaders): Refusal | undefined {
  let type: contentType.ParsedMediaType;
  try {
    type = contentType.parse(headers['content-type'] ?? '');
  } catch {
    return NOT_JSON;
  }
  const charset = type.parameters.charset?.toLowerCase();
  const otherParameters = Object.keys(type.parameters).filter((name) => name !== 'charset');
  if (type.type !== 'application/json' || (charset && charset !== 'utf-8') || otherParameters.length > 0) return NOT_JSON;
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') return NOT_JSON;
  if (Number(headers['content-length'] ?? 0) > MAX_BODY_BYTES) return TOO_LARGE;
  return undefined;
}

/**
 * Reads at most MAX_BODY_BYTES into memory, checks the nesting depth, then parses. Nothing is
 * written to disk and nothing is decompressed.
 */
export async function readJsonBody(req: IncomingMessage): Promise<{ ok: true; body: unknown } | { ok: false; refusal: Refusal }> {
  let text: string;
  try {
    text = await getRawBody(req, { limit: MAX_BODY_BYTES, length: req.headers['content-length'] ?? null, encoding: 'utf-8' });
  } catch (error) {
    return { ok: false, refusal: (error as { status?: number }).status === 413 ? TOO_LARGE : NOT_AN_ACTIVITY };
  }
  if (!nestsAtMost(text, MAX_JSON_DEPTH)) return { ok: false, refusal: NOT_AN_ACTIVITY };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, refusal: NOT_AN_ACTIVITY };
  }
}

/**
 * True when no object or array in the JSON text is nested deeper than `maxDepth`. One pass over
 * the characters, skipping strings, so it cannot overflow the stack whatever the input.
 *
 * @example nestsAtMost('{"a":[1,{"b":"[[["}]}', 3) // true: brackets inside strings do not count
 */
export function nestsAtMost(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++; // a backslash escapes the next character, including a quote
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      if (++depth > maxDepth) return false;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return true;
}
