import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit.js';
import { BotUnderTest, type TeamsUser } from '../support/botUnderTest.js';
import { OpenIdStandIn } from '../support/openIdStandIn.js';
import { channelToken, startProductionBot } from '../support/productionBot.js';

/**
 * One tenant per activity, decided once: the tenant gate and the audit trail read the same
 * value. An activity whose two tenant fields (channelData.tenant.id, conversation.tenantId)
 * disagree has no trustworthy tenant: it is refused with 403, and the refusal is audited.
 */

const openId = new OpenIdStandIn();
let harness: BotUnderTest;
let gp: TeamsUser;

beforeAll(async () => {
  await openId.start();
  harness = await startProductionBot(openId, { ALLOWED_TENANT_IDS: 'tenant-demo' });
  gp = harness.user('anna-de-vries');
});
afterAll(async () => {
  await harness.stop();
  await openId.stop();
});

async function auditEntries(bot: BotUnderTest): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const entry of bot.bot.auditTrail.entries()) entries.push(entry);
  return entries;
}

/** A press on a card button with the given tenant fields; every card action is audited, even an unknown one. */
async function pressCard(user: TeamsUser, tenants: { conversation?: string; channelData?: string }, bot = harness) {
  const activity = user.activity({
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: 'bestaat.niet', data: {} } },
    conversation: { id: user.conversationId, conversationType: 'personal', ...(tenants.conversation ? { tenantId: tenants.conversation } : {}) },
    channelData: tenants.channelData ? { tenant: { id: tenants.channelData } } : {},
  });
  const before = (await auditEntries(bot)).length;
  const token: Record<string, string> = bot === harness ? { authorization: `Bearer ${channelToken(openId, harness)}` } : {};
  const { status, body } = await user.post(activity, token);
  return { status, body, audited: (await auditEntries(bot)).slice(before) };
}

describe('one tenant field, checked and audited the same way', () => {
  it.each([
    ['an allowed channelData tenant with another conversation tenant', { channelData: 'tenant-demo', conversation: 'other-tenant' }],
    ['an allowed conversation tenant with another channelData tenant', { channelData: 'other-tenant', conversation: 'tenant-demo' }],
  ])('refuses %s with 403 and audits the refusal', async (_name, tenants) => {
    const { status, body, audited } = await pressCard(gp, tenants);
    expect([status, body]).toEqual([403, { error: 'tenant niet toegestaan' }]);
    expect(audited.map(({ actorId, action, result, detail, tenantId }) => ({ actorId, action, result, detail, tenantId }))).toEqual([
      { actorId: 'anna-de-vries', action: 'tenant.check', result: 'geweigerd', detail: 'tegenstrijdige tenantvelden', tenantId: undefined },
    ]);
  });

  it('refuses a tenant that is not allowed with 403 and audits it under that tenant', async () => {
    const { status, audited } = await pressCard(gp, { channelData: 'Other-Tenant', conversation: 'other-tenant' });
    expect(status).toBe(403);
    expect(audited.map(({ action, result, detail, tenantId }) => ({ action, result, detail, tenantId }))).toEqual([
      { action: 'tenant.check', result: 'geweigerd', detail: 'tenant niet toegestaan', tenantId: 'other-tenant' },
    ]);
  });

  it.each([
    ['both fields, in different case', { channelData: 'TENANT-DEMO', conversation: 'tenant-demo' }],
    ['only channelData.tenant.id', { channelData: 'Tenant-Demo' }],
    ['only conversation.tenantId', { conversation: 'tenant-demo' }],
  ])('audits the tenant the gate let through when the activity has %s', async (_name, tenants) => {
    const { status, audited } = await pressCard(gp, tenants);
    expect(status).toBe(200);
    expect(audited.map(({ action, tenantId }) => ({ action, tenantId }))).toEqual([{ action: 'onbekende-kaartactie', tenantId: 'tenant-demo' }]);
  });

  it('refuses disagreeing tenant fields in local mode too, where no tenant list is set', async () => {
    const local = await BotUnderTest.start();
    try {
      const { status, audited } = await pressCard(local.user('anna-de-vries'), { channelData: 'tenant-demo', conversation: 'other-tenant' }, local);
      expect(status).toBe(403);
      expect(audited.map((entry) => entry.detail)).toEqual(['tegenstrijdige tenantvelden']);
    } finally {
      await local.stop();
    }
  });
});
