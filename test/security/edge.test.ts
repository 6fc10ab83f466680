import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotUnderTest, TeamsUser } from '../support/botUnderTest.js';
import { OpenIdStandIn } from '../support/openIdStandIn.js';
import { channelToken, startProductionBot } from '../support/productionBot.js';
import { answerBeforeBody, rawRequest } from '../support/rawHttp.js';

/**
 * Production mode, at the HTTP door of /api/messages: nothing is read, parsed, inflated or
 * written to disk before the headers and the token have been checked, and never more than 256 KB.
 */

const openId = new OpenIdStandIn();
let harness: BotUnderTest;
let els: TeamsUser;
let bomb: Buffer;
const INFLATED_BOMB_BYTES = 200 * 1024 * 1024;

/** Gzip of 200 MB of zeros, built in 1 MB steps so this process never holds the inflated form. */
async function gzipBomb(inflatedBytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < inflatedBytes; written += zeros.length) {
    if (!gzip.write(zeros)) await once(gzip, 'drain');
  }
  gzip.end();
  await once(gzip, 'end');
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  await openId.start();
  harness = await startProductionBot(openId);
  els = harness.user('els-vermeulen');
  bomb = await gzipBomb(INFLATED_BOMB_BYTES);
}, 60_000);
afterAll(async () => {
  await harness.stop();
  await openId.stop();
});

const bearer = () => ({ authorization: `Bearer ${channelToken(openId, harness)}` });
const installation = () => Buffer.from(JSON.stringify(els.activity({ type: 'installationUpdate', action: 'add' })));
const post = (headers: Record<string, string>, body: Buffer | string) => rawRequest(harness.bot.server.url, { path: '/api/messages', headers, body });

async function tempFiles(): Promise<string[]> {
  const entries = await readdir(tmpdir(), { withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('nothing is read before authentication', () => {
  it('refuses a 194 KB gzip bomb with 415 before reading it, and memory does not grow', async () => {
    expect(bomb.length).toBeGreaterThan(150 * 1024);
    expect(bomb.length).toBeLessThan(256 * 1024);
    const rssBefore = process.memoryUsage.rss();
    const answer = await answerBeforeBody(harness.bot.server.url, { ...bearer(), 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb, 1024);
    expect(answer.status).toBe(415);
    expect(answer.bodyComplete).toBe(false);
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses every compressed body with 415, whatever the encoding', async () => {
    for (const encoding of ['gzip', 'deflate', 'br', 'x-gzip', 'gzip, identity']) {
      const { status } = await post({ ...bearer(), 'content-type': 'application/json', 'content-encoding': encoding }, bomb.subarray(0, 2048));
      expect(status, encoding).toBe(415);
    }
  });

  it('answers a request without a token with 401 before its body has been sent', async () => {
    const body = Buffer.alloc(200 * 1024, 0x20);
    const answer = await answerBeforeBody(harness.bot.server.url, { 'content-type': 'application/json' }, body, 1024);
    expect(answer.status).toBe(401);
    expect(answer.bodyComplete).toBe(false);
  });

  it('refuses multipart with 415 and writes no temporary file', async () => {
    const before = new Set(await tempFiles());
    const boundary = 'pzboundary';
    const multipart = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="upload"; filename="activity.json"',
      'Content-Type: application/json',
      '',
      'x'.repeat(100 * 1024),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const { status } = await post({ ...bearer(), 'content-type': `multipart/form-data; boundary=${boundary}` }, multipart);
    expect(status).toBe(415);
    expect((await tempFiles()).filter((name) => !before.has(name))).toEqual([]);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['JSON in another charset', 'application/json; charset=iso-8859-1'],
    ['no content type', ''],
    ['a malformed content type', 'application/json; ;;'],
  ])('refuses %s with 415 and processes nothing', async (_name, contentType) => {
    const gea = harness.user('gea-lemmens');
    const body = JSON.stringify(gea.activity({ type: 'installationUpdate', action: 'add' }));
    const { status, text } = await post({ ...bearer(), ...(contentType ? { 'content-type': contentType } : {}) }, body);
    expect(status).toBe(415);
    expect(JSON.parse(text)).toEqual({ error: 'alleen application/json wordt aanvaard' });
    expect((await harness.bot.store.channelAddresses.get('gea-lemmens'))).toBeUndefined();
  });

  it('accepts application/json with a UTF-8 charset', async () => {
    const { status } = await post({ ...bearer(), 'content-type': 'application/json; charset=UTF-8' }, installation());
    expect(status).toBe(200);
    expect((await harness.bot.store.channelAddresses.get('els-vermeulen'))).toBeDefined();
  });

  it('refuses a body announced as over 256 KB with 413 before it is sent', async () => {
    const answer = await answerBeforeBody(harness.bot.server.url, { ...bearer(), 'content-type': 'application/json' }, Buffer.alloc(300 * 1024, 0x20), 1024);
    expect(answer.status).toBe(413);
    expect(answer.bodyComplete).toBe(false);
  });

  it('stops reading a chunked body at 256 KB and answers 413', async () => {
    const activity = JSON.stringify(els.activity({ type: 'message', text: 'x'.repeat(300 * 1024) }));
    const { status } = await rawRequest(harness.bot.server.url, { path: '/api/messages', headers: { ...bearer(), 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: activity });
    expect(status).toBe(413);
  });

  it('keeps /healthz and /downloads working, with fixed answers for unknown paths', async () => {
    const health = await rawRequest(harness.bot.server.url, { method: 'GET', path: '/healthz' });
    expect([health.status, JSON.parse(health.text)]).toEqual([200, { status: 'ok', store: harness.database ? 'postgres' : 'file', jobs: 'running' }]);
    const download = await rawRequest(harness.bot.server.url, { method: 'GET', path: '/downloads?token=onzin' });
    expect(download.status).toBeGreaterThanOrEqual(400);
    expect(download.status).toBeLessThan(500);
    // Opened in a browser: a Dutch sentence, not JSON.
    expect(download.text).toBe('Deze downloadlink is ongeldig.\n');
    const unknown = await rawRequest(harness.bot.server.url, { method: 'GET', path: '/api/%3Cscript%3Ealert(1)%3C%2Fscript%3E' });
    expect(unknown.status).toBe(404);
    expect(unknown.text).not.toMatch(/script|alert/i);
  });
});
