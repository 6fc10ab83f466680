import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotUnderTest, type TeamsUser } from '../support/botUnderTest.js';
import { OpenIdStandIn } from '../support/openIdStandIn.js';
import { APP_ID, channelToken, startProductionBot } from '../support/productionBot.js';
import { fuzzAgent, rawRequest, type RawResponse } from '../support/rawHttp.js';

/**
 * Fuzzing over HTTP against the real server: mangled activities, wrong headers, junk bodies and
 * deep nesting, 16 requests in flight. Whatever arrives, the answer is below 500 and carries
 * no stack trace or error text. In production mode most requests carry a valid token, so the
 * fuzz reaches past authentication into the schema, the tenant gate and the handlers.
 */

const BATCH = 16;
const PRODUCTION_REQUESTS = 10_000;
const LOCAL_REQUESTS = 4_000;
const STACK_TRACE = /\bat [\w.<>$]+ \(|[\w/\\-]+\.(?:ts|js|mjs|cjs):\d+|\b(?:Type|Range|Syntax|Reference)Error\b|ECONN|Unauthorized\.|validateAndFixActivity/;

const openId = new OpenIdStandIn();
let production: BotUnderTest;
let local: BotUnderTest;

beforeAll(async () => {
  await openId.start();
  [production, local] = await Promise.all([startProductionBot(openId, { ALLOWED_TENANT_IDS: 'tenant-demo' }), BotUnderTest.start()]);
});
afterAll(async () => {
  await Promise.all([production.stop(), local.stop()]);
  await openId.stop();
  fuzzAgent.destroy();
});

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', ' ', 'not a url', 'javascript:alert(1)', 'ftp://connector.example/', 'http://', '2026-13-45T25:00:00Z', '29:els', 'tenant-demo', 'TENANT-DEMO', 'other-tenant', '__proto__', 'x'.repeat(3000)),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const paths = fc.constantFrom(
  'type', 'id', 'name', 'channelId', 'serviceUrl', 'timestamp', 'localTimestamp', 'locale', 'deliveryMode', 'text', 'textFormat', 'replyToId', 'action',
  'from', 'from.id', 'from.aadObjectId', 'from.name', 'recipient', 'recipient.id', 'conversation', 'conversation.id', 'conversation.tenantId',
  'conversation.conversationType', 'channelData', 'channelData.tenant', 'channelData.tenant.id', 'value', 'value.action', 'value.action.type',
  'value.action.verb', 'value.action.data', 'value.action.data.consultId', 'value.trigger', 'attachments', 'attachments.0', 'attachments.0.contentUrl',
  'attachments.0.content', 'entities', 'entities.0', 'entities.0.mentioned', 'membersAdded', 'membersAdded.0', 'membersAdded.0.id', '__proto__', 'constructor',
);
const invokeNames = fc.constantFrom(
  'adaptiveCard/action', 'composeExtension/query', 'composeExtension/fetchTask', 'composeExtension/submitAction', 'task/fetch', 'task/submit',
  'signin/verifyState', 'signin/tokenExchange', 'fileConsent/invoke', 'actionableMessage/executeAction', 'config/fetch', 'healthCheck', 'onzin', '',
);
const verbs = fc.constantFrom('consult.submit', 'consult.accept', 'consult.decline', 'consult.refresh', 'consult.relay', 'mdo.join', 'mdo.plan', 'download.link', 'bestaat.niet');

/** A well-formed activity of one of the kinds Teams sends, from a known user or a stranger. */
function baseActivity(user: TeamsUser, kind: string, name: string, verb: string, data: unknown): Record<string, unknown> {
  switch (kind) {
    case 'message':
      return user.activity({ type: 'message', text: typeof data === 'string' ? data : 'consulten' });
    case 'card':
      return user.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' }, replyToId: 'act-1' });
    case 'invoke':
      return user.activity({ type: 'invoke', name, value: { commandId: 'zoek', parameters: [{ name: 'q', value: 'x' }], action: { type: 'Action.Execute', verb, data } } });
    case 'members':
      return user.activity({ type: 'conversationUpdate', membersAdded: [{ id: '28:pz-consultbot' }] });
    default:
      return user.activity({ type: kind });
  }
}

/** Marks a mutation that removes the field instead of replacing it. */
const DELETE = Symbol('delete');

/** Replaces (or removes) the field at a dotted path, creating objects on the way; `__proto__` becomes an own field, as JSON.parse makes it. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: any = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key];
  }
  const last = keys.at(-1)!;
  if (value === DELETE) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

function nested(depth: number, open: string, close: string): string {
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}

/** One request: headers and a body, raw. */
interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** Tokens for production mode: one valid, the others wrong in one way each. */
interface Tokens {
  valid: string;
  wrong: string[];
}

