import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { pino } from 'pino';
import { chainEntry, GENESIS_HASH, signCheckpoint, verifyTrail, type AuditCheckpoint, type AuditEntry, type AuditFact, type TrailLine } from '../../src/domain/audit.js';
import { CHECKPOINT_FILE, FileAuditTrail } from '../../src/store/auditLog.js';
import { BotUnderTest } from '../support/botUnderTest.js';

const fact = (n: number, patientRef = 'P-AAAAAAAAAA'): AuditFact => ({
  at: `2026-11-23T09:0${n}:00.000Z`, actorId: `person-${n}`, actorRole: 'specialist', action: 'consult.accept',
  result: 'toegestaan', patientRef, objectId: 'c1', channel: 'msteams', tenantId: 'tenant',
});

const KEY = 'test-key-for-the-audit-trail-0123456789abcdef';

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= length; i++) entries.push(chainEntry(fact(i), entries.at(-1), KEY));
  return entries;
}

const lines = (entries: AuditEntry[]): TrailLine[] => entries.map((entry, i) => ({ text: JSON.stringify(entry), where: `regel ${i + 1} van audit/2026-11.jsonl` }));
const stored = (checkpoint: AuditCheckpoint | undefined) => [{ label: 'het controlepunt', checkpoint }];
const checked = (entries: AuditEntry[], checkpoint: AuditCheckpoint | undefined = signCheckpoint(chain(5).at(-1), KEY)) => verifyTrail(lines(entries), KEY, stored(checkpoint));

/** Entry `from` changed, and it and every later entry sealed again as a forger would: with another key, or none (plain SHA-256, as before AUDIT_KEY). */
function rehashed(entries: AuditEntry[], from: number, seal: (text: Omit<AuditEntry, 'hash'>) => string): AuditEntry[] {
  const out = entries.slice(0, from - 1);
  for (const entry of entries.slice(from - 1)) {
    const { hash: _hash, ...rest } = entry;
    const unsealed = { ...rest, previousHash: out.at(-1)?.hash ?? GENESIS_HASH, ...(entry.sequence === from ? { actorRole: 'admin' } : {}) };
    out.push({ ...unsealed, hash: seal(unsealed) });
  }
  return out;
}

