import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { expandRoster, localInstant } from '../src/domain/roster.js';
import { removeDir, tempDir } from './lib.js';
import { syntheticNetwork } from './network.js';

/**
 * What-if probes behind the explanations in the README's benchmark section (not part of
 * `npm run bench`; run with `npx tsx bench/probes.ts`). Each compares what the code does now
 * with a cheap alternative, without changing src/.
 */

const DAY_MS = 86_400_000;

// 1. Indexing rosters: nearly all of expandRoster's time is TZDate construction in localInstant.
{
  const network = syntheticNetwork(1, 2026);
  const t = Date.parse('2026-01-01T00:00:00+01:00');
  let started = performance.now();
  let shifts = 0;
  for (const roster of network.rosters) shifts += expandRoster(roster, t - 7 * DAY_MS, t + 366 * DAY_MS).length;
  const asIs = performance.now() - started;
  started = performance.now();
  const n = 20_000;
  for (let i = 0; i < n; i++) new TZDate(2026, 5, 1 + (i % 28), 8, 0, 'Europe/Amsterdam').getTime();
  const perTzDate = ((performance.now() - started) * 1000) / n;
  // The same (date, time) pairs recur in every roster: a memo answers all but the first of each.
  const memo = new Map<string, number>();
  let calls = 0;
  started = performance.now();
  for (const roster of network.rosters) {
    for (let day = t - 9 * DAY_MS; day < t + 366 * DAY_MS; day += DAY_MS) {
      const date = new Date(day).toISOString().slice(0, 10);
      for (const entry of roster.rotation.weeks[0]!) {
        for (const time of [entry.from, entry.to]) {
          calls++;
          const key = `${date}T${time}`;
          if (!memo.has(key)) memo.set(key, localInstant(date, time));
        }
      }
    }
  }
  const memoised = performance.now() - started;
  console.log(`roster index: expandRoster for ${network.rosters.length} rosters × 1 year = ${asIs.toFixed(0)} ms (${shifts} shifts); one TZDate = ${perTzDate.toFixed(1)} µs`);
  console.log(`  the same ${calls} localInstant calls through a Map memo: ${memoised.toFixed(0)} ms (${memo.size} distinct date+time pairs)`);
}

// 2. Reading many small documents: FileStore reads one file at a time with fs/promises.readFile.
{
  const dir = await tempDir('probe-read');
  try {
    const count = Number(process.env.PROBE_FILES ?? 20_000);
    mkdirSync(join(dir, 'docs'));
    const document = JSON.stringify({ schemaVersion: 1, id: 'x'.repeat(38), text: 'y'.repeat(900) });
    for (let i = 0; i < count; i++) writeFileSync(join(dir, 'docs', `${i}.json`), document);
    const names = (await readdir(join(dir, 'docs'))).sort();
    const path = (name: string) => join(dir, 'docs', name);
    let started = performance.now();
    for (const name of names) JSON.parse(await readFile(path(name), 'utf8'));
    const sequential = performance.now() - started;
    started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < names.length) JSON.parse(await readFile(path(names[next++]!), 'utf8'));
      }),
    );
    const concurrent = performance.now() - started;
    started = performance.now();
    for (const name of names) JSON.parse(readFileSync(path(name), 'utf8'));
    const sync = performance.now() - started;
    const per = (ms: number) => `${((ms * 1000) / count).toFixed(0)} µs/file`;
    console.log(`reading ${count} small JSON files (warm page cache):`);
    console.log(`  one at a time with await readFile (as FileStore): ${sequential.toFixed(0)} ms (${per(sequential)})`);
    console.log(`  16 at a time with await readFile:                  ${concurrent.toFixed(0)} ms (${per(concurrent)})`);
    console.log(`  readFileSync:                                      ${sync.toFixed(0)} ms (${per(sync)})`);
  } finally {
    await removeDir(dir);
  }
}
