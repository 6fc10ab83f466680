import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../src/config/zodMessages.js';
import { ConfigError, loadNetwork } from '../../src/config/loadNetwork.js';
import { readEnv } from '../../src/config/env.js';

let dataDir: string;
const regionFile = () => join(dataDir, 'regions', 'mijnstreek.json');

async function editRegion(edit: (region: any) => void): Promise<void> {
  const region = JSON.parse(await readFile(regionFile(), 'utf8'));
  edit(region);
  await writeFile(regionFile(), JSON.stringify(region));
}

function problemsOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pz-data-'));
  await cp('data', dataDir, { recursive: true });
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the demo network in data/', () => {
  it('loads, and maps each practice postcode to its sub-region', () => {
    const { directory } = loadNetwork(dataDir);
    expect(directory.regions.map((r) => r.name)).toContain('Mijnstreek');
    expect(directory.subRegionForPostcode('6131 AB')?.name).toBe('Westelijke Mijnstreek');
    expect(directory.subRegionForPostcode('6372')?.name).toBe('Oostelijk Zuid-Limburg');
    expect(directory.subRegionForPostcode('1012')).toBeUndefined();
    const bram = directory.person('bram-janssen')!;
    expect(directory.homeSubRegionOf(bram)?.id).toBe('oostelijk-zuid-limburg');
    for (const subRegion of directory.regions.flatMap((r) => r.subRegions)) {
      expect(directory.consultationTeamFor(subRegion.id)).toBeDefined();
    }
  });
});

describe('a bad network configuration stops start-up with file, path and problem', () => {
  it('names a wrong value by its path', async () => {
    await editRegion((region) => (region.people[2].role = 'chirurg'));
    const message = problemsOf(() => loadNetwork(dataDir));
    expect(message).toContain(join('regions', 'mijnstreek.json'));
    expect(message).toContain('people[2].role');
  });

  it('names a reference to a person who does not exist', async () => {
    await editRegion((region) => (region.consultationTeams[0].members[1] = 'niemand'));
    expect(problemsOf(() => loadNetwork(dataDir))).toMatch(/consultationTeams\[0\]\.members\[1\]: persoon 'niemand' bestaat niet/);
  });

  it('refuses a generalist in a consultation team', async () => {
    await editRegion((region) => (region.consultationTeams[0].members[0] = 'anna-de-vries'));
    expect(problemsOf(() => loadNetwork(dataDir))).toContain("'anna-de-vries' is geen specialist PZ");
  });

  it('refuses overlapping postcode ranges', async () => {
    await editRegion((region) => (region.subRegions[1].postcodes[0].from = 6150));
    expect(problemsOf(() => loadNetwork(dataDir))).toContain('overlapt met westelijke-mijnstreek (6100-6199)');
  });

  it('names a file that is not JSON', async () => {
    await writeFile(regionFile(), '{ "id": "mijnstreek", ');
    expect(problemsOf(() => loadNetwork(dataDir))).toMatch(/mijnstreek\.json: geen geldige JSON/);
  });

  it('refuses the same person in two region files', async () => {
    await cp(regionFile(), join(dataDir, 'regions', 'kopie.json'));
    expect(problemsOf(() => loadNetwork(dataDir))).toContain("persoon 'anna-de-vries' staat ook in");
  });
});

describe('environment', () => {
  const base = { PATIENT_REF_SECRET: 'x'.repeat(32), DOWNLOAD_LINK_SECRET: 'y'.repeat(32), AUDIT_KEY: 'z'.repeat(32) };

  it('refuses unauthenticated local mode on a non-loopback address', () => {
    expect(() => readEnv({ ...base, BOT_LOCAL_DEV: 'true', HOST: '0.0.0.0' })).toThrow(/HOST: BOT_LOCAL_DEV=true .* alleen op een loopback-adres/);
  });

  it('requires an app registration outside local mode', () => {
    expect(() => readEnv({ ...base, HOST: '0.0.0.0' })).toThrow(/MICROSOFT_APP_ID en MICROSOFT_APP_PASSWORD verplicht/);
    expect(readEnv({ ...base, HOST: '0.0.0.0', MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'p'.repeat(40) }).BOT_LOCAL_DEV).toBe(false);
  });

  it('requires a long patient-reference secret', () => {
    expect(() => readEnv({ ...base, BOT_LOCAL_DEV: 'true', PATIENT_REF_SECRET: 'kort' })).toThrow(/PATIENT_REF_SECRET/);
  });

  it('defaults to port 3978 on loopback', () => {
    const env = readEnv({ ...base, BOT_LOCAL_DEV: 'true' });
    expect([env.PORT, env.HOST]).toEqual([3978, '127.0.0.1']);
  });
});
