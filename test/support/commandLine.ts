import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { botEnvironment } from '../e2e/processes.js';

const run = promisify(execFile);
const TSX = resolve('node_modules/.bin/tsx');

export interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool as `npm run <tool>` does (`tsx src/cli/….ts`), in a folder of its own with its own `.env`. */
export async function tool(cwd: string, script: string, args: string[] = [], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(TSX, [resolve('src/cli', script), ...args], { cwd, env: botEnvironment(env) });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { exitCode: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** One Dutch line for the person at the terminal: no stack trace, no error class names. */
export function expectOneLine(outcome: Outcome, pattern: RegExp, exitCode = 2): void {
  const lines = outcome.stderr.trim().split('\n');
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(outcome.stderr).not.toMatch(/\n\s+at |Error:|ZodError/);
  expect(outcome.exitCode).toBe(exitCode);
}
