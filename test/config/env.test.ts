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

describe('environment: Microsoft Graph for Teams meetings', () => {
  const graph = { GRAPH_TENANT_ID: 'tenant', GRAPH_CLIENT_ID: 'app', GRAPH_CLIENT_SECRET: 'g'.repeat(40) };

  it('is off without settings, and on with all three of tenant, app and secret', () => {
    expect(readEnv(complete)).toMatchObject({ GRAPH_CLIENT_ID: '', GRAPH_URL: 'https://graph.microsoft.com', GRAPH_LOGIN_URL: 'https://login.microsoftonline.com' });
    expect(readEnv({ ...complete, ...graph })).toMatchObject(graph);
  });

  it('refuses a partial Graph registration, naming the three that belong together', () => {
    expect(() => readEnv({ ...complete, GRAPH_CLIENT_ID: 'app' })).toThrow(/GRAPH_TENANT_ID: GRAPH_TENANT_ID, GRAPH_CLIENT_ID en GRAPH_CLIENT_SECRET horen samen/);
  });

  it('outside local mode wants https endpoints and a real secret', () => {
    const production = { ...complete, BOT_LOCAL_DEV: 'false', ...graph };
    expect(() => readEnv({ ...production, GRAPH_URL: 'http://127.0.0.1:9999' })).toThrow(/GRAPH_URL: moet buiten BOT_LOCAL_DEV een https-adres zijn/);
    expect(() => readEnv({ ...production, GRAPH_CLIENT_SECRET: 'kort' })).toThrow(/GRAPH_CLIENT_SECRET: moet buiten BOT_LOCAL_DEV minstens 32 tekens/);
  });
});
