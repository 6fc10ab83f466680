import type { Attachment } from 'botbuilder';

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
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}
