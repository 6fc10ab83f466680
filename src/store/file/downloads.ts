import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod/v4';
import { StoreCorruptError } from '../durableJsonFile.js';
import type { DownloadRepository, StoredDownload } from '../store.js';
import { fileKey, ignoreMissing, listNames, readDocument, writeDocument } from './documents.js';

const StoredSchema = z.object({ fileId: z.string(), ownerId: z.string(), name: z.string(), contentType: z.string(), expiresAt: z.string(), data: z.base64() });

/**
 * Exports waiting to be fetched, `exports/<file id>.json` (the file's bytes in base64 beside who
 * may fetch it until when). Taking one renames it first: of two processes, one rename wins.
 */
export class FileDownloads implements DownloadRepository {
  constructor(private readonly folder: string) {}

  async put(download: StoredDownload): Promise<void> {
    await writeDocument(this.path(download.fileId), { ...download, expiresAt: download.expiresAt.toISOString(), data: download.data.toString('base64') });
  }

  async find(fileId: string, now: Date): Promise<Omit<StoredDownload, 'data'> | undefined> {
    const found = await this.read(this.path(fileId));
    if (!found || found.expiresAt <= now) return undefined;
    const { data: _data, ...ticket } = found;
    return ticket;
  }

  async take(fileId: string, now: Date): Promise<StoredDownload | undefined> {
    const taken = `${this.path(fileId)}.taken`;
    try {
      await rename(this.path(fileId), taken);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const found = await this.read(taken);
    await unlink(taken).catch(ignoreMissing);
    return found && found.expiresAt > now ? found : undefined;
  }

  async removeExpired(now: Date): Promise<number> {
    let removed = 0;
    for (const name of await listNames(this.folder)) {
      const path = join(this.folder, name);
      const found = await this.read(path).catch(() => undefined);
      // Expired ones go, and what a process left when it stopped halfway through handing one over (`.taken`).
      if (found && found.expiresAt > now) continue;
      await unlink(path).catch(ignoreMissing);
      removed++;
    }
    return removed;
  }

  async waiting(now: Date): Promise<StoredDownload[]> {
    const found: StoredDownload[] = [];
    for (const name of await listNames(this.folder)) {
      if (!name.endsWith('.json')) continue;
      const download = await this.read(join(this.folder, name));
      if (download && download.expiresAt > now) found.push(download);
    }
    return found;
  }

  private path(fileId: string): string {
    return join(this.folder, `${fileKey(fileId)}.json`);
  }

  private async read(path: string): Promise<StoredDownload | undefined> {
    const document = await readDocument<unknown>(path);
    if (document === null) return undefined;
    const parsed = StoredSchema.safeParse(document);
    if (!parsed.success) throw new StoreCorruptError(path, 'geen geldige download');
    return { ...parsed.data, expiresAt: new Date(parsed.data.expiresAt), data: Buffer.from(parsed.data.data, 'base64') };
  }
}
