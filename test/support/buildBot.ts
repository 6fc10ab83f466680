import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Runs once before the tests: compiles the bot as `npm start` does first (scripts/build.mjs), for
 * the tests that start it as a process (test/e2e/processes.ts).
 */
export default async function setup(): Promise<void> {
  await promisify(execFile)(process.execPath, ['scripts/build.mjs']);
}
