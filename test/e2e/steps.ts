import assert from 'node:assert/strict';

/** A run of named end-to-end steps, each timed and reported on its own line. */
export class StepRun {
  readonly started = Date.now();
  passed = 0;

  async step(name: string, run: () => Promise<void>): Promise<void> {
    const at = Date.now();
    await run();
    this.passed += 1;
    console.log(`  ✓ ${name} (${((Date.now() - at) / 1000).toFixed(1)} s)`);
  }

  summary(name: string, failed: boolean): string {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
    return failed ? `${name}: failed after ${this.passed} steps (${seconds} s)` : `${name}: all ${this.passed} steps passed (${seconds} s)`;
  }
}

/** Polls until `find` returns something, as a person waits for a message to arrive. */
export async function eventually<T>(what: string, find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) assert.fail(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
