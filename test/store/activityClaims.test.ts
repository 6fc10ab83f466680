import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileActivityClaims } from '../../src/store/activityClaims.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pz-claims-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function claimFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const bucket of await readdir(folder)) for (const name of await readdir(join(folder, bucket))) files.push(join(folder, bucket, name));
  return files;
}

describe('activity claims in a shared folder', () => {
  it('lets exactly one of many simultaneous claimants, in two instances, claim an activity', async () => {
    const one = new FileActivityClaims(folder);
    const two = new FileActivityClaims(folder);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).claim('a:1on1-anna', 'activity-7')));
    expect(results.filter(Boolean)).toHaveLength(1);
    // The same activity id in another conversation is another activity.
    expect(await one.claim('a:1on1-els', 'activity-7')).toBe(true);
    // Two claim files, named by hash (no ids in the folder), and no temporary files left by the claimants that lost.
    expect((await claimFiles()).map((path) => path.split('/').at(-1))).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/), expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
  });

  it('forgets claims older than the cut-off, after which the activity could be claimed again', async () => {
    const claims = new FileActivityClaims(folder);
    await claims.claim('a:1', 'old');
    const weekAgo = new Date(Date.now() - 8 * 24 * 60 * 60_000);
    for (const path of await claimFiles()) await utimes(path, weekAgo, weekAgo);
    await claims.claim('a:1', 'recent');
    expect(await claims.prune(new Date(Date.now() - 7 * 24 * 60 * 60_000))).toBe(1);
    expect(await claims.claim('a:1', 'recent')).toBe(false);
    expect(await claims.claim('a:1', 'old')).toBe(true);
  });
});
