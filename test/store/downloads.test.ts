import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadDesk } from '../../src/reports/downloads.js';
import { FileStore } from '../../src/store/fileStore.js';
import { PostgresStore } from '../../src/store/postgres/postgresStore.js';
import type { Storage, StoredDownload } from '../../src/store/store.js';
import { postgresUrl, privateSchema } from '../support/postgres.js';

/** Two views of one store: the file store's folder opened twice, or two instances on one database. */
interface Subject {
  stores: [Storage, Storage];
  cleanup(): Promise<void>;
}

const implementations: [string, () => Promise<Subject>][] = [
  [
    'the file store',
    async () => {
      const root = await mkdtemp(join(tmpdir(), 'pz-downloads-'));
      return { stores: [await FileStore.open(root), await FileStore.open(root)], cleanup: () => rm(root, { recursive: true, force: true }) };
    },
  ],
];
if (postgresUrl()) {
  implementations.push([
    'PostgreSQL',
    async () => {
      const schema = await privateSchema();
      const stores: [Storage, Storage] = [await PostgresStore.open(schema.url), await PostgresStore.open(schema.url)];
      return {
        stores,
        cleanup: async () => {
          for (const store of stores) await store.close();
          await schema.drop();
        },
      };
    },
  ]);
}

const NOW = new Date('2026-12-01T20:47:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const anExport = (expiresAt = later(10)): StoredDownload => ({
  fileId: randomUUID(), ownerId: 'karin-bosch', name: 'kpi-2026-Q4.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', expiresAt, data: randomBytes(3000),
});

describe.each(implementations)('exports waiting for download on %s', (_name, create) => {
  let subject: Subject;
  afterEach(async () => {
    await subject?.cleanup();
  });

  it('keeps an export byte for byte for the other process, and hands it over once', async () => {
    subject = await create();
    const [one, other] = subject.stores;
    const stored = anExport();
    await one.downloads.put(stored);
    expect(await other.downloads.find(stored.fileId, NOW)).toEqual({ fileId: stored.fileId, ownerId: 'karin-bosch', name: stored.name, contentType: stored.contentType, expiresAt: stored.expiresAt });
    expect(await other.downloads.take(stored.fileId, NOW)).toEqual(stored);
    expect(await one.downloads.take(stored.fileId, NOW)).toBeUndefined();
    expect(await one.downloads.find(stored.fileId, NOW)).toBeUndefined();
  });

  it('hands an export to exactly one of 20 simultaneous takers in two processes', async () => {
    subject = await create();
    const stored = anExport();
    await subject.stores[0].downloads.put(stored);
    const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => subject.stores[i % 2]!.downloads.take(stored.fileId, NOW)));
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('no longer finds or hands over an expired export, and the sweep removes only expired ones', async () => {
    subject = await create();
    const [one, other] = subject.stores;
    const [soon, late] = [anExport(later(2)), anExport(later(10))];
    await one.downloads.put(soon);
    await one.downloads.put(late);
    expect(await other.downloads.find(soon.fileId, later(2))).toBeUndefined();
    expect((await other.downloads.waiting(later(5))).map((d) => d.fileId)).toEqual([late.fileId]);
    expect(await other.downloads.removeExpired(later(5))).toBe(1);
    expect(await one.downloads.take(late.fileId, later(10))).toBeUndefined();
  });

  it('serves a download link made by one instance from the other, once, and only to its owner', async () => {
    subject = await create();
    const secret = 'download-secret-0123456789abcdef0123';
    const [desk, otherDesk] = subject.stores.map((store) => new DownloadDesk(store.downloads, secret, () => NOW));
    const offer = await desk!.offer('karin-bosch', { name: 'kpi.csv', contentType: 'text/csv; charset=utf-8', data: Buffer.from('regio;consulten\nmijnstreek;12\n') });
    expect(await otherDesk!.linkFor(offer.fileId, 'frank-geurts')).toEqual({ refused: 'not-owner' });
    const link = await otherDesk!.linkFor(offer.fileId, 'karin-bosch');
    if (!('token' in link)) throw new Error('no link');
    expect(await desk!.redeem(link.token)).toEqual({ ok: true, file: { name: 'kpi.csv', contentType: 'text/csv; charset=utf-8', data: Buffer.from('regio;consulten\nmijnstreek;12\n') } });
    expect(await otherDesk!.redeem(link.token)).toMatchObject({ ok: false, status: 410 });
  });
});
