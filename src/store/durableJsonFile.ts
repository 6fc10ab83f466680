import { mkdir, open, readFile, rename } from 'node:fs/promises';
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

let temporarySequence = 0;

/**
 * A lowdb adapter that makes every write durable and atomic: the JSON goes to a temporary file
 * beside the target, is flushed to disk, and is renamed over the target, after which the
 * directory entry is flushed too. A crash leaves the old file or the new one, never half of one.
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
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new StoreCorruptError(this.path, (error as Error).message);
    }
  }

  async write(data: T): Promise<void> {
    const directory = dirname(this.path);
    await mkdir(directory, { recursive: true });
    const temporary = join(directory, `.${basename(this.path)}.${process.pid}.${++temporarySequence}.tmp`);
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(JSON.stringify(data));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.path);
    const directoryHandle = await open(directory, 'r');
    try {
      await directoryHandle.sync();
    } finally {
      await directoryHandle.close();
    }
  }
}