describe('the keyed chain and its signed checkpoint show every edit, cut and rewrite', () => {
  it('accepts an untouched trail that matches its checkpoint', () => {
    expect(checked(chain(5))).toEqual({ ok: true, entries: 5 });
  });

  it('names the entry whose content was changed', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, actorId: 'someone-else' };
    expect(checked(entries)).toMatchObject({ ok: false, problem: 'regel 3 van audit/2026-11.jsonl (vermelding 3) is gewijzigd, of niet met deze AUDIT_KEY vastgelegd' });
  });

  it('names a deleted entry', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(checked(entries)).toMatchObject({ ok: false, problem: 'regel 2 van audit/2026-11.jsonl: vermelding 2 ontbreekt (gevonden: vermelding 3)' });
  });

  it.each([
    ['another key', (unsealed: object) => createHmac('sha256', 'a-guessed-key-0123456789abcdef0123').update(JSON.stringify(unsealed)).digest('hex')],
    ['no key', (unsealed: object) => createHash('sha256').update(JSON.stringify(unsealed)).digest('hex')],
  ])('finds an edit with every later hash recomputed with %s', (_, seal) => {
    expect(checked(rehashed(chain(5), 3, seal))).toMatchObject({ ok: false, entries: 2, problem: expect.stringContaining('regel 3 van audit/2026-11.jsonl (vermelding 3) is gewijzigd') });
  });

  it('finds a cut tail, which the chain alone cannot show', () => {
    const cut = chain(5).slice(0, 3);
    expect(verifyTrail(lines(cut), KEY, [])).toMatchObject({ ok: true });
    expect(checked(cut)).toMatchObject({ ok: false, problem: 'de audittrail is ingekort na regel 3 van audit/2026-11.jsonl (vermelding 3): het controlepunt van 2026-11-23T09:05:00.000Z telt 5 vermeldingen' });
  });

  it('finds an emptied or deleted trail', () => {
    expect(checked([])).toMatchObject({ ok: false, problem: 'de audittrail is leeg of verwijderd: het controlepunt van 2026-11-23T09:05:00.000Z telt 5 vermeldingen' });
  });

  it('finds a trail without its checkpoint, and accepts a new, empty one without', () => {
    expect(verifyTrail(lines(chain(5)), KEY, stored(undefined))).toMatchObject({ ok: false, problem: 'het controlepunt ontbreekt, terwijl de audittrail 5 vermeldingen heeft' });
    expect(verifyTrail([], KEY, stored(undefined))).toEqual({ ok: true, entries: 0 });
  });

  it('refuses a checkpoint not signed with the key, so nobody can lower the count', () => {
    const forged = signCheckpoint(chain(3).at(-1), 'a-guessed-key-0123456789abcdef0123');
    expect(checked(chain(3), forged)).toMatchObject({ ok: false, problem: 'het controlepunt is niet met deze AUDIT_KEY ondertekend' });
  });

  it('finds another trail put in the place of the one a checkpoint saw', () => {
    const other = chain(5).map((entry) => ({ ...entry, detail: 'anders' }));
    const resealed: AuditEntry[] = [];
    for (const { hash: _hash, sequence: _sequence, previousHash: _previous, ...entry } of other) resealed.push(chainEntry(entry, resealed.at(-1), KEY));
    expect(checked(resealed)).toMatchObject({ ok: false, problem: 'vermelding 5 is een andere dan bij het controlepunt van 2026-11-23T09:05:00.000Z: de keten is herschreven' });
  });

  it('accepts entries after the checkpoint (written just before a crash), each still sealed', () => {
    expect(checked(chain(7))).toEqual({ ok: true, entries: 7 });
  });

  it('names a garbage line', () => {
    const garbage = lines(chain(5));
    garbage.splice(2, 0, { text: 'niet-json {', where: 'regel 3 van audit/2026-11.jsonl' });
    expect(verifyTrail(garbage, KEY, [])).toMatchObject({ ok: false, entries: 2, problem: 'regel 3 van audit/2026-11.jsonl is geen geldige auditregel' });
  });

  it('accepts a half-written last line only when no checkpoint counts it', () => {
    const torn = 'regel 6 van audit/2026-11.jsonl';
    expect(verifyTrail(lines(chain(5)), KEY, stored(signCheckpoint(chain(5).at(-1), KEY)), torn)).toMatchObject({ ok: true, note: `${torn} is onvolledig en nooit bevestigd` });
    expect(verifyTrail(lines(chain(4)), KEY, stored(signCheckpoint(chain(5).at(-1), KEY)), 'regel 5 van audit/2026-11.jsonl')).toMatchObject({ ok: false, problem: expect.stringContaining('ingekort') });
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

  const file = () => join(root, 'audit', '2026-11.jsonl');

  it('keeps every recorded entry across a restart and continues the chain', async () => {
    const trail = await FileAuditTrail.open(root, KEY);
    for (let i = 1; i <= 3; i++) await trail.record(fact(i));
    const reopened = await FileAuditTrail.open(root, KEY);
    await reopened.record(fact(4));
    expect(await reopened.verify()).toEqual({ ok: true, entries: 4 });
    expect((await reopened.forPatient('P-AAAAAAAAAA')).map((e) => e.actorId)).toEqual(['person-1', 'person-2', 'person-3', 'person-4']);
  });

  it('counts every acknowledged entry in the stored checkpoint and in the log, one checkpoint per batch', async () => {
    const logged: { auditCheckpoint?: AuditCheckpoint }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const trail = await FileAuditTrail.open(root, KEY, logger);
    await Promise.all([1, 2, 3, 4, 5].map((i) => trail.record(fact(i))));
    await trail.record(fact(6));
    const checkpoint = JSON.parse(await readFile(join(root, CHECKPOINT_FILE), 'utf8'));
    expect(checkpoint).toMatchObject({ count: 6, at: fact(6).at });
    const checkpoints = logged.map((line) => line.auditCheckpoint).filter(Boolean);
    expect(checkpoints.map((c) => c!.count)).toEqual([5, 6]);
    expect(checkpoints.at(-1)).toEqual(checkpoint);
  });

  it('cuts off a line a crash left half-written that no checkpoint counts, and records that it did', async () => {
    const trail = await FileAuditTrail.open(root, KEY);
    await trail.record(fact(1));
    await appendFile(file(), '{"sequence":2,"previousHash":"ab');
    const reopened = await FileAuditTrail.open(root, KEY);
    expect(await reopened.verify()).toMatchObject({ ok: true, entries: 2 });
    const all: AuditEntry[] = [];
    for await (const entry of reopened.entries()) all.push(entry);
    expect(all[1]).toMatchObject({ action: 'audit.herstel', detail: 'regel 2 van audit/2026-11.jsonl was onvolledig (nooit bevestigd) en is verwijderd' });
  });

  it('refuses to open when a counted entry was cut in half, and changes nothing', async () => {
    const trail = await FileAuditTrail.open(root, KEY);
    for (let i = 1; i <= 3; i++) await trail.record(fact(i));
    const text = await readFile(file(), 'utf8');
    await truncate(file(), text.length - 20);
    await expect(FileAuditTrail.open(root, KEY)).rejects.toThrow(
      'De audittrail is NIET in orde: de audittrail is ingekort na regel 2 van audit/2026-11.jsonl (vermelding 2): het controlepunt audit-checkpoint.json van 2026-11-23T09:03:00.000Z telt 3 vermeldingen; regel 3 van audit/2026-11.jsonl is onvolledig. De bot start niet',
    );
    expect((await readFile(file(), 'utf8')).length).toBe(text.length - 20);
  });
});

/** The first entry's role changed to admin, as someone with access to the store could; answers where it was. */
async function editedInFile(storeDir: string): Promise<string> {
  const [file] = await readdir(join(storeDir, 'audit'));
  const path = join(storeDir, 'audit', file!);
  await writeFile(path, (await readFile(path, 'utf8')).replace('"coordinator"', '"admin"'));
  return `regel 1 van audit/${file}`;
}

/** The same in the database, by the table's owner, who can lift its append-only trigger. */
async function editedInDatabase(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
    await client.query(`UPDATE audit_entries SET entry = replace(entry, '"coordinator"', '"admin"') WHERE sequence = 1`);
    await client.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
  } finally {
    await client.end();
  }
  return 'rij 1 van de tabel audit_entries';
}

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
    expect(lars.messages().at(-1)).toMatch(/^De audittrail is in orde: \d+ vermeldingen, de keten is onverbroken en klopt met het controlepunt\.$/);
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
    const where = harness.database ? await editedInDatabase(harness.database.url) : await editedInFile(harness.storeDir);
    const lars = harness.user('lars-wouters');
    await lars.say('audit verifiëren');
    expect(lars.messages().at(-1)).toBe(
      `De audittrail is NIET in orde: ${where} (vermelding 1) is gewijzigd, of niet met deze AUDIT_KEY vastgelegd. Meld dit bij de functionaris gegevensbescherming.`,
    );
  });

  it('keeps audit commands for admins', async () => {
    const karin = harness.user('karin-bosch');
    await karin.say('audit verifiëren');
    expect(karin.messages().at(-1)).toBe('Dit mag u in uw rol niet doen.');
  });
});
