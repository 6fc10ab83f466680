import { createHash } from 'node:crypto';
import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DurableJsonFile, readNames } from './durableJsonFile.js';
import type { ActivityClaims } from './store.js';

/** One opaque key per (conversation id, activity id): activity ids are unique only within a conversation. */
export function activityKey(conversationId: string, activityId: string): string {
  return createHash('sha256').update(`${conversationId}\n${activityId}`).digest('hex');
}

/**
 * Claims as files: `<folder>/<2 hex>/<sha-256 of conversation and activity id>.json`. The file is
 * created with an atomic exclusive create (see DurableJsonFile.create), so two bot processes on
 * one shared folder cannot both claim an activity. The names are hashes, so no ids lie about in
 * the folder, and the 256 subfolders keep each one small.
 */
export class FileActivityClaims implements ActivityClaims {
  constructor(private readonly folder: string) {}

  /** The file holds only the time of the claim: no content of the activity is kept. */
  claim(conversationId: string, activityId: string): Promise<boolean> {
    const hash = activityKey(conversationId, activityId);
    return new DurableJsonFile(join(this.folder, hash.slice(0, 2), `${hash}.json`)).create({ claimedAt: new Date().toISOString() });
  }

  /** By the files' modification time: redelivery happens in real time, whatever clock the bot reads. */
  async prune(cutoff: Date): Promise<number> {
    let pruned = 0;
    for (const bucket of await readNames(this.folder)) {
      for (const name of await readNames(join(this.folder, bucket))) {
        const path = join(this.folder, bucket, name);
        const modified = await stat(path).then((s) => s.mtimeMs, () => Infinity);
        if (modified >= cutoff.getTime()) continue;
        await unlink(path).catch(() => undefined);
        pruned++;
      }
    }
    return pruned;
  }
}
