import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, type BotUnderTest, type TeamsUser } from '../support/botUnderTest.js';
import { OpenIdStandIn } from '../support/openIdStandIn.js';
import { APP_ID, channelToken, startProductionBot } from '../support/productionBot.js';
import { rawRequest } from '../support/rawHttp.js';

/**
 * Production mode, past the token: an activity that does not fit the schema of what the bot
 * reads is refused with 400 and a fixed text; every invoke gets an invoke answer; what
 * botbuilder writes to the console reaches the log as a fixed line, without request content.
 */

const openId = new OpenIdStandIn();
let harness: BotUnderTest;
let gp: TeamsUser;
const logLines: string[] = [];
const NOT_AN_ACTIVITY = { error: 'geen geldige Bot Framework-activiteit' };

beforeAll(async () => {
  await openId.start();
  const sink = new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) });
  harness = await startProductionBot(openId, {}, pino({ level: 'debug' }, sink));
  gp = harness.user('anna-de-vries');
});
afterAll(async () => {
  await harness.stop();
  await openId.stop();
});

const withToken = (token = channelToken(openId, harness)) => ({ authorization: `Bearer ${token}` });
const post = (body: unknown, token?: string) =>
  rawRequest(harness.bot.server.url, { path: '/api/messages', headers: { 'content-type': 'application/json', ...withToken(token) }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('an activity that does not fit what the bot reads', () => {
  it.each([
    ['a from.aadObjectId that is not a string', { from: { id: '29:anna', aadObjectId: 42 } }],
    ['a serviceUrl that is not an http(s) URL', { serviceUrl: 'javascript:alert(1)' }],
    ['a serviceUrl that is no URL at all', { serviceUrl: 'geen url' }],
    ['a timestamp that is no date', { timestamp: '2026-13-45T25:00:00Z' }],
    ['an id that is an array', { id: [] }],
    ['a conversation without an id', { conversation: { conversationType: 'personal' } }],
    ['attachments that are not a list', { attachments: { 0: {} } }],
    ['a mention without a type', { entities: [{ mentioned: { id: '28:pz-consultbot' } }] }],
    ['a card action that is not Action.Execute', { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Submit', verb: 'consult.refresh' } } }],
  ])('refuses %s with 400 and a fixed text', async (_name, fields) => {
    const before = harness.connector.calls.length;
    const { status, text } = await post(gp.activity({ type: 'message', text: 'consulten', ...fields }));
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual(NOT_AN_ACTIVITY);
    expect(harness.connector.calls.length).toBe(before);
  });

  it('refuses nesting 10,000 deep with 400 and keeps answering', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const { status, text } = await post(JSON.stringify(gp.activity({ type: 'message', text: 'consulten' })).replace(/}$/, `,"value":${deep}}`));
    expect([status, JSON.parse(text)]).toEqual([400, NOT_AN_ACTIVITY]);
    expect((await post(gp.activity({ type: 'message', text: 'help' }))).status).toBe(200);
  });

  it('accepts nesting within the bound', async () => {
    const { status } = await post(gp.activity({ type: 'message', text: 'help', channelData: { tenant: { id: 'tenant-demo' }, x: JSON.parse(`${'{"a":'.repeat(25)}1${'}'.repeat(25)}`) } }));
    expect(status).toBe(200);
  });
});

describe('every invoke gets an invoke answer, never 5xx', () => {
  const invoke = (name: string, value: unknown = {}, fields: Record<string, unknown> = {}) => post(gp.activity({ type: 'invoke', name, value, ...fields }));

  it('answers a message-extension search with a Dutch message', async () => {
    const { status, text } = await invoke('composeExtension/query', { commandId: 'zoek', parameters: [{ name: 'q', value: 'x' }] });
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ composeExtension: { type: 'message', text: 'Deze actie kent PZ-Consultbot niet. Er is niets gewijzigd.' } });
  });

  it.each(['task/fetch', 'task/submit'])('answers %s with a Dutch task-module message', async (name) => {
    const { status, text } = await invoke(name, { data: {} });
    expect(status).toBe(200);
    expect(JSON.parse(text).task).toEqual({ type: 'message', value: 'Deze actie kent PZ-Consultbot niet. Er is niets gewijzigd.' });
  });

  it.each([
    ['a verb it does not know', { type: 'Action.Execute', verb: 'bestaat.niet', data: {} }],
    ['no verb', { type: 'Action.Execute', data: {} }],
  ])('answers an Action.Execute with %s with a Dutch card', async (_name, action) => {
    const { status, text } = await invoke('adaptiveCard/action', { action }, { replyToId: 'act-1' });
    expect(status).toBe(200);
    expect(cardText(JSON.parse(text).value)).toContain('Deze kaart is niet (meer) geldig');
  });

  it('answers an Action.Execute without replyToId with a card', async () => {
    const { status, text } = await invoke('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'consult.accept', data: { consultId: 'bestaat-niet' } } });
    expect(status).toBe(200);
    expect(JSON.parse(text).statusCode).toBe(200);
  });

  it.each(['signin/verifyState', 'signin/tokenExchange', 'fileConsent/invoke', 'onzin'])('answers the unknown invoke %s with 404 and a fixed text', async (name) => {
    const { status, text } = await invoke(name);
    expect(status).toBe(404);
    expect(JSON.parse(text)).toEqual({ error: 'niet gevonden' });
  });
});

describe("dependencies' console output", () => {
  it('reaches the log as a fixed line with the error class, without the token or the request', async () => {
    const expired = openId.token({ aud: APP_ID, serviceurl: harness.connector.url, marker: 'GEHEIM-IN-TOKEN' }, { expiresInSeconds: -3600 });
    const { status, text } = await post(gp.activity({ type: 'message', text: 'VERZOEKTEKST' }), expired);
    expect([status, JSON.parse(text)]).toEqual([401, { error: 'niet geauthenticeerd' }]);
    const consoleLines = logLines.filter((line) => line.includes('a dependency wrote to the console'));
    expect(consoleLines.length).toBeGreaterThan(0);
    expect(consoleLines.some((line) => JSON.parse(line).errorClass === 'TokenExpiredError')).toBe(true);
    const log = logLines.join('');
    for (const secret of [expired, expired.split('.')[1]!, 'VERZOEKTEKST', 'jwt expired']) expect(log).not.toContain(secret);
  });
});
