import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditFact } from '../../src/domain/audit.js';
import { AuditTrailBrokenError } from '../../src/store/auditLog.js';
import { PostgresStore } from '../../src/store/postgres/postgresStore.js';
import { postgresUrl, privateSchema } from '../support/postgres.js';

const run = promisify(execFile);
const TSX = resolve('node_modules/.bin/tsx');
const KEY = 'test-key-for-the-audit-trail-0123456789abcdef';

const fact = (n: number, instance: string, patientRef = 'P-AAAAAAAAAA'): AuditFact => ({
  at: new Date(Date.UTC(2026, 10, 23, 9, 0, n)).toISOString(), actorId: `person-${n}`, actorRole: 'specialist', action: 'consult.view',
  result: 'toegestaan', patientRef, objectId: `c-${n}`, channel: instance, tenantId: 'tenant',
});

describe.runIf(postgresUrl())('the audit trail on PostgreSQL: one chain for every instance', () => {
  let schema: Awaited<ReturnType<typeof privateSchema>>;
  const stores: PostgresStore[] = [];
  /** An instance of the bot's storage on the shared database: a pool of its own, as another process has. */
  const instance = async () => {
    stores.push(await PostgresStore.open(schema.url));
    return stores.at(-1)!;
  };
  /** What a database administrator (or an intruder with the table owner's rights) can do beside the bot. */
  const asOwner = async (sql: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      await client.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
      await client.query(sql, values);
      await client.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
    } finally {
      await client.end();
    }
  };

  beforeEach(async () => {
    schema = await privateSchema();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await schema.drop();
  });

  it('gives one unbroken chain when two instances append at the same time', async () => {
    const [first, second] = [await (await instance()).openAuditTrail(KEY), await (await instance()).openAuditTrail(KEY)];
    const recorded = await Promise.all([
      ...Array.from({ length: 150 }, (_, i) => first.record(fact(i, 'instance-1'))),
      ...Array.from({ length: 150 }, (_, i) => second.record(fact(i, 'instance-2'))),
    ]);
    expect(new Set(recorded.map((entry) => entry.sequence)).size).toBe(300);
    expect(await first.verify()).toEqual({ ok: true, entries: 300 });
    const reopened = await (await instance()).openAuditTrail(KEY);
    expect((await reopened.record(fact(1, 'instance-3'))).sequence).toBe(301);
    expect(await reopened.verify()).toEqual({ ok: true, entries: 301 });
  });

  it('gives one unbroken chain when two processes append at the same time', { timeout: 60_000 }, async () => {
    const appender = (instance: string) => run(TSX, ['test/support/auditAppender.ts', schema.url, KEY, instance, '200']);
    await Promise.all([appender('instance-1'), appender('instance-2')]);
    const trail = (await instance()).auditTrailReader(KEY);
    expect(await trail.verify()).toEqual({ ok: true, entries: 400 });
    const byInstance = new Map<string, number>();
    for await (const entry of trail.entries()) byInstance.set(entry.channel, (byInstance.get(entry.channel) ?? 0) + 1);
    expect(Object.fromEntries(byInstance)).toEqual({ 'instance-1': 200, 'instance-2': 200 });
  });

  it('refuses a change or removal of an entry through the bot’s own connection', async () => {
    const trail = await (await instance()).openAuditTrail(KEY);
    await trail.record(fact(1, 'instance-1'));
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      await expect(client.query("UPDATE audit_entries SET entry = '{}'")).rejects.toThrow(/alleen aangevuld: UPDATE/);
      await expect(client.query('DELETE FROM audit_entries')).rejects.toThrow(/alleen aangevuld: DELETE/);
    } finally {
      await client.end();
    }
    expect(await trail.verify()).toEqual({ ok: true, entries: 1 });
  });

  it('finds an entry changed in the database, at the next start when it came after the previous start, and by the full check always', async () => {
    const trail = await (await instance()).openAuditTrail(KEY);
    for (let i = 1; i <= 3; i++) await trail.record(fact(i, 'instance-1'));
    await (await instance()).openAuditTrail(KEY);
    for (let i = 4; i <= 6; i++) await trail.record(fact(i, 'instance-1'));
    await asOwner("UPDATE audit_entries SET entry = replace(entry, 'person-5', 'someone-else') WHERE sequence = 5");
    const refused = (await instance()).openAuditTrail(KEY);
    await expect(refused).rejects.toBeInstanceOf(AuditTrailBrokenError);
    await expect(refused).rejects.toThrow('rij 5 van de tabel audit_entries (vermelding 5) is gewijzigd');
    await asOwner("UPDATE audit_entries SET entry = replace(entry, 'person-2', 'someone-else') WHERE sequence = 2");
    expect(await trail.verify()).toMatchObject({ ok: false, problem: 'rij 2 van de tabel audit_entries (vermelding 2) is gewijzigd, of niet met deze AUDIT_KEY vastgelegd' });
  });

  it('refuses to start when entries checked at an earlier start were removed, or the tail was cut', async () => {
    const trail = await (await instance()).openAuditTrail(KEY);
    for (let i = 1; i <= 4; i++) await trail.record(fact(i, 'instance-1'));
    await (await instance()).openAuditTrail(KEY);
    await asOwner('DELETE FROM audit_entries WHERE sequence = 2');
    await expect((await instance()).openAuditTrail(KEY)).rejects.toThrow(/de audittrail telt 3 van de 4 vermeldingen die bij een eerdere start in orde waren/);
    expect(await trail.verify()).toMatchObject({ ok: false, problem: 'rij 3 van de tabel audit_entries: vermelding 2 ontbreekt (gevonden: vermelding 3)' });
  });

  it('shows a cut tail against the signed head checkpoint', async () => {
    const trail = await (await instance()).openAuditTrail(KEY);
    for (let i = 1; i <= 4; i++) await trail.record(fact(i, 'instance-1'));
    await asOwner('DELETE FROM audit_entries WHERE sequence = 4');
    await expect((await instance()).openAuditTrail(KEY)).rejects.toThrow(/de audittrail is ingekort na rij 3 van de tabel audit_entries \(vermelding 3\)/);
  });

  it('puts each signed checkpoint in the log, and lists one patient’s entries', async () => {
    const lines: string[] = [];
    const logger = pino(new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const trail = await (await instance()).openAuditTrail(KEY, logger);
    await trail.record(fact(1, 'instance-1', 'P-BBBBBBBBBB'));
    await trail.record(fact(2, 'instance-1'));
    expect(lines.map((line) => JSON.parse(line).auditCheckpoint?.count)).toEqual([1, 2]);
    expect((await trail.forPatient('P-BBBBBBBBBB')).map((entry) => entry.sequence)).toEqual([1]);
  });
});
