import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvSchema } from '../../src/config/env.js';

/** The repository root; the processes below run in a scratch folder, so every path is absolute. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TSX_LOADER = import.meta.resolve('tsx');
const PLAYGROUND_CLI = join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
/**
 * The bot as `npm start` runs it: src/ compiled into one file by scripts/build.mjs (its `prestart`),
 * which the test set-up (test/support/buildBot.ts) and `npm run test:e2e` run first.
 */
const COMPILED_BOT = join(ROOT, 'dist', 'index.js');

/** A child process whose output goes to a log file, kept in the scratch folder when the run fails. */
export class Child {
  private exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
    readonly logFile: string,
  ) {
    const log = createWriteStream(logFile);
    process.stdout?.pipe(log);
    process.stderr?.pipe(log);
    this.exited = new Promise((done) => process.once('exit', (code) => done(code)));
  }

  /** Resolves when a line of its output matches, rejects when it exits or the time is up. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((done, fail) => {
      let seen = '';
      const timer = setTimeout(() => fail(new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms (see ${this.logFile})`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        seen += chunk.toString('utf8');
        const match = pattern.exec(seen);
        if (match) {
          clearTimeout(timer);
          done(match);
        }
      };
      this.process.stdout?.on('data', onData);
      this.process.stderr?.on('data', onData);
      void this.exited.then((code) => {
        clearTimeout(timer);
        fail(new Error(`${this.name} exited with ${code} before ${pattern} (see ${this.logFile})`));
      });
    });
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), new Promise<boolean>((done) => setTimeout(() => done(false), 5_000))]);
    if (!stopped) this.process.kill('SIGKILL');
  }
}

/**
 * The environment for the bot and its command-line tools: the inherited one without any of the
 * bot's own settings (so neither a developer's shell nor a `.env` changes the run), plus these.
 */
export function botEnvironment(settings: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(EnvSchema.shape)) delete env[key];
  return { ...env, ...settings };
}

/**
 * Runs an entry point of the project in `cwd` (which has no `.env`): the bot (src/index.ts) compiled,
 * as `npm start` runs it; a command-line tool with tsx, as `npm run <tool>` does.
 */
function runTypeScript(entry: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  const command = entry === 'src/index.ts' ? [COMPILED_BOT] : ['--import', TSX_LOADER, join(ROOT, entry)];
  return spawn(process.execPath, [...command, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface BotSettings {
  port: number;
  storeDir: string;
  patientRefSecret: string;
}

export function botSettings(settings: BotSettings): Record<string, string> {
  return {
    BOT_LOCAL_DEV: 'true',
    HOST: '127.0.0.1',
    PORT: String(settings.port),
    DATA_DIR: join(ROOT, 'data'),
    STORE_DIR: settings.storeDir,
    PATIENT_REF_SECRET: settings.patientRefSecret,
    DOWNLOAD_LINK_SECRET: 'e2e-only-download-links-0123456789abcdef',
    AUDIT_KEY: 'e2e-only-audit-key-0123456789abcdef',
    LOG_LEVEL: 'info',
  };
}

/**
 * Runs a project entry point (a command-line tool, or the bot when it should refuse to start) to
 * its end, with the bot's environment; killed after `timeoutMs`, so a bot that starts after all
 * shows up as a failed assertion rather than a hanging test.
 */
export async function runToEnd(entry: string, args: string[], scratch: string, settings: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  const child = runTypeScript(entry, args, scratch, botEnvironment(settings));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  clearTimeout(timer);
  return { code, output };
}

/** `npm run acp:import -- <file> --huisarts <id> --patientnummer <nr>`, into the bot's store. */
export async function importAcp(scratch: string, settings: BotSettings, file: string, huisartsId: string, patientNumber: string): Promise<string> {
  const { code, output } = await runToEnd('src/cli/importAcp.ts', [file, '--huisarts', huisartsId, '--patientnummer', patientNumber], scratch, botSettings(settings));
  if (code !== 0) throw new Error(`acp:import exited with ${code}:\n${output}`);
  return output;
}

/**
 * `npm start` as the README describes it, in `scratch`, with these settings (usually
 * `botSettings(...)`: local mode on the loopback address); what they leave out comes from a
 * `.env` in `scratch`, if there is one.
 */
export async function startBot(scratch: string, environment: Record<string, string>, readyWithinMs = 30_000): Promise<Child> {
  const child = new Child('bot', runTypeScript('src/index.ts', [], scratch, botEnvironment(environment)), join(scratch, 'bot.log'));
  await child.waitForOutput(/PZ-Consultbot ready/, readyWithinMs);
  return child;
}

/**
 * `agentsplayground start -e <bot> -c msteams --dt` with a mock-data file from test/e2e/playground/,
 * whose current user is a network member. The Playground wants to open a browser with `xdg-open`
 * when it starts (and stops when that command is missing): a no-op `xdg-open` first on PATH, and
 * TEAMSAPPTESTER_BROWSER=none, keep it headless. Resolves with the address of its web page.
 */
export async function startPlayground(scratch: string, botPort: number, user: string): Promise<{ child: Child; url: string }> {
  const bin = join(scratch, 'bin');
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, 'xdg-open'), '#!/bin/sh\nexit 0\n');
  await chmod(join(bin, 'xdg-open'), 0o755);
  const debugLog = join(scratch, `playground-${user}.debug.log`);
  const playground = spawn(
    process.execPath,
    [PLAYGROUND_CLI, 'start', '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '--dt', '-p', '0'],
    {
      cwd: scratch,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: join(ROOT, 'test/e2e/playground', `${user}.yml`),
        M365_AGENTS_PLAYGROUND_LOGFILE: debugLog,
        TEAMSAPPTESTER_BROWSER: 'none',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const child = new Child(`playground (${user})`, playground, join(scratch, `playground-${user}.log`));
  const [, port] = await child.waitForOutput(/Listening on (\d+)/, 30_000);
  const url = `http://127.0.0.1:${port}/`;
  // It listens before it reads its mock-data file, and stops on a bad one, telling only its log.
  for (const until = Date.now() + 15_000; !(await fetch(url).then((response) => response.ok, () => false)); ) {
    if (!child.running || Date.now() > until) {
      const log = await readFile(debugLog, 'utf8').catch(() => '');
      throw new Error(`the Playground did not start:\n${log.split('\n').filter((line) => line.startsWith('error')).join('\n')}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return { child, url };
}

/** A free TCP port on the loopback address. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
