import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotUnderTest, TeamsUser } from '../support/botUnderTest.js';
import { BOT_FRAMEWORK_ISSUER, OpenIdStandIn, unsignedToken } from '../support/openIdStandIn.js';
import { APP_ID, startProductionBot } from '../support/productionBot.js';

/**
 * Production mode: every request to /api/messages must carry a valid Bot Framework token. The
 * bot's real validation (botbuilder) runs against a local OpenID-metadata and JWKS stand-in.
 */

const openId = new OpenIdStandIn();
let harness: BotUnderTest;
let els: TeamsUser;

beforeAll(async () => {
  await openId.start();
  harness = await startProductionBot(openId, { ALLOWED_TENANT_IDS: 'tenant-demo' });
  els = harness.user('els-vermeulen');
});
afterAll(async () => {
  await harness.stop();
  await openId.stop();
});

/** An installation needs no reply, so its effect (the stored address) shows whether it was processed. */
async function installWith(token: string | undefined, fields: Record<string, unknown> = {}) {
  const activity = els.activity({ type: 'installationUpdate', action: 'add', ...fields });
  return els.post(activity, token ? { authorization: `Bearer ${token}` } : {});
}

const validClaims = () => ({ aud: APP_ID, serviceurl: harness.connector.url });

describe('channel authentication in production mode', () => {
  it('accepts a valid Bot Framework token and processes the activity', async () => {
    const { status } = await installWith(openId.token(validClaims()));
    expect(status).toBe(200);
    expect((await harness.bot.store.channelAddresses.get('els-vermeulen'))).toBeDefined();
  });

  it.each([
    ['no token at all', () => undefined],
    ['a token for another bot (wrong audience)', () => openId.token({ ...validClaims(), aud: 'another-bot' })],
    ['a token from another issuer', () => openId.token({ ...validClaims(), iss: 'https://sts.example.org' })],
    ['an expired token', () => openId.token(validClaims(), { expiresInSeconds: -3600 })],
    ['an unsigned token (alg: none)', () => unsignedToken({ ...validClaims(), iss: BOT_FRAMEWORK_ISSUER, exp: Math.floor(Date.now() / 1000) + 3600 }, openId.kid)],
    ['a token signed with a key not in the JWKS, claiming a published key id', () => openId.token(validClaims(), { key: openId.strangerKey.privateKey })],
    ['a token naming a key id the JWKS does not have', () => openId.token(validClaims(), { key: openId.strangerKey.privateKey, kid: 'attacker' })],
    ['a token for another serviceUrl', () => openId.token({ ...validClaims(), serviceurl: 'https://smba.trafficmanager.example/' })],
  ])('refuses %s with 401 and processes nothing', async (_name, makeToken) => {
    const stranger = harness.user('gea-lemmens');
    const token = makeToken();
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const { status } = await stranger.post(stranger.activity({ type: 'installationUpdate', action: 'add' }), headers);
    expect(status).toBe(401);
    expect((await harness.bot.store.channelAddresses.get('gea-lemmens'))).toBeUndefined();
  });

  it('refuses an activity from a Microsoft 365 tenant that is not allowed, even with a valid token', async () => {
    const frank = harness.user('frank-geurts');
    const activity = frank.activity({
      type: 'installationUpdate',
      action: 'add',
      conversation: { id: frank.conversationId, conversationType: 'personal', tenantId: 'other-tenant' },
      channelData: { tenant: { id: 'other-tenant' } },
    });
    const { status } = await frank.post(activity, { authorization: `Bearer ${openId.token(validClaims())}` });
    expect(status).toBe(403);
    expect((await harness.bot.store.channelAddresses.get('frank-geurts'))).toBeUndefined();
  });
});
