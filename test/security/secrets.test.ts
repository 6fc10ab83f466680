import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import { SECRET_VARIABLES } from '../../src/config/secrets.js';
import { freePort, ROOT, runToEnd, startBot } from '../e2e/processes.js';

/**
 * Production never runs on the public demo secrets `.env.example` ships, nor on a short secret.
 * The demo values are read from the file itself, so the list in src/config/secrets.ts cannot
 * drift from it unseen.
 */

const example = parseEnv(await readFile(join(ROOT, '.env.example'), 'utf8')) as Record<string, string>;
const shipped = SECRET_VARIABLES.filter((name) => example[name]);
const APP = { MICROSOFT_APP_ID: '11111111-2222-4333-8444-555555555555', MICROSOFT_APP_PASSWORD: 'an-own-app-password-0123456789abcdef' };
const OWN = { PATIENT_REF_SECRET: 'own-patient-secret-0123456789abcdef', DOWNLOAD_LINK_SECRET: 'own-download-secret-0123456789abcdef', AUDIT_KEY: 'own-audit-key-0123456789abcdef0123' };
const production = { ...APP, ...OWN, BOT_LOCAL_DEV: 'false', HOST: '0.0.0.0' };

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pz-secrets-'));
  await copyFile(join(ROOT, '.env.example'), join(scratch, '.env'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('secrets in production', () => {
  it('refuses every secret value .env.example ships, naming each variable', () => {
    expect(shipped).toEqual(expect.arrayContaining(['PATIENT_REF_SECRET', 'DOWNLOAD_LINK_SECRET', 'AUDIT_KEY']));
    const demo = Object.fromEntries(shipped.map((name) => [name, example[name]!]));
    expect(() => readEnv({ ...production, ...demo })).toThrow(
      new RegExp(shipped.map((name) => `  ${name}: is de openbare demowaarde uit \\.env\\.example`).join('[^]*')),
    );
  });

  it.each(['MICROSOFT_APP_PASSWORD', 'LLM_API_KEY'])('refuses a %s shorter than 32 characters, naming it', (name) => {
    expect(() => readEnv({ ...production, [name]: 'kort-maar-niet-leeg' })).toThrow(`${name}: moet buiten BOT_LOCAL_DEV minstens 32 tekens lang zijn`);
  });

  it('starts on secrets of its own', () => {
    expect(readEnv(production)).toMatchObject({ BOT_LOCAL_DEV: false, AUDIT_KEY: OWN.AUDIT_KEY });
  });

  it('npm start with .env copied from .env.example, but BOT_LOCAL_DEV=false, stops and names the demo secrets', async () => {
    const { code, output } = await runToEnd('src/index.ts', [], scratch, { ...APP, BOT_LOCAL_DEV: 'false', DATA_DIR: join(ROOT, 'data'), STORE_DIR: join(scratch, 'store'), PORT: '0' });
    expect(code).toBe(1);
    for (const name of shipped) expect(output).toContain(`  ${name}: is de openbare demowaarde uit .env.example`);
    expect(output).not.toMatch(/\n\s+at /);
  });
});

describe('secrets in local mode', () => {
  it('npm start with .env copied from .env.example warns once, in one log line, that the demo secrets are in use', async () => {
    const bot = await startBot(scratch, { DATA_DIR: join(ROOT, 'data'), STORE_DIR: join(scratch, 'store'), PORT: String(await freePort()) });
    await bot.stop();
    const lines = (await readFile(bot.logFile, 'utf8')).split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    const warnings = lines.filter((line) => /demo secrets/.test(line.msg));
    expect(warnings).toEqual([expect.objectContaining({ level: 40, variables: shipped })]);
  });
});
