import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as lifecycle from '../../src/domain/consult.js';
import { offerToNextStep } from '../../src/domain/paging.js';
import type { ContactLogEntry } from '../../src/domain/contactLog.js';
import { StoreCorruptError } from '../../src/store/durableJsonFile.js';
import { FileStore } from '../../src/store/fileStore.js';
import { aConsult } from './records.js';

/** What only the embedded store has: its files, start-up after a crash, and its promises about failed writes. */

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pz-filestore-'));
});
afterEach(async () => {
  await chmod(root, 0o755).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

async function sizeOfTree(directory: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

describe('the embedded store', () => {
  it('files a finished consult under its month of closing', async () => {
    const store = await FileStore.open(root);
    const consult = aConsult();
    await store.consults.insert(consult);
    const withdrawn = lifecycle.withdraw(consult, 'anna-de-vries', new Date('2026-11-23T09:05:00Z'));
    if (!withdrawn.ok) throw new Error('withdraw failed');
    expect(await store.consults.replace(withdrawn.consult)).toBe(true);
    expect(await readdir(join(root, 'consults', 'closed', '2026-11'))).toEqual([`${consult.ref}.${consult.id}.json`]);
    expect(await readdir(join(root, 'consults', 'open'))).toEqual([]);
  });

  it('writes the same number of bytes per request whether it holds 10 or 510 consults', async () => {
    const store = await FileStore.open(root);
    const bytesForTen: number[] = [];
    for (let i = 0; i < 510; i++) {
      const before = i >= 500 || i < 10 ? await sizeOfTree(root) : 0;
      await store.consults.insert(aConsult());
      if (i < 10 || i >= 500) bytesForTen.push((await sizeOfTree(root)) - before);
    }
    const early = bytesForTen.slice(0, 10).reduce((a, b) => a + b, 0);
    const late = bytesForTen.slice(10).reduce((a, b) => a + b, 0);
    expect(late).toBeLessThanOrEqual(early * 1.05);
  });

  it('records contacts idempotently and reads them back by when they took place', async () => {
    const store = await FileStore.open(root);
    // Took place on 31 October, recorded on 2 November: it belongs to October.
    const entry = { schemaVersion: 3 as const, id: 'c1-1', recordedAt: '2026-11-02T09:00:00.000Z', occurredAt: '2026-10-31T23:30:00.000Z', occurredAtEstimated: false };
    const full: ContactLogEntry = {
      ...entry, consultId: 'c1', consultRef: 'C-0001', requestedAt: entry.occurredAt, acceptedAt: entry.occurredAt,
      regionId: 'mijnstreek', subRegionId: 'westelijke-mijnstreek', period: 'office', escalations: 0, form: 'telefonisch', minutes: 20, prestatie: '2a',
      outcome: 'advies', specialistId: 'els-vermeulen', specialistOrganisationId: 'ct-mijnstreek', specialistDiscipline: 'kaderhuisarts PZ',
      requesterId: 'anna-de-vries', requesterOrganisationId: 'hap-de-linde', requesterDiscipline: 'huisarts', patientRef: 'P-TEST',
      setting: 'thuis', requestedForm: 'telefonisch', urgency: 'spoed', complexity: 'complex', dimensions: ['fysiek'],
    };
    await store.contacts.record([full]);
    await store.contacts.record([full]);
    expect(await store.contacts.tookPlaceBetween(new Date('2026-10-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'))).toEqual([full]);
    expect(await store.contacts.tookPlaceBetween(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toEqual([]);
  });

  it('migrates contacts of schema versions 1 and 2 once at start-up: consult contacts dated at the close and marked estimated, MDO contacts at the meeting', async () => {
    const shared = {
      recordedAt: '2026-11-02T09:00:00.000Z', regionId: 'mijnstreek', subRegionId: 'westelijke-mijnstreek', period: 'office', minutes: 20, prestatie: '2a',
      specialistId: 'els-vermeulen', specialistOrganisationId: 'ct-mijnstreek', specialistDiscipline: 'kaderhuisarts PZ', requesterId: 'anna-de-vries',
      requesterOrganisationId: 'hap-de-linde', requesterDiscipline: 'huisarts', patientRef: 'P-TEST', dimensions: ['fysiek'],
    };
    const v1 = {
      ...shared, schemaVersion: 1, id: 'c1-1', consultId: 'c1', consultRef: 'C-0001', requestedAt: '2026-10-28T09:00:00.000Z', acceptedAt: '2026-10-28T09:05:00.000Z',
      escalations: 0, form: 'telefonisch', outcome: 'advies', setting: 'thuis', requestedForm: 'telefonisch', urgency: 'spoed', complexity: 'complex',
    };
    const v2 = {
      ...shared, schemaVersion: 2, source: 'mdo', id: 'mdo-m1-i1-els-vermeulen', form: 'mdo', prestatie: '1', meetingId: 'm1', meetingRef: 'M-0001', itemId: 'i1',
      kernteamId: 'smdo-westelijke-mijnstreek', meetingAt: '2026-10-30T12:00:00.000Z',
    };
    // Both were filed under the month they were recorded in, as version 1 and 2 did.
    await mkdir(join(root, 'contacts', '2026-11'), { recursive: true });
    await writeFile(join(root, 'contacts', '2026-11', `mijnstreek.${v1.id}.json`), JSON.stringify(v1));
    await writeFile(join(root, 'contacts', '2026-11', `mijnstreek.${v2.id}.json`), JSON.stringify(v2));

    const store = await FileStore.open(root);
    const november = await store.contacts.tookPlaceBetween(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(november.map((c) => [c.id, c.schemaVersion, c.occurredAt, c.occurredAtEstimated])).toEqual([['c1-1', 3, v1.recordedAt, true]]);
    const october = await store.contacts.tookPlaceBetween(new Date('2026-10-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'));
    expect(october.map((c) => [c.id, c.schemaVersion, c.occurredAt, c.occurredAtEstimated])).toEqual([[v2.id, 3, v2.meetingAt, false]]);
    // On disk: upgraded, the MDO contact moved to October, and nothing migrated twice.
    expect(JSON.parse(await readFile(join(root, 'contacts', '2026-11', `mijnstreek.${v1.id}.json`), 'utf8')).schemaVersion).toBe(3);
    expect(await readdir(join(root, 'contacts', '2026-11'))).toEqual([`mijnstreek.${v1.id}.json`]);
    await writeFile(join(root, 'contacts', '2026-11', `mijnstreek.c9-1.json`), JSON.stringify({ ...v1, id: 'c9-1' }));
    const reopened = await FileStore.open(root);
    const stillV1 = JSON.parse(await readFile(join(root, 'contacts', '2026-11', 'mijnstreek.c9-1.json'), 'utf8'));
    expect(stillV1.schemaVersion).toBe(1);
    // A straggler written by an old process is still read, upgraded in memory.
    expect((await reopened.contacts.tookPlaceBetween(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).map((c) => c.id).sort()).toEqual(['c1-1', 'c9-1']);
  });

  it('reports a corrupt file by name at start-up instead of silently starting empty', async () => {
    const store = await FileStore.open(root);
    const consult = aConsult();
    await store.consults.insert(consult);
    const path = join(root, 'consults', 'open', `${consult.ref}.${consult.id}.json`);
    await writeFile(path, (await readFile(path, 'utf8')).slice(0, 40));
    const opening = FileStore.open(root);
    await expect(opening).rejects.toBeInstanceOf(StoreCorruptError);
    await expect(FileStore.open(root)).rejects.toThrow(`${consult.ref}.${consult.id}.json is beschadigd`);
    // The damaged file is left for recovery, not overwritten.
    expect((await readFile(path, 'utf8')).length).toBe(40);
  });

  it('cleans up after a crash between writing the closed copy and removing the open one', async () => {
    const store = await FileStore.open(root);
    const consult = aConsult();
    await store.consults.insert(consult);
    const withdrawn = lifecycle.withdraw(consult, 'anna-de-vries', new Date('2026-11-23T09:05:00Z'));
    if (!withdrawn.ok) throw new Error('withdraw failed');
    await mkdir(join(root, 'consults', 'closed', '2026-11'), { recursive: true });
    await writeFile(join(root, 'consults', 'closed', '2026-11', `${consult.ref}.${consult.id}.json`), JSON.stringify(withdrawn.consult));

    const reopened = await FileStore.open(root);
    expect(await reopened.consults.open()).toEqual([]);
    expect((await reopened.consults.get(consult.id))?.status).toBe('ingetrokken');
    expect(await readdir(join(root, 'consults', 'open'))).toEqual([]);
  });

  it('leaves no temporary files behind after writing', async () => {
    const store = await FileStore.open(root);
    await Promise.all(Array.from({ length: 20 }, () => store.consults.insert(aConsult())));
    const names = await readdir(join(root, 'consults', 'open'));
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(names).toHaveLength(20);
  });
});

describe('a failed write leaves nothing behind', () => {
  it('keeps a consult whose file cannot be written out of every read, and lets the same consult be stored once the disk is fixed', async () => {
    const store = await FileStore.open(root);
    const consult = aConsult();
    // A directory where the file should go: the rename onto it fails, as on a full or broken disk.
    const target = join(root, 'consults', 'open', `${consult.ref}.${consult.id}.json`);
    await mkdir(target, { recursive: true });
    await expect(store.consults.insert(consult)).rejects.toThrow();
    expect(await store.consults.get(consult.id)).toBeUndefined();
    expect(await store.consults.byRef(consult.ref)).toBeUndefined();
    expect(await store.consults.openByForm(consult.requesterId, consult.formId)).toBeUndefined();
    expect(await store.consults.open()).toEqual([]);
    expect((await readdir(join(root, 'consults', 'open'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    await rm(target, { recursive: true });
    expect((await store.consults.insert(consult)).outcome).toBe('inserted');
    await expect((await FileStore.open(root)).consults.get(consult.id)).resolves.toMatchObject({ ref: consult.ref });
  });

  it('keeps the stored version when a change cannot be written', async () => {
    const store = await FileStore.open(root);
    const consult = aConsult();
    await store.consults.insert(consult);
    const offered = offerToNextStep(consult, new Date(), () => true);
    if (!offered.ok) throw new Error('offer failed');
    const withdrawn = lifecycle.withdraw(offered.consult, 'anna-de-vries', new Date('2026-11-23T09:05:00Z'));
    if (!withdrawn.ok) throw new Error('withdraw failed');
    await store.consults.replace(offered.consult);
    // The closed copy's month folder is a file, so the closed consult cannot be written.
    await mkdir(join(root, 'consults', 'closed'), { recursive: true });
    await writeFile(join(root, 'consults', 'closed', '2026-11'), 'not a folder');
    await expect(store.consults.replace(withdrawn.consult)).rejects.toThrow();
    expect((await store.consults.get(consult.id))?.status).toBe('aangeboden');
    expect((await store.consults.open()).map((c) => c.id)).toEqual([consult.id]);
  });

  it('does not remember a channel address it could not write', async () => {
    const store = await FileStore.open(root);
    await mkdir(join(root, 'channel-addresses.json'));
    await expect(store.channelAddresses.save('anna-de-vries', { conversation: { id: 'a' } })).rejects.toThrow();
    expect(await store.channelAddresses.get('anna-de-vries')).toBeUndefined();
  });
});

describe('temporary files of other processes', () => {
  it('leaves a running process’s in-flight write alone and removes a dead process’s leftovers', async () => {
    await mkdir(join(root, 'consults', 'open'), { recursive: true });
    const running = join(root, 'consults', 'open', `.C-AAAA.x.json.${process.pid}.1.tmp`);
    // Process ids are at most 2^22 on Linux: this one cannot be running.
    const dead = join(root, 'consults', 'open', `.C-BBBB.x.json.${2 ** 22 + 1}.1.tmp`);
    await writeFile(running, '{}');
    await writeFile(dead, '{}');
    await FileStore.open(root);
    expect(await readdir(join(root, 'consults', 'open'))).toEqual([`.C-AAAA.x.json.${process.pid}.1.tmp`]);
  });
});
