import { createHmac } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditFact } from '../../src/domain/audit.js';
import { CHECKPOINT_FILE, FileAuditTrail } from '../../src/store/auditLog.js';
import { MARK_FILE } from '../../src/store/auditMark.js';

/**
 * Start-up walks the file trail on from the signed mark the previous start (or a full verify)
 * left, not from the first entry; whatever was done to the files before the mark must still stop it.
 */

const KEY = 'test-key-for-the-verified-mark-0123456789abcdef';
const GUESSED_KEY = 'a-guessed-key-0123456789abcdef0123';

/** Entry `n` of a trail that runs from October into November 2026, five entries a month. */
const fact = (n: number): AuditFact => ({
  at: `2026-${n <= 5 ? '10' : '11'}-0${1 + (n % 5)}T09:00:00.000Z`, actorId: `person-${n}`, actorRole: 'specialist', action: 'consult.view',
  result: 'toegestaan', patientRef: 'P-AAAAAAAAAA', objectId: 'c1', channel: 'msteams', tenantId: 'tenant',
});

let root: string;
const october = () => join(root, 'audit', '2026-10.jsonl');
const november = () => join(root, 'audit', '2026-11.jsonl');
const mark = async () => JSON.parse(await readFile(join(root, MARK_FILE), 'utf8'));

async function trailOf(entries: number): Promise<void> {
  const trail = await FileAuditTrail.open(root, KEY);
  for (let n = 1; n <= entries; n++) await trail.record(fact(n));
}

/** The entries of a month file, each changed by `edit` and sealed again with a key guessed wrong, as someone without AUDIT_KEY could. */
async function rehashedFrom(file: string, sequence: number, edit: (entry: Record<string, unknown>) => void): Promise<void> {
  const entries = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
  let previous: string | undefined;
  for (const entry of entries) {
    if (entry.sequence < sequence) continue;
    if (entry.sequence === sequence) edit(entry);
    if (previous) entry.previousHash = previous;
    const { hash: _hash, ...unsealed } = entry;
    previous = entry.hash = createHmac('sha256', GUESSED_KEY).update(JSON.stringify(unsealed)).digest('hex');
  }
  await writeFile(file, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pz-audit-mark-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the verified mark a start leaves', () => {
  it('marks the last entry a start found in order, and the next start moves it on to what came since', async () => {
    await trailOf(7);
    await FileAuditTrail.open(root, KEY);
    expect(await mark()).toMatchObject({ count: 7, file: '2026-11.jsonl', line: 2, earlier: [{ name: '2026-10.jsonl' }] });
    const reopened = await FileAuditTrail.open(root, KEY);
    for (const n of [8, 9]) await reopened.record(fact(n));
    await FileAuditTrail.open(root, KEY);
    expect(await mark()).toMatchObject({ count: 9, line: 4 });
  });

  it('is moved on by a full verify as well', async () => {
    await trailOf(3);
    const trail = await FileAuditTrail.open(root, KEY);
    for (const n of [4, 5, 6]) await trail.record(fact(n));
    expect(await mark()).toMatchObject({ count: 3 });
    expect(await FileAuditTrail.reader(root, KEY).verify()).toEqual({ ok: true, entries: 6 });
    expect(await mark()).toMatchObject({ count: 6, file: '2026-11.jsonl' });
  });

  it('lets the trail go on after a start from the mark, chained as before', async () => {
    await trailOf(7);
    const reopened = await FileAuditTrail.open(root, KEY);
    await reopened.record(fact(8));
    expect(await FileAuditTrail.reader(root, KEY).verify()).toEqual({ ok: true, entries: 8 });
  });
});