function requests(harness: BotUnderTest, tokens: Tokens | undefined): fc.Arbitrary<FuzzRequest> {
  const users = [harness.user('anna-de-vries'), harness.user('els-vermeulen'), harness.user('frank-geurts'), harness.stranger()];
  const activity = fc
    .record({
      user: fc.nat({ max: 3 }),
      kind: fc.constantFrom('message', 'message', 'card', 'card', 'invoke', 'members', 'installationUpdate', 'typing', 'event', 'messageReaction', 'endOfConversation'),
      name: invokeNames,
      verb: verbs,
      data: fc.oneof(fc.dictionary(fc.constantFrom('consultId', 'formId', 'meetingId', 'declineReason', 'text', 'question'), junk, { maxKeys: 4 }), junk),
      mutations: fc.oneof(fc.constant([]), fc.array(fc.tuple(paths, fc.oneof(junk, fc.constant(DELETE))), { minLength: 1, maxLength: 3 })),
      deepValue: fc.option(fc.integer({ min: 5, max: 40 }), { freq: 8 }),
    })
    .map(({ user, kind, name, verb, data, mutations, deepValue }) => {
      const body = baseActivity(users[user]!, kind, name, verb, data);
      for (const [path, value] of mutations) setPath(body, path, value);
      // Nesting inside the activity: within the bound it must be handled, beyond it refused.
      if (deepValue) setPath(body, 'channelData.x', JSON.parse(nested(deepValue, '{"a":', '}')));
      return JSON.stringify(body);
    });
  const junkBody = fc.oneof(
    fc.json(),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
    fc.integer({ min: 33, max: 20_000 }).map((depth) => nested(depth, '[', ']')),
    fc.integer({ min: 33, max: 20_000 }).map((depth) => nested(depth, '{"a":', '}')),
    fc.constantFrom('', '{}', '[]', 'null', '{"type":"message"}', '{"type":"invoke","name":"adaptiveCard/action"}', '{"__proto__":{"type":"message"}}'),
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '', '*/*', 'application/json; q=1') },
  );
  const encoding = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(undefined, 'identity') }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br') });
  const authorization = fc.oneof({ weight: 8, arbitrary: fc.constant('valid') }, { weight: 1, arbitrary: fc.constantFrom('none', 'junk', 'wrong') });
  const messages = fc.record({ body: fc.oneof({ weight: 6, arbitrary: activity }, { weight: 2, arbitrary: junkBody }), contentType, encoding, authorization, wrong: fc.nat() }).map(
    ({ body, contentType: type, encoding: enc, authorization: auth, wrong }): FuzzRequest => {
      const token = !tokens || auth === 'none' ? undefined : auth === 'valid' ? tokens.valid : auth === 'junk' ? 'onzin.onzin.onzin' : tokens.wrong[wrong % tokens.wrong.length];
      const headers: Record<string, string> = {
        ...(type ? { 'content-type': type } : {}),
        ...(enc ? { 'content-encoding': enc } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      };
      return { method: 'POST', path: '/api/messages', headers, body: enc === 'gzip' ? gzipSync(body) : body };
    },
  );
  const otherDoors = fc.record({ method: fc.constantFrom('GET', 'PUT', 'DELETE', 'POST', 'PATCH'), path: fc.constantFrom('/api/messages', '/healthz', '/downloads?token=x', '/downloads', '/<script>', '/api/messages/../x', '/%ZZ') }).map(
    ({ method, path }): FuzzRequest => ({ method, path, headers: {}, body: '' }),
  );
  return fc.oneof({ weight: 19, arbitrary: messages }, { weight: 1, arbitrary: otherDoors });
}

/** What a failing request looked like, short enough to read in a test report. */
function describeRequest(request: FuzzRequest, answer: RawResponse): string {
  const body = Buffer.isBuffer(request.body) ? `<${request.body.length} bytes>` : request.body.slice(0, 1500);
  const headers = { ...request.headers, ...(request.headers.authorization ? { authorization: '<token>' } : {}) };
  return `${request.method} ${request.path} ${JSON.stringify(headers)}\n${body}\n→ ${answer.status} ${answer.text.slice(0, 300)}`;
}

/** Sends `total` requests, 16 at a time; returns how often each status came back. */
async function fuzz(harness: BotUnderTest, tokens: Tokens | undefined, total: number): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let failure = '';
  const result = await fc.check(
    fc.asyncProperty(fc.array(requests(harness, tokens), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const answers: RawResponse[] = await Promise.all(batch.map((request) => rawRequest(harness.bot.server.url, { ...request, agent: fuzzAgent })));
      for (const [i, answer] of answers.entries()) {
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500 || STACK_TRACE.test(answer.text)) {
          failure = describeRequest(batch[i]!, answer);
          return false;
        }
      }
      return true;
    }),
    { numRuns: total / BATCH, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
  );
  expect(failure, `seed ${result.seed}`).toBe('');
  return statuses;
}

describe('fuzzing /api/messages over HTTP', () => {
  it(`answers ${PRODUCTION_REQUESTS} fuzzed requests in production mode below 500 and without a stack trace, many of them past authentication`, async () => {
    const tokens: Tokens = {
      valid: channelToken(openId, production),
      wrong: [
        channelToken(openId, production, { aud: 'another-bot' }),
        channelToken(openId, production, { serviceurl: 'https://smba.example/' }),
        openId.token({ aud: APP_ID, serviceurl: production.connector.url }, { expiresInSeconds: -3600 }),
        openId.token({ aud: APP_ID, serviceurl: production.connector.url }, { key: openId.strangerKey.privateKey }),
      ],
    };
    const statuses = await fuzz(production, tokens, PRODUCTION_REQUESTS);
    const total = [...statuses.values()].reduce((sum, n) => sum + n, 0);
    expect(total).toBe(PRODUCTION_REQUESTS);
    // Past the token, the schema and the tenant gate into a turn.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(PRODUCTION_REQUESTS / 5);
    for (const status of [400, 401, 403, 415]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
  }, 180_000);

  it(`answers ${LOCAL_REQUESTS} fuzzed requests in local mode below 500 and without a stack trace`, async () => {
    const statuses = await fuzz(local, undefined, LOCAL_REQUESTS);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(LOCAL_REQUESTS / 5);
  }, 120_000);
});
