import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import type { ConnectorStandIn } from '../support/connectorStandIn.js';
import type { PlaygroundPage } from './playgroundPage.js';
import type { Child } from './processes.js';

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

/** Says which step failed and how, with a picture of the Playground page as it was. */
export async function reportFailure(error: unknown, page: PlaygroundPage | undefined, screenshot: string): Promise<void> {
  console.error(`  ✗ ${(error as Error).stack ?? error}`);
  await page?.screenshotPage(screenshot).catch(() => undefined);
}

/** Stops what a run started; a failed run keeps its scratch folder, with the logs of the bot and the Playground. */
export async function tearDown(run: { browser: Browser | undefined; children: Child[]; connector: ConnectorStandIn; scratch: string; failed: boolean }): Promise<void> {
  await run.browser?.close().catch(() => undefined);
  for (const child of [...run.children].reverse()) await child.stop();
  await run.connector.stop();
  if (run.failed) console.error(`Logs of the bot and the Playground are kept in ${run.scratch}`);
  else await rm(run.scratch, { recursive: true, force: true });
}