describe('start-up from the mark still refuses a trail that is not in order', () => {
  const refusal = (problem: string) => `De audittrail is NIET in orde: ${problem}. De bot start niet`;

  it('refuses an edit before the mark whose later hashes were all recomputed without the key, naming the edited entry', async () => {
    await trailOf(9);
    await FileAuditTrail.open(root, KEY);
    // Same length, so every later line stays where it was: only the mark's HMAC shows it.
    await rehashedFrom(november(), 7, (entry) => (entry.actorId = 'person-0'));
    await expect(FileAuditTrail.open(root, KEY)).rejects.toThrow(refusal('regel 2 van audit/2026-11.jsonl (vermelding 7) is gewijzigd, of niet met deze AUDIT_KEY vastgelegd'));
  });

  it('refuses an earlier month file cut short', async () => {
    await trailOf(9);
    await FileAuditTrail.open(root, KEY);
    const lines = (await readFile(october(), 'utf8')).split('\n');
    await writeFile(october(), `${lines.slice(0, 4).join('\n')}\n`);
    await expect(FileAuditTrail.open(root, KEY)).rejects.toThrow(refusal('regel 1 van audit/2026-11.jsonl: vermelding 5 ontbreekt (gevonden: vermelding 6)'));
  });

  it('refuses an earlier month file removed', async () => {
    await trailOf(9);
    await FileAuditTrail.open(root, KEY);
    await rm(october());
    await expect(FileAuditTrail.open(root, KEY)).rejects.toThrow(refusal('regel 1 van audit/2026-11.jsonl: vermelding 1 ontbreekt (gevonden: vermelding 6)'));
  });

  it('refuses an edit in an earlier month file that keeps its size and its hashes', async () => {
    await trailOf(9);
    await FileAuditTrail.open(root, KEY);
    // The file's change time ticks in steps of a few milliseconds; an edit in the same step as the last append would not move it.
    await sleep(20);
    await writeFile(october(), (await readFile(october(), 'utf8')).replace('"person-3"', '"person-0"'));
    await expect(FileAuditTrail.open(root, KEY)).rejects.toThrow(refusal('regel 3 van audit/2026-10.jsonl (vermelding 3) is gewijzigd, of niet met deze AUDIT_KEY vastgelegd'));
  });

  it('refuses a trail cut back to an older checkpoint put back, when the mark has seen more', async () => {
    const trail = await FileAuditTrail.open(root, KEY);
    for (let n = 1; n <= 7; n++) await trail.record(fact(n));
    const olderCheckpoint = join(root, 'older-checkpoint.json');
    await copyFile(join(root, CHECKPOINT_FILE), olderCheckpoint);
    for (const n of [8, 9]) await trail.record(fact(n));
    await FileAuditTrail.open(root, KEY);
    await writeFile(november(), (await readFile(november(), 'utf8')).split('\n').slice(0, 2).map((line) => `${line}\n`).join(''));
    await copyFile(olderCheckpoint, join(root, CHECKPOINT_FILE));
    const problem = `de audittrail is ingekort na regel 2 van audit/2026-11.jsonl (vermelding 7): het verificatiepunt ${MARK_FILE} van ${fact(9).at} telt 9 vermeldingen`;
    await expect(FileAuditTrail.open(root, KEY)).rejects.toThrow(refusal(problem));
    expect(await FileAuditTrail.reader(root, KEY).verify()).toEqual({ ok: false, entries: 7, problem });
  });

  it('refuses a tail cut after the mark, as before there was one', async () => {
    await trailOf(7);
    const reopened = await FileAuditTrail.open(root, KEY);
    for (const n of [8, 9]) await reopened.record(fact(n));
    const text = await readFile(november(), 'utf8');
    await truncate(november(), text.length - 20);
    await expect(FileAuditTrail.open(root, KEY)).rejects.toThrow('de audittrail is ingekort na regel 3 van audit/2026-11.jsonl (vermelding 8)');
  });
});

describe('a mark that is not signed with AUDIT_KEY', () => {
  it('spares no check: moved forward by someone without the key, it is ignored and the whole trail is walked', async () => {
    await trailOf(9);
    await FileAuditTrail.open(root, KEY);
    await writeFile(october(), (await readFile(october(), 'utf8')).replace('"person-2"', '"person-0"'));
    const edited = await stat(october(), { bigint: true });
    const forged = { ...(await mark()), earlier: [{ name: '2026-10.jsonl', bytes: Number(edited.size), changed: edited.ctimeNs.toString() }] };
    await writeFile(join(root, MARK_FILE), JSON.stringify(forged));
    const problem = 'regel 2 van audit/2026-10.jsonl (vermelding 2) is gewijzigd, of niet met deze AUDIT_KEY vastgelegd';
    await expect(FileAuditTrail.open(root, KEY)).rejects.toThrow(problem);
    expect(await FileAuditTrail.reader(root, KEY).verify()).toMatchObject({ ok: false, problem });
  });

  it('on a trail in order, is replaced by a signed one, and a full verify says it was set aside', async () => {
    await trailOf(9);
    await writeFile(join(root, MARK_FILE), '{"count": 9, "niet": "ondertekend"');
    expect(await FileAuditTrail.reader(root, KEY).verify()).toEqual({ ok: true, entries: 9, note: `het verificatiepunt ${MARK_FILE} is onleesbaar en is genegeerd` });
    await writeFile(join(root, MARK_FILE), JSON.stringify({ ...(await mark()), signature: 'f'.repeat(64) }));
    await FileAuditTrail.open(root, KEY);
    expect(await FileAuditTrail.reader(root, KEY).verify()).toEqual({ ok: true, entries: 9 });
  });
});
