import type { Attachment } from 'botbuilder';
import type { SharedFile } from '../domain/consult.js';

/** The largest file passed on within a consult (a medication list, a letter, a photo of a wound). */
export const MAX_SHARED_FILE_BYTES = 10 * 1024 * 1024;

/** Teams also sends the message itself as an HTML attachment, and cards as attachments: those are no files. */
const NOT_A_FILE = /^(text\/html|application\/vnd\.microsoft\.card\.)/;

/** The file attached to a chat message, if any: its name, where Teams keeps it, and its type. */
export function sharedFileOf(attachments: readonly Attachment[] | undefined): SharedFile | undefined {
  for (const attachment of attachments ?? []) {
    if (NOT_A_FILE.test(attachment.contentType ?? '')) continue;
    const url = attachmentUrl(attachment);
    if (!url) continue;
    const isDownloadInfo = attachment.contentType === 'application/vnd.microsoft.teams.file.download.info';
    const contentType = isDownloadInfo ? undefined : attachment.contentType;
    return { name: (attachment.name ?? 'bijlage').slice(0, 200), url, ...(contentType ? { contentType } : {}) };
  }
  return undefined;
}

/** Where a file attached in Teams can be fetched: the pre-authorised download URL Teams provides. */
export function attachmentUrl(attachment: Attachment): string | undefined {
  const content = attachment.content as { downloadUrl?: unknown } | undefined;
  if (attachment.contentType === 'application/vnd.microsoft.teams.file.download.info' && typeof content?.downloadUrl === 'string') return content.downloadUrl;
  return typeof attachment.contentUrl === 'string' ? attachment.contentUrl : undefined;
}

/**
 * True only for https on the standard port (443, written or not) on a host the configuration
 * lists; `*.example.nl` allows subdomains. Another port could reach a different service on an
 * allowed host, so it is refused. Only in local mode (`loopbackHttp`), which listens on loopback
 * alone, may a file server on this machine's loopback address be used over plain http.
 */
export function isAllowedHost(url: string, allowedHosts: readonly string[], loopbackHttp = false): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  const loopback = host === '127.0.0.1' || host === '[::1]';
  // The URL parser drops a port equal to the scheme's default, so '' means 443 for https.
  const httpsOn443 = parsed.protocol === 'https:' && parsed.port === '';
  if (!httpsOn443 && !(loopbackHttp && loopback && parsed.protocol === 'http:')) return false;
  return allowedHosts.some((allowed) => (allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) : host === allowed));
}

/**
 * Downloads at most `maxBytes`; a larger file is refused without reading the rest. Redirects are
 * not followed (`redirect: 'error'`): the allow-list was checked for this URL, not for wherever
 * it points on.
 */
export async function fetchLimited(url: string, maxBytes: number): Promise<{ ok: true; text: string } | { ok: false; problem: string }> {
  const fetched = await fetchBytes(url, maxBytes);
  return fetched.ok ? { ok: true, text: fetched.data.toString('utf8') } : fetched;
}

/** Like `fetchLimited`, as bytes: for checking that a shared file can be fetched and is not too large. */
export async function fetchBytes(url: string, maxBytes: number): Promise<{ ok: true; data: Buffer } | { ok: false; problem: string }> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(15_000) });
  } catch {
    return { ok: false, problem: 'Het bestand kon niet worden opgehaald.' };
  }
  if (!response.ok || !response.body) return { ok: false, problem: `Het bestand kon niet worden opgehaald (status ${response.status}).` };
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) return { ok: false, problem: 'Het bestand is groter dan 10 MB.' };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) return { ok: false, problem: 'Het bestand is groter dan 10 MB.' };
    chunks.push(chunk);
  }
  return { ok: true, data: Buffer.concat(chunks) };
}
