import { link, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/** A store file that exists but cannot be read back. Start-up stops on it rather than reset it. */
export class StoreCorruptError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`Opslagbestand ${file} is beschadigd (${detail}). Herstel het uit een back-up; het wordt niet overschreven.`);
    this.name = 'StoreCorruptError';
  }
}

/** A stored document's text as JSON; text that is not stops whoever reads it with the file's name. */
export function parseStored<T>(path: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StoreCorruptError(path, (error as Error).message);
  }
}

let temporarySequence = 0;

/**
 * A lowdb adapter that makes every write durable and atomic: the JSON goes to a temporary file
 * beside the target, is flushed to disk, and is renamed over the target, after which the
 * directory entry is flushed too. A crash leaves the old file or the new one, never half of one;
 * the temporary file's name carries the writer's process id, so only a dead writer's are removed.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return parseStored<T>(this.path, text);
  }

  async write(data: T): Promise<void> {
    const temporary = await this.flushedTemporary(data);
    await rename(temporary, this.path).catch(removing(temporary));
    await syncDirectory(dirname(this.path));
  }

  /**
   * Writes `data` only when the file does not exist yet; resolves false when it did. The flushed
   * temporary file is hard-linked to the target, which the file system refuses atomically when the
   * target exists, so of two processes sharing the folder exactly one creates it.
   */
  async create(data: T): Promise<boolean> {
    const temporary = await this.flushedTemporary(data);
    try {
      await link(temporary, this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await unlink(temporary);
    }
    await syncDirectory(dirname(this.path));
    return true;
  }

  private async flushedTemporary(data: T): Promise<string> {
    const directory = dirname(this.path);
    await mkdir(directory, { recursive: true });
    const temporary = join(directory, `.${basename(this.path)}.${process.pid}.${++temporarySequence}.tmp`);
    try {
      const file = await open(temporary, 'w');
      try {
        await file.writeFile(JSON.stringify(data));
        await file.sync();
      } finally {
        await file.close();
      }
    } catch (error) {
      return removing(temporary)(error);
    }
    return temporary;
  }
}

/** A failed write leaves nothing behind: the old file stays as it was, and no stray temporary. */
const removing =
  (temporary: string) =>
  async (error: unknown): Promise<never> => {
    await unlink(temporary).catch(() => undefined);
    throw error;
  };

/** Flushes a directory's entries, so a rename or link into it survives a crash. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Every name in a directory, hidden ones included; none when it does not exist yet. */
export async function readNames(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
