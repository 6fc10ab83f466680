import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botEnvironment } from '../e2e/processes.js';
import { postgresUrl, privateSchema } from '../support/postgres.js';

const run = promisify(execFile);
const TSX = resolve('node_modules/.bin/tsx');
const DATA_DIR = resolve('data');

interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool as `npm run <tool>` does (`tsx src/cli/….ts`), in a folder of its own with its own `.env`. */
async function tool(cwd: string, script: string, args: string[] = [], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(TSX, [resolve('src/cli', script), ...args], { cwd, env: botEnvironment(env) });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { exitCode: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** One Dutch line for the person at the terminal: no stack trace, no error class names. */
function expectOneLine(outcome: Outcome, pattern: RegExp, exitCode = 2): void {
  const lines = outcome.stderr.trim().split('\n');
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(outcome.stderr).not.toMatch(/\n\s+at |Error:|ZodError/);
  expect(outcome.exitCode).toBe(exitCode);
}

// Each tool runs in a process of its own, so the cases run side by side.
describe.concurrent('command-line tools: read .env like npm start, answer bad input in one Dutch line', { timeout: 60_000 }, () => {
  const folders: string[] = [];
  /** A folder with a `.env` as a new admin would write it from `.env.example`, store inside. */
  let withEnv = '';
  let withoutEnv = '';
  beforeAll(async () => {
    withEnv = await mkdtemp(join(tmpdir(), 'pz-cli-'));
    withoutEnv = await mkdtemp(join(tmpdir(), 'pz-cli-bare-'));
    folders.push(withEnv, withoutEnv);
    const settings = [`DATA_DIR=${DATA_DIR}`, 'STORE_DIR=opslag', `PATIENT_REF_SECRET=${'s'.repeat(40)}`, `AUDIT_KEY=${'a'.repeat(40)}`, 'RETENTION_DAYS=', 'PUBLIC_BASE_URL='];
    await writeFile(join(withEnv, '.env'), `${settings.join('\n')}\n`);
  });
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('purge reads its settings from .env, blank values included', async () => {
    const outcome = await tool(withEnv, 'purge.ts');
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout).toMatch(/^Bewaartermijn 730 dagen: vrije tekst verwijderd uit 0 consulten/);
  });

  it('purge names an invalid setting from .env, with exit code 2', async () => {
    expectOneLine(await tool(withEnv, 'purge.ts', [], { RETENTION_DAYS: 'twee jaar' }), /^De omgevingsvariabelen zijn ongeldig: RETENTION_DAYS: /);
  });

  it('audit:verify reads STORE_DIR from .env and checks that trail', async () => {
    const outcome = await tool(withEnv, 'verifyAudit.ts');
    expect(outcome.exitCode, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/^Audittrail in orde/);
  });

  it('audit:verify refuses an unknown option', async () => {
    expectOneLine(await tool(withEnv, 'verifyAudit.ts', ['--snel']), /^Onbekende optie '--snel'\. Gebruik: npm run audit:verify/);
  });

  it('acp:import without .env says which setting is missing', async () => {
    expectOneLine(await tool(withoutEnv, 'importAcp.ts', ['acp.json', '--huisarts', 'anna-de-vries']), /^De omgevingsvariabelen zijn ongeldig: PATIENT_REF_SECRET: ontbreekt/);
  });

  it('acp:import names a file that does not exist', async () => {
    expectOneLine(await tool(withEnv, 'importAcp.ts', ['weg.json', '--huisarts', 'anna-de-vries']), /^Bestand of map niet gevonden: weg\.json$/);
  });

  it('acp:import without its arguments shows how to call it', async () => {
    expectOneLine(await tool(withEnv, 'importAcp.ts'), /Gebruik: npm run acp:import -- <bestand\.json> --huisarts <persoon-id>/);
  });

  it('acp:import refuses an option without its value', async () => {
    expectOneLine(await tool(withEnv, 'importAcp.ts', ['acp.json', '--huisarts']), /^Optie '--huisarts' heeft een waarde nodig/);
  });

  it('roster:import names a file that does not exist', async () => {
    expectOneLine(await tool(withEnv, 'importRoster.ts', ['anw-zuid-limburg', 'weg.ics']), /^Bestand of map niet gevonden: weg\.ics$/);
  });

  it('roster:import refuses an unknown option and a third argument', async () => {
    expectOneLine(await tool(withEnv, 'importRoster.ts', ['--alles']), /^Onbekende optie '--alles'/);
    expectOneLine(await tool(withEnv, 'importRoster.ts', ['a', 'b.ics', 'c']), /^Onverwacht argument 'c'/);
  });

  it('roster:import with a network folder that does not exist says so', async () => {
    const outcome = await tool(withEnv, 'importRoster.ts', ['anw-zuid-limburg', resolve('test/fixtures/ics/anw-zuid-limburg-outlook.ics')], { DATA_DIR: join(withoutEnv, 'geen-netwerk') });
    expectOneLine(outcome, /^De netwerkconfiguratie is ongeldig: /);
  });

  it('report refuses an unknown region and an unknown period', async () => {
    expectOneLine(await tool(withEnv, 'report.ts', ['kpi', '2026-Q3', '--regio', 'atlantis']), /^Regio 'atlantis' bestaat niet\./);
    expectOneLine(await tool(withEnv, 'report.ts', ['kpi', 'ooit', '--regio', 'mijnstreek']), /^Periode 'ooit' ken ik niet/);
  });

  it('db:migrate without DATABASE_URL, or with one that cannot be reached, says so in one line', async () => {
    expectOneLine(await tool(withEnv, 'migrateDatabase.ts'), /^DATABASE_URL is niet gezet; zonder database gebruikt de bot de bestandsopslag/);
    const unreachable = await tool(withEnv, 'migrateDatabase.ts', [], { DATABASE_URL: 'postgres://pzbot:geheim@127.0.0.1:1/pzbot' });
    expectOneLine(unreachable, /^De database 127\.0\.0\.1:1\/pzbot \(DATABASE_URL\) is niet bereikbaar: /);
    expect(unreachable.stderr).not.toContain('geheim');
    expectOneLine(await tool(withEnv, 'migrateDatabase.ts', [], { DATABASE_URL: 'mysql://db/pzbot' }), /^De omgevingsvariabelen zijn ongeldig: DATABASE_URL: moet een PostgreSQL-adres zijn/);
  });

  it.runIf(postgresUrl())('db:migrate brings an empty database up to date, and a second run finds nothing to do', async () => {
    const schema = await privateSchema();
    try {
      const first = await tool(withEnv, 'migrateDatabase.ts', [], { DATABASE_URL: schema.url });
      expect([first.exitCode, first.stdout], first.stderr).toEqual([0, expect.stringMatching(/^Database bijgewerkt: 001_initial, 002_activity_claims, 004_roster_changes toegepast; schema nu op 004_roster_changes\./)]);
      const second = await tool(withEnv, 'migrateDatabase.ts', [], { DATABASE_URL: schema.url });
      expect([second.exitCode, second.stdout]).toEqual([0, expect.stringMatching(/^Database is al bijgewerkt: schema op 004_roster_changes\./)]);
    } finally {
      await schema.drop();
    }
  });

  it('report refuses an unknown option', async () => {
    expectOneLine(await tool(withEnv, 'report.ts', ['kpi', '2026-Q3', '--regio', 'mijnstreek', '--pdf']), /^Onbekende optie '--pdf'/);
  });

  // Read from package.json, so a tool added later is held to the same rules without a new test.
  const tools = Object.entries(JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>)
    .map(([name, command]) => ({ name, script: /^tsx src\/cli\/(\w+\.ts)$/.exec(command)?.[1] }))
    .filter((tool): tool is { name: string; script: string } => Boolean(tool.script));

  it('covers every command-line tool in package.json', () => {
    expect(tools.map((t) => t.name).sort()).toEqual(['acp:import', 'audit:verify', 'db:migrate', 'purge', 'report', 'roster:import']);
  });

  for (const { name, script } of tools) {
    it(`npm run ${name} answers --help with how to call it, and an unknown option with exit code 2`, async () => {
      const help = await tool(withoutEnv, script, ['--help']);
      expect([help.exitCode, help.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^Gebruik: npm run ${name}`))]);
      expectOneLine(await tool(withoutEnv, script, ['--onzin']), /^Onbekende optie '--onzin'\. Gebruik: /);
    });
  }
});
