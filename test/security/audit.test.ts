import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainEntry, verifyChain, type AuditEntry, type AuditFact } from '../../src/domain/audit.js';
import { FileAuditTrail } from '../../src/store/auditLog.js';
import { BotUnderTest } from '../support/botUnderTest.js';

const fact = (n: number, patientRef = 'P-AAAAAAAAAA'): AuditFact => ({
  at: `2026-11-23T09:0${n}:00.000Z`, actorId: `person-${n}`, actorRole: 'specialist', action: 'consult.accept',
  result: 'toegestaan', patientRef, objectId: 'c1', channel: 'msteams', tenantId: 'tenant',
});

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= length; i++) entries.push(chainEntry(fact(i), entries.at(-1)));
  return entries;
}

describe('the hash chain shows tampering and deletion', () => {
  it('accepts an untouched chain', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, entries: 5 });
  });

  it('finds an entry whose content was changed', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, actorId: 'someone-else' };
    expect(verifyChain(entries)).toMatchObject({ ok: false, sequence: 3, problem: 'regel 3 is gewijzigd' });
  });

  it('finds a deleted entry', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verifyChain(entries)).toMatchObject({ ok: false, sequence: 2 });
  });

  it('finds an entry rewritten with a fresh hash of its own', () => {
    const entries = chain(5);
    entries[2] = chainEntry({ ...fact(3), actorId: 'forged' }, { sequence: 2, hash: 'f'.repeat(64) });
    expect(verifyChain(entries)).toMatchObject({ ok: false, sequence: 3, problem: 'regel 3 sluit niet aan op de vorige' });
  });
});

describe('the audit trail on disk', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pz-audit-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps every recorded entry across a restart and continues the chain', async () => {
    const trail = await FileAuditTrail.open(root);
    for (let i = 1; i <= 3; i++) await trail.record(fact(i));
    const reopened = await FileAuditTrail.open(root);
    await reopened.record(fact(4));
    expect(await reopened.verify()).toEqual({ ok: true, entries: 4 });
    expect((await reopened.forPatient('P-AAAAAAAAAA')).map((e) => e.actorId)).toEqual(['person-1', 'person-2', 'person-3', 'person-4']);
  });

  it('cuts off a line a crash left half-written, and records that it did', async () => {
    const trail = await FileAuditTrail.open(root);
    await trail.record(fact(1));
    await appendFile(join(root, 'audit', '2026-11.jsonl'), '{"sequence":2,"previousHash":"ab');
    const reopened = await FileAuditTrail.open(root);
    expect(await reopened.verify()).toMatchObject({ ok: true, entries: 2 });
    const all: AuditEntry[] = [];
    for await (const entry of reopened.entries()) all.push(entry);
    expect(all[1]).toMatchObject({ action: 'audit.herstel', detail: expect.stringContaining('onvolledige laatste regel') });
  });
});

describe('the bot writes the audit trail, and an admin can read and verify it', () => {
  let harness: BotUnderTest;
  beforeEach(async () => {
    harness = await BotUnderTest.start();
  });
  afterEach(async () => {
    await harness.stop();
  });

  it('records who saw and changed a patient’s consult, and shows it to an admin', async () => {
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    const lars = harness.user('lars-wouters');
    await Promise.all([gp.install(), els.install()]);
    const { consult } = await gp.requestConsult({ complexity: 'laag', dimensions: 'sociaal', question: 'Mantelzorger overbelast, wat nu?' });
    await els.press('consult.accept', { consultId: consult.id });

    const entries = await harness.bot.auditTrail.forPatient(consult.patientRef);
    expect(entries.map((e) => [e.actorId, e.action, e.result])).toEqual([
      ['els-vermeulen', 'consult.offer', 'toegestaan'],
      ['anna-de-vries', 'consult.submit', 'toegestaan'],
      ['els-vermeulen', 'consult.accept', 'toegestaan'],
    ]);
    expect(entries[2]).toMatchObject({ actorRole: 'specialist', objectId: consult.id, channel: 'msteams', tenantId: 'tenant-demo' });

    await lars.say(`audit patiënt ${consult.ref}`);
    const report = lars.messages().at(-1)!;
    expect(report).toContain(`Audittrail voor ${consult.patientRef}: 3 regels.`);
    expect(report).toContain('Els Vermeulen (specialist) · consult.accept · toegestaan');
    await lars.say('audit verifiëren');
    expect(lars.messages().at(-1)).toMatch(/^De audittrail is in orde: \d+ regels/);
  });

  it('records refusals: a role without the permission, and a stranger', async () => {
    const karin = harness.user('karin-bosch');
    await karin.say('consult');
    await harness.stranger().say('consult');
    const all: AuditEntry[] = [];
    for await (const entry of harness.bot.auditTrail.entries()) all.push(entry);
    expect(all.map((e) => [e.actorRole, e.action, e.result])).toEqual([
      ['coordinator', 'consult.request', 'geweigerd'],
      ['onbekend', 'consult.request', 'geweigerd'],
    ]);
  });

  it('tells the admin when someone edited the trail', async () => {
    const karin = harness.user('karin-bosch');
    await karin.say('consult');
    await karin.say('consult');
    const [file] = await readdir(join(harness.storeDir, 'audit'));
    const path = join(harness.storeDir, 'audit', file!);
    await writeFile(path, (await readFile(path, 'utf8')).replace('"coordinator"', '"admin"'));
    const lars = harness.user('lars-wouters');
    await lars.say('audit verifiëren');
    expect(lars.messages().at(-1)).toContain('De audittrail is NIET in orde: regel 1 is gewijzigd.');
  });

  it('keeps audit commands for admins', async () => {
    const karin = harness.user('karin-bosch');
    await karin.say('audit verifiëren');
    expect(karin.messages().at(-1)).toBe('Dit mag u in uw rol niet doen.');
  });
});
