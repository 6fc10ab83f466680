import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as lifecycle from '../../src/domain/consult.js';
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
    const offered = lifecycle.offerToNextStep(consult, new Date(), () => true);
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
