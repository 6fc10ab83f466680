import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAllowedHost } from '../../src/bot/attachments.js';
import { BotUnderTest, type TeamsUser } from '../support/botUnderTest.js';

/**
 * Attachments are fetched over https on port 443 only. A listener stands on a high port of this
 * machine and counts every connection made to it, so "nothing was fetched" is seen, not assumed.
 */

const HENDRIK = readFileSync('test/fixtures/fhir/QuestionnaireResponse-HendrikHartman-20201001.json', 'utf8');
const REFUSED = 'Deze bijlage komt niet van een toegestane bron en is niet opgehaald. Er is niets ingelezen.';

let listener: TcpServer;
let listenerPort = 0;
let connections = 0;
let redirector: Server;
let redirectorBase = '';
let fileServer: Server;
let fileServerRequests = 0;
let fileBase = '';

beforeAll(async () => {
  // Dual-stack, so 'localhost' reaches it whether it resolves to 127.0.0.1 or ::1.
  listener = createTcpServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '::', resolve));
  listenerPort = (listener.address() as AddressInfo).port;

  fileServer = createHttpServer((_req, res) => {
    fileServerRequests++;
    res.end(HENDRIK);
  });
  await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
  fileBase = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}`;

  redirector = createHttpServer((req, res) => {
    res.statusCode = 302;
    res.setHeader('location', `${fileBase}${req.url ?? '/'}`);
    res.end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  redirectorBase = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const server of [fileServer, redirector]) server.closeAllConnections();
  await Promise.all([listener, fileServer, redirector].map((server) => new Promise((resolve) => server.close(resolve))));
});

let harness: BotUnderTest;
let gp: TeamsUser;
beforeEach(async () => {
  harness = await BotUnderTest.start({ env: { ATTACHMENT_HOSTS: '127.0.0.1,localhost' } });
  gp = harness.user('anna-de-vries');
  await gp.install();
  connections = 0;
  fileServerRequests = 0;
});
afterEach(async () => {
  await harness.stop();
});

async function importFrom(url: string): Promise<string> {
  await gp.post(
    gp.activity({
      type: 'message',
      text: 'acp importeren HIS-1',
      attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'hendrik.json', content: { downloadUrl: url, fileType: 'json' } }],
    }),
  );
  return gp.messages().at(-1) ?? '';
}

async function auditedRefusals(): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of harness.bot.auditTrail.entries()) if (entry.action === 'acp.import' && entry.result === 'geweigerd') found.push(entry.detail ?? '');
  return found;
}

describe('fetching an attached file', () => {
  it.each([
    ['https on another port', () => `https://localhost:${listenerPort}/hendrik.json`],
    ['plain http on another port', () => `http://localhost:${listenerPort}/hendrik.json`],
    ['plain http on port 80', () => 'http://localhost/hendrik.json'],
    ['an explicit port 8443', () => 'https://localhost:8443/hendrik.json'],
  ])('refuses %s on an allowed host with the disallowed-host message, and connects nowhere', async (_name, url) => {
    expect(await importFrom(url())).toBe(REFUSED);
    expect(connections).toBe(0);
    expect(await auditedRefusals()).toEqual(['bijlage van een niet-toegestane bron']);
    expect(await readdir(harness.storeDir)).not.toContain('acp');
  });

  it('accepts an explicit :443 as the standard port (here nothing listens there, so the fetch itself fails)', async () => {
    const reply = await importFrom('https://localhost:443/hendrik.json');
    expect(reply).not.toBe(REFUSED);
    expect(reply).toContain('Het bestand kon niet worden opgehaald.');
  });

  it('does not follow a redirect, even to an allowed host, and reads nothing in', async () => {
    const reply = await importFrom(`${redirectorBase}/hendrik.json`);
    expect(reply).toContain('Het ACP is niet ingelezen; er is niets opgeslagen.');
    expect(reply).toContain('Het bestand kon niet worden opgehaald.');
    expect(fileServerRequests).toBe(0);
    expect(await readdir(harness.storeDir)).not.toContain('acp');
  });

  it('does read the same file from the loopback file server directly in local mode (the control for the redirect)', async () => {
    expect(await importFrom(`${fileBase}/hendrik.json`)).toContain('Toestemming om te delen');
    expect(fileServerRequests).toBe(1);
  });
});

describe('the attachment rule outside local mode', () => {
  const hosts = ['*.sharepoint.com', '127.0.0.1'];
  it.each([
    ['https://contoso.sharepoint.com/x.json', true],
    ['https://contoso.sharepoint.com:443/x.json', true],
    ['https://contoso.sharepoint.com:8443/x.json', false],
    ['https://contoso.sharepoint.com:80/x.json', false],
    ['http://contoso.sharepoint.com/x.json', false],
    ['http://127.0.0.1:8080/x.json', false],
    ['https://evil.example/x.json', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedHost(url, hosts, false)).toBe(allowed);
  });
});
