import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditFact } from '../../src/domain/audit.js';
import { withdraw } from '../../src/domain/consult.js';
import { FileAuditTrail } from '../../src/store/auditLog.js';
import { FileStore } from '../../src/store/fileStore.js';
import { PostgresStore } from '../../src/store/postgres/postgresStore.js';
import { expectOneLine, tool } from '../support/commandLine.js';
import { postgresUrl, privateSchema } from '../support/postgres.js';
import { aConsult, aContact, aDeath, aMeeting, anAcp, aSeries, offeredAndAccepted } from '../store/records.js';

const AUDIT_KEY = 'migrate-test-audit-key-0123456789abcdef';
const fact = (n: number): AuditFact => ({ at: `2026-11-23T09:0${n}:00.000Z`, actorId: 'els-vermeulen', actorRole: 'specialist', action: 'consult.view', result: 'toegestaan', patientRef: 'P-TEST', channel: 'msteams' });
const NOVEMBER = [new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z')] as const;

/** A network's file store with a record of every kind, and an audit trail of three entries. */
async function aNetwork(root: string) {
  const store = await FileStore.open(root);
  const [open, accepted] = [aConsult(), offeredAndAccepted(aConsult())];
  for (const consult of [open, accepted]) await store.consults.insert(consult);
  const withdrawn = withdraw(open, 'anna-de-vries', new Date('2026-11-23T09:05:00Z'));
  if (!withdrawn.ok || !(await store.consults.replace(withdrawn.consult))) throw new Error('withdraw failed');
  await store.contacts.record([aContact('k-1', '2026-11-23T09:05:00.000Z'), aContact('k-2', '2026-11-24T10:00:00.000Z', 'zuid-limburg')]);
  await store.acps.save(anAcp('P-TEST', '2026-11-20T08:00:00.000Z'));
  await store.deaths.record(aDeath('P-OVERLEDEN', 'mijnstreek'));
  await store.mdo.insertSeries(aSeries('reeks-test'));
  const meeting = aMeeting('2026-12-03T11:30:00.000Z');
  await store.mdo.insertMeeting(meeting);
  await store.rosters.save({ rosterId: 'anw-zuid-limburg', importedAt: '2026-11-20T08:00:00.000Z', source: 'rooster.ics', shifts: [] });
  await store.channelAddresses.save('anna-de-vries', { conversation: { id: 'a:1on1-anna' }, serviceUrl: 'http://127.0.0.1/teams' });
  await store.cardHandles.save(accepted.id, 'els-vermeulen', 'activity-12');
  await store.activities.claim('a:1on1-anna', 'activity-7');
  await store.downloads.put({ fileId: randomUUID(), ownerId: 'karin-bosch', name: 'kpi.csv', contentType: 'text/csv', expiresAt: new Date(Date.now() + 600_000), data: Buffer.from('regio;consulten\n') });
  const trail = await FileAuditTrail.open(root, AUDIT_KEY);
  for (let n = 1; n <= 3; n++) await trail.record(fact(n));
  return { store, closed: withdrawn.consult, accepted, meeting };
}

describe.runIf(postgresUrl())('npm run store:migrate moves a network from the file store to PostgreSQL', { timeout: 120_000 }, () => {
  let root = '';
  let cwd = '';
  let schema: Awaited<ReturnType<typeof privateSchema>>;
  let network: Awaited<ReturnType<typeof aNetwork>>;
  const migrate = (to = schema.url, from = root) => tool(cwd, 'migrateStore.ts', ['--from', from, '--to', to], { AUDIT_KEY });
  const count = async (table: string) => {
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      return (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pz-move-store-'));
    cwd = await mkdtemp(join(tmpdir(), 'pz-move-cwd-'));
    schema = await privateSchema();
    network = await aNetwork(root);
  });
  afterAll(async () => {
    await schema.drop();
    for (const folder of [root, cwd]) await rm(folder, { recursive: true, force: true });
  });

  it('copies every record and the audit trail, and prints the counts and content hash per aggregate', async () => {
    const outcome = await migrate();
    expect(outcome.stderr).toBe('');
    expect(outcome.exitCode).toBe(0);
    for (const [label, n] of [['consulten', 2], ['contactregistraties', 2], ['ACP-samenvattingen', 1], ['overlijdens', 1], ['MDO-reeksen', 1], ['MDO-bijeenkomsten', 1], ['roosterimports', 1], ['kanaaladressen', 1], ['kaartverwijzingen', 1], ['ontvangen activiteiten', 1], ['downloads', 1]] as const) {
      expect(outcome.stdout).toMatch(new RegExp(`^  ${label}: ${n} in de bron, ${n} in de database \\(${n} nieuw\\), sha256 [0-9a-f]{16}$`, 'm'));
    }
    expect(outcome.stdout).toContain('  audittrail: 3 in de bron, 3 in de database (3 nieuw), keten onverbroken');

    const target = await PostgresStore.open(schema.url);
    try {
      expect(await target.consults.get(network.closed.id)).toEqual(network.closed);
      expect(await target.consults.open()).toEqual([network.accepted]);
      expect((await target.contacts.tookPlaceBetween(...NOVEMBER, 'zuid-limburg')).map((entry) => entry.id)).toEqual(['k-2']);
      expect(await target.mdo.meetingByRef(network.meeting.ref)).toEqual(network.meeting);
      expect(await target.cardHandles.get(network.accepted.id)).toEqual({ 'els-vermeulen': 'activity-12' });
      expect(await target.activities.claim('a:1on1-anna', 'activity-7')).toBe(false);
      expect((await target.auditTrailReader(AUDIT_KEY).forPatient('P-TEST')).map((entry) => entry.sequence)).toEqual([1, 2, 3]);
    } finally {
      await target.close();
    }
  });

  it('leaves a trail that npm run audit:verify finds in order in the database', async () => {
    const outcome = await tool(cwd, 'verifyAudit.ts', [], { AUDIT_KEY, DATABASE_URL: schema.url, STORE_DIR: join(cwd, 'leeg') });
    expect([outcome.exitCode, outcome.stdout], outcome.stderr).toEqual([0, expect.stringMatching(/^Audittrail in orde: 3 vermeldingen, keten onverbroken/)]);
  });

  it('adds nothing when run again, and copies only what is new since', async () => {
    await network.store.contacts.record([aContact('k-3', '2026-11-25T10:00:00.000Z')]);
    await (await FileAuditTrail.open(root, AUDIT_KEY)).record(fact(4));
    const outcome = await migrate();
    expect(outcome.exitCode, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/^ {2}consulten: 2 in de bron, 2 in de database \(0 nieuw\)/m);
    expect(outcome.stdout).toMatch(/^ {2}contactregistraties: 3 in de bron, 3 in de database \(1 nieuw\)/m);
    expect(outcome.stdout).toContain('  audittrail: 4 in de bron, 4 in de database (1 nieuw), keten onverbroken');
    expect([await count('consults'), await count('contacts'), await count('audit_entries')]).toEqual([2, 3, 4]);
  });

  it('refuses a database that holds another record under the same id, and then writes nothing', async () => {
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    await client.query(`UPDATE consults SET doc = jsonb_set(doc, '{requesterId}', '"frank-geurts"') WHERE id = $1`, [network.closed.id]);
    await client.end();
    await network.store.contacts.record([aContact('k-4', '2026-11-26T10:00:00.000Z')]);
    expectOneLine(await migrate(), new RegExp(`^De database heeft andere gegevens onder dezelfde sleutels: consulten \\(1, bijvoorbeeld ${network.closed.id}\\)\\. Er is niets gekopieerd`), 1);
    expect(await count('contacts')).toBe(3);
  });

  it('refuses a database with another audit trail', async () => {
    const other = await privateSchema();
    try {
      const elsewhere = await PostgresStore.open(other.url);
      await (await elsewhere.openAuditTrail(AUDIT_KEY)).record({ ...fact(1), actorId: 'karin-bosch' });
      await elsewhere.close();
      expectOneLine(await migrate(other.url), /^De database heeft een andere audittrail: vermelding 1 verschilt van die in .*\. Er is niets gekopieerd\.$/, 1);
    } finally {
      await other.drop();
    }
  });

  it('says in one line what is wrong with how it was called', async () => {
    expectOneLine(await tool(cwd, 'migrateStore.ts', ['--from', root], { AUDIT_KEY }), /^Geef zowel --from als --to\. Gebruik: npm run store:migrate/);
    expectOneLine(await migrate('mysql://db/pzbot'), /^--to moet een PostgreSQL-adres zijn/);
    expectOneLine(await migrate(schema.url, join(cwd, 'weg')), /^Bestand of map niet gevonden: .*weg$/);
    expectOneLine(await tool(cwd, 'migrateStore.ts', ['--from', root, '--to', schema.url]), /^De omgevingsvariabelen zijn ongeldig: AUDIT_KEY: ontbreekt/);
  });
});
