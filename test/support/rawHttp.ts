import { Agent, request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A keep-alive pool, so a fuzz run reuses connections instead of opening thousands. */
export const fuzzAgent = new Agent({ keepAlive: true, maxSockets: 16 });

/**
 * One HTTP request exactly as given: any method, path, headers (Content-Encoding, a wrong
 * Content-Type) and raw body bytes, none of which fetch would let through unchanged.
 */
export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; agent?: Agent },
): Promise<RawResponse> {
  const url = new URL(options.path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers ?? {}, agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Sends the headers and the first `sentBytes` of `body`, and waits for the answer without sending
 * the rest: an answer that arrives shows the server decided without reading the whole body.
 */
export function answerBeforeBody(baseUrl: string, headers: Record<string, string>, body: Buffer, sentBytes: number): Promise<RawResponse & { bodyComplete: boolean }> {
  const url = new URL('/api/messages', baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), bodyComplete: req.writableEnded });
        req.destroy();
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    req.write(body.subarray(0, sentBytes));
  });
}
