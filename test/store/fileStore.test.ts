import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as lifecycle from '../../src/domain/consult.js';
import type { Consult } from '../../src/domain/consult.js';
import type { ContactLogEntry } from '../../src/domain/contactLog.js';
import { StoreCorruptError } from '../../src/store/durableJsonFile.js';
import { FileStore } from '../../src/store/fileStore.js';
import { newConsultRef } from '../../src/domain/references.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pz-filestore-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

let sequence = 0;
const usedRefs = new Set<string>();
function aConsult(now = new Date('2026-11-23T09:00:00Z')): Consult {
  sequence++;
  const hex = sequence.toString(16).padStart(12, '0');
  const consult = lifecycle.newConsult({
    id: `00000000-0000-4000-8000-${hex}`,
    ref: newConsultRef((ref) => usedRefs.has(ref)),
    formId: `form-${sequence}`,
    requesterId: 'anna-de-vries',
    patientRef: 'P-TEST',
    request: {
      patientInitials: 'J.A.', patientBirthYear: 1942, localPatientNumber: undefined, setting: 'thuis',
      subRegionId: 'westelijke-mijnstreek', form: 'telefonisch', urgency: 'spoed', complexity: 'complex',
      dimensions: ['fysiek'], question: 'Toenemende onrust, sedatie overwegen?', callbackPhone: '046 411 0101',
    },
    period: 'office',
    plan: [{ label: 'dienstdoende', personIds: ['els-vermeulen'] }],
    now,
  });
  usedRefs.add(consult.ref);
  return consult;
}

function offeredAndAccepted(consult: Consult): Consult {
  const offered = lifecycle.offerToNextStep(consult, new Date(), () => true);
  if (!offered.ok) throw new Error('offer failed');
  const accepted = lifecycle.accept(offered.consult, 'els-vermeulen', new Date());
  if (!accepted.ok) throw new Error('accept failed');
  return accepted.consult;
}

async function sizeOfTree(directory: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

describe('the embedded store', () => {
  it('keeps every acknowledged consult across a restart', async () => {
    const store = await FileStore.open(root);
    const open = aConsult();
    const accepted = offeredAndAccepted(aConsult());
    await store.insertConsult(open);
    const second = aConsult();
    await store.insertConsult(second);
    await store.replaceConsult({ ...accepted, id: second.id, ref: second.ref, formId: second.formId, version: 2 });

    const reopened = await FileStore.open(root);
    expect(reopened.openConsults().map((c) => c.id).sort()).toEqual([open.id, second.id].sort());
    expect((await reopened.consultByRef(second.ref))?.status).toBe('geaccepteerd');
    expect(reopened.isRefTaken(open.ref)).toBe(true);
  });

  it('moves a finished consult out of the open set and still finds it by reference', async () => {
    const store = await FileStore.open(root);
    const consult = aConsult();
    await store.insertConsult(consult);
    const withdrawn = lifecycle.withdraw(consult, 'anna-de-vries', new Date('2026-11-23T09:05:00Z'));
    if (!withdrawn.ok) throw new Error('withdraw failed');
    expect(await store.replaceConsult(withdrawn.consult)).toBe(true);
    expect(store.openConsults()).toEqual([]);

    const reopened = await FileStore.open(root);
    expect(reopened.openConsults()).toEqual([]);
    expect((await reopened.consultByRef(consult.ref))?.status).toBe('ingetrokken');
    expect(await readdir(join(root, 'consults', 'closed', '2026-11'))).toEqual([`${consult.ref}.${consult.id}.json`]);
  });

  it('refuses a write based on an outdated version (compare-and-set)', async () => {
    const store = await FileStore.open(root);
    const consult = aConsult();
    await store.insertConsult(consult);
    const offered = lifecycle.offerToNextStep(consult, new Date(), () => true);
    if (!offered.ok) throw new Error('offer failed');
    expect(await store.replaceConsult(offered.consult)).toBe(true);
    expect(await store.replaceConsult(offered.consult)).toBe(false);
    expect((await store.consult(consult.id))?.version).toBe(2);
  });

  it('writes the same number of bytes per request whether it holds 10 or 510 consults', async () => {
    const store = await FileStore.open(root);
    const bytesForTen: number[] = [];
    for (let i = 0; i < 510; i++) {
      const before = i >= 500 || i < 10 ? await sizeOfTree(root) : 0;
      await store.insertConsult(aConsult());
      if (i < 10 || i >= 500) bytesForTen.push((await sizeOfTree(root)) - before);
    }
    const early = bytesForTen.slice(0, 10).reduce((a, b) => a + b, 0);
    const late = bytesForTen.slice(10).reduce((a, b) => a + b, 0);
    expect(late).toBeLessThanOrEqual(early * 1.05);
  });

  it('records contacts idempotently and reads them back by period', async () => {
    const store = await FileStore.open(root);
    const entry = { schemaVersion: 1 as const, id: 'c1-1', recordedAt: '2026-10-31T23:30:00.000Z' };
    const full: ContactLogEntry = {
      ...entry, consultId: 'c1', consultRef: 'C-0001', requestedAt: entry.recordedAt, acceptedAt: entry.recordedAt,
      regionId: 'mijnstreek', subRegionId: 'westelijke-mijnstreek', period: 'office', escalations: 0, form: 'telefonisch', minutes: 20, prestatie: '2a',
      outcome: 'advies', specialistId: 'els-vermeulen', specialistOrganisationId: 'ct-mijnstreek', specialistDiscipline: 'kaderhuisarts PZ',
      requesterId: 'anna-de-vries', requesterOrganisationId: 'hap-de-linde', requesterDiscipline: 'huisarts', patientRef: 'P-TEST',
      setting: 'thuis', requestedForm: 'telefonisch', urgency: 'spoed', complexity: 'complex', dimensions: ['fysiek'],
    };
    await store.recordContacts([full]);
    await store.recordContacts([full]);
    expect(await store.contactsRecordedBetween(new Date('2026-10-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'))).toEqual([full]);
    expect(await store.contactsRecordedBetween(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toEqual([]);
  });

  it('reports a corrupt file by name at start-up instead of silently starting empty', async () => {
    const store = await FileStore.open(root);
    const consult = aConsult();
    await store.insertConsult(consult);
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
    await store.insertConsult(consult);
    const withdrawn = lifecycle.withdraw(consult, 'anna-de-vries', new Date('2026-11-23T09:05:00Z'));
    if (!withdrawn.ok) throw new Error('withdraw failed');
    await mkdir(join(root, 'consults', 'closed', '2026-11'), { recursive: true });
    await writeFile(join(root, 'consults', 'closed', '2026-11', `${consult.ref}.${consult.id}.json`), JSON.stringify(withdrawn.consult));

    const reopened = await FileStore.open(root);
    expect(reopened.openConsults()).toEqual([]);
    expect((await reopened.consult(consult.id))?.status).toBe('ingetrokken');
    expect(await readdir(join(root, 'consults', 'open'))).toEqual([]);
  });

  it('leaves no temporary files behind after writing', async () => {
    const store = await FileStore.open(root);
    await Promise.all(Array.from({ length: 20 }, () => store.insertConsult(aConsult())));
    const names = await readdir(join(root, 'consults', 'open'));
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(names).toHaveLength(20);
  });
});
