import { readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile, parseStored, readNames } from '../durableJsonFile.js';

/** Small helpers for the embedded store's one-document-per-file layout. */

const READ_CONCURRENCY = 32;

/** Reads many documents a bounded number at a time: one by one, each read waits on the disk in turn. */
export async function readAll<T>(paths: readonly string[]): Promise<(T | null)[]> {
  const results: (T | null)[] = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < paths.length; i = next++) results[i] = await readDocument<T>(paths[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, worker));
  return results;
}

/**
 * Reads documents one after the other with `readFileSync`, for `FileStore.open` only: nothing is
 * served until it returns, so blocking the event loop keeps no one waiting, and a synchronous read
 * skips the thread-pool round trips of `await readFile` (open, stat, read, close: 8 µs a file
 * against 248 µs, README "Benchmarks"), which at 20k deaths is seconds of start-up. A document
 * that is not JSON stops start-up with its name, as `readDocument` does; one that is gone is `null`.
 */
export function readDocumentsAtStart<T>(paths: readonly string[]): (T | null)[] {
  return paths.map((path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return parseStored<T>(path, text);
  });
}

export async function readDocument<T>(path: string): Promise<T | null> {
  return new DurableJsonFile<T>(path).read();
}

export async function writeDocument<T>(path: string, data: T): Promise<void> {
  await new Low<T>(new DurableJsonFile<T>(path), data).write();
}

/** The documents of a folder, without hidden (temporary) files, sorted by name. */
export async function listNames(directory: string): Promise<string[]> {
  return (await readNames(directory)).filter((name) => !name.startsWith('.')).sort();
}

/**
 * Removes the temporary files that a crashed writer left: never renamed into place, so never
 * acknowledged. A temporary file carries its writer's process id, and one whose writer still
 * runs (the bot beside a command-line tool, or the reverse) is an in-flight write: it stays.
 */
export async function removeAbandonedTemporaryFiles(directory: string): Promise<void> {
  for (const name of await readNames(directory)) {
    const pid = /^\..+\.(\d+)\.\d+\.tmp$/.exec(name)?.[1];
    if (pid && !isRunning(Number(pid))) await unlink(join(directory, name)).catch(ignoreMissing);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const ignoreMissing = (error: NodeJS.ErrnoException): void => {
  if (error.code !== 'ENOENT') throw error;
};

/** A record key used as a file name: anything that could leave its folder is refused. */
export function fileKey(key: string): string {
  if (!/^[\w-][\w.-]*$/.test(key) || key.includes('..')) throw new Error('not a valid record key');
  return key;
}

export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function monthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (cursor < to) {
    months.push(monthOf(cursor));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}
