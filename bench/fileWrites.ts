import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { percentile, removeDir, sortedCopy, tempDir } from './lib.js';

/**
 * Counts what this process hands to the disk through FileHandle (lowdb's DurableJsonFile and the
 * audit trail both write through it): the bytes given to writeFile/appendFile, and the fsyncs.
 * Counting is on while `fileWrites.on` is true.
 */
export const fileWrites = { on: false, bytes: 0, writes: 0, fsyncs: 0 };
const counters = fileWrites;
{
  const probePath = join(await tempDir('probe'), 'probe');
  const handle = await open(probePath, 'w');
  const proto = Object.getPrototypeOf(handle) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  await handle.close();
  await rm(join(probePath, '..'), { recursive: true, force: true });
  for (const method of ['writeFile', 'appendFile'] as const) {
    const original = proto[method]!;
    proto[method] = function (this: unknown, data: unknown, ...rest: unknown[]) {
      if (counters.on) {
        counters.writes++;
        counters.bytes += typeof data === 'string' ? Buffer.byteLength(data) : ArrayBuffer.isView(data) ? data.byteLength : 0;
      }
      return original.call(this, data, ...rest);
    };
  }
  const sync = proto.sync!;
  proto.sync = function (this: unknown) {
    if (counters.on) counters.fsyncs++;
    return sync.call(this);
  };
}

/** How long one small durable write (write, fsync, fsync the directory) takes on this disk. */
export async function fsyncLatency(samples = 100): Promise<{ p50: number; p99: number }> {
  const dir = await tempDir('fsync');
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const file = await open(join(dir, `f${i}.tmp`), 'w');
    await file.writeFile('{"x":1}'.repeat(300));
    await file.sync();
    await file.close();
    const d = await open(dir, 'r');
    await d.sync();
    await d.close();
    times.push(performance.now() - started);
  }
  await removeDir(dir);
  const sorted = sortedCopy(times);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

