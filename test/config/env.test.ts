import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import '../../src/config/zodMessages.js';
import { EnvSchema, readEnv, readEnvSubset, type EnvKey } from '../../src/config/env.js';

/** Settings under which every variable may be left out on its own: local mode with an app registration. */
const complete: Record<string, string> = {
  BOT_LOCAL_DEV: 'true',
  MICROSOFT_APP_ID: 'app',
  MICROSOFT_APP_PASSWORD: 'p'.repeat(40),
  PATIENT_REF_SECRET: 'x'.repeat(40),
  DOWNLOAD_LINK_SECRET: 'y'.repeat(40),
  AUDIT_KEY: 'z'.repeat(40),
};
const without = (key: string) => Object.fromEntries(Object.entries(complete).filter(([name]) => name !== key));
const variables = Object.keys(EnvSchema.shape) as EnvKey[];
const isRequired = (key: EnvKey) => {
  try {
    readEnv(without(key));
    return false;
  } catch {
    return true;
  }
};

describe('environment: an empty value means not set', () => {
  for (const key of variables.filter((name) => !isRequired(name))) {
    it(`${key}= (empty or blank) reads as if ${key} were not set`, () => {
      const unset = readEnv(without(key));
      expect(readEnv({ ...without(key), [key]: '' })).toEqual(unset);
      expect(readEnv({ ...without(key), [key]: '   ' })).toEqual(unset);
    });
  }

  for (const key of variables.filter(isRequired)) {
    it(`${key}= (empty) is reported as missing, by name`, () => {
      expect(() => readEnv({ ...without(key), [key]: '' })).toThrow(new RegExp(`${key}: ontbreekt`));
    });
  }

  it('parses .env.example as shipped into the local demo', () => {
    const env = readEnv(parseEnv(readFileSync('.env.example', 'utf8')));
    expect(env).toMatchObject({ BOT_LOCAL_DEV: true, HOST: '127.0.0.1', PORT: 3978, STORE_DIR: 'var/store', DATA_DIR: 'data' });
    expect([env.BOT_OPENID_METADATA_URL, env.BOT_TOKEN_ISSUER, env.PUBLIC_BASE_URL, env.LLM_ENDPOINT]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('lets a command-line tool read only the settings it needs, with the same rule', () => {
    expect(readEnvSubset(['STORE_DIR', 'RETENTION_DAYS'], { STORE_DIR: 'elders', RETENTION_DAYS: '' })).toEqual({ STORE_DIR: 'elders', RETENTION_DAYS: 730 });
    expect(() => readEnvSubset(['RETENTION_DAYS'], { RETENTION_DAYS: 'twee jaar' })).toThrow(/RETENTION_DAYS: /);
  });

  it('still refuses a set value that is wrong', () => {
    expect(() => readEnv({ ...complete, PUBLIC_BASE_URL: 'geen adres' })).toThrow(/PUBLIC_BASE_URL: /);
  });
});
