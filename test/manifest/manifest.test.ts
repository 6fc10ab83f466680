import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import AjvDraft04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { fillManifest, MANIFEST_DIR, manifestValues, writeAppPackage } from '../../scripts/package.js';

/**
 * The Teams app package: manifest/manifest.json, filled in as `npm run package` does, checked
 * against Microsoft's JSON schema for manifest v1.29 (vendored in test/fixtures, MIT licence).
 */
const Ajv = AjvDraft04.default;
const addFormats = addFormatsModule.default;
const schema = JSON.parse(await readFile('test/fixtures/MicrosoftTeams.v1.29.schema.json', 'utf8'));
// Microsoft's schema has loose spots Ajv's strict mode refuses (e.g. `additionalProperties` without `type`).
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const ENV = { MICROSOFT_APP_ID: '2f6c1d0e-8a4b-4c3d-9e2f-1a2b3c4d5e6f', PUBLIC_BASE_URL: 'https://pzbot.netwerk-pz.example/' };
const template = await readFile(join(MANIFEST_DIR, 'manifest.json'), 'utf8');
const manifest = fillManifest(template, manifestValues(ENV, '1.2.3')) as any;

function schemaErrors(candidate: unknown): string[] {
  return validate(candidate) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}

/** Width, height and RGBA pixels of a PNG of 8-bit RGBA, non-interlaced (as our icons are). */
function decodePng(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      expect({ bitDepth: data[8], colourType: data[9], interlace: data[12] }).toEqual({ bitDepth: 8, colourType: 6, interlace: 0 });
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    const above = rows[y - 1] ?? Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? line[i - 4]! : 0;
      const b = above[i]!;
      const c = i >= 4 ? above[i - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      line[i] = (line[i]! + predictor) & 0xff;
    }
    rows.push(line);
  }
  return { width, height, pixel: (x, y) => [...rows[y]!.subarray(x * 4, x * 4 + 4)] };
}

function zipEntries(file: string): Promise<Map<string, Buffer>> {
  return new Promise((done, fail) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return fail(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return fail(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => done(entries));
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}

describe('the Teams app manifest', () => {
  it('is valid against Microsoft’s schema for manifest v1.29 once filled in', () => {
    expect(schemaErrors(manifest)).toEqual([]);
    expect(manifest.manifestVersion).toBe('1.29');
    expect(manifest.version).toBe('1.2.3');
  });

  it('is checked for real: the unfilled template, a bad colour or an unknown scope fail the schema', () => {
    expect(schemaErrors(JSON.parse(template))).toEqual(expect.arrayContaining(['/id must match pattern "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"']));
    expect(schemaErrors({ ...manifest, accentColor: 'paars' })).toEqual(['/accentColor must match pattern "^#[0-9a-fA-F]{6}$"']);
    expect(schemaErrors({ ...manifest, bots: [{ ...manifest.bots[0], scopes: ['personal', 'meeting'] }] })).toContain('/bots/0/scopes/1 must be equal to one of the allowed values');
  });

  it('takes the app id and the bot’s address from the environment', () => {
    expect(manifest.id).toBe(ENV.MICROSOFT_APP_ID);
    expect(manifest.bots[0].botId).toBe(ENV.MICROSOFT_APP_ID);
    expect(manifest.validDomains).toEqual(['pzbot.netwerk-pz.example']);
    expect(manifest.developer.websiteUrl).toBe('https://pzbot.netwerk-pz.example');
    const ownAppId = manifestValues({ ...ENV, TEAMS_APP_ID: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a' }, '1.0.0');
    expect([ownAppId.TEAMS_APP_ID, ownAppId.MICROSOFT_APP_ID]).toEqual(['0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a', ENV.MICROSOFT_APP_ID]);
  });

  it('offers the bot in personal chats, teams and group chats, with file support for the ACP import', () => {
    const [bot] = manifest.bots;
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(true);
    expect(manifest.defaultInstallScope).toBe('personal');
  });

  it('lists the Dutch commands in the command menu', () => {
    const personal = manifest.bots[0].commandLists.find((list: any) => list.scopes.includes('personal'));
    expect(personal.commands.map((command: any) => command.title)).toEqual(
      expect.arrayContaining(['help', 'consult', 'consulten', 'acp', 'acp importeren', 'rooster', 'statistiek', 'export tapas', 'overlijden registreren']),
    );
    for (const command of personal.commands) expect(command.description).toMatch(/[a-z]/);
  });

  it('refuses to fill in a missing app id, a non-GUID or a plain-http address, saying why in Dutch', () => {
    expect(() => manifestValues({}, '1.0.0')).toThrow(/MICROSOFT_APP_ID: ontbreekt[\s\S]*PUBLIC_BASE_URL: ontbreekt/);
    expect(() => manifestValues({ MICROSOFT_APP_ID: 'pz-bot', PUBLIC_BASE_URL: 'http://pzbot.example.nl' }, '1.0.0')).toThrow(/moet een GUID zijn[\s\S]*moet een https-adres zijn/);
    expect(() => fillManifest('{"id":"${{ONBEKEND}}"}', manifestValues(ENV, '1.0.0'))).toThrow('onbekende plaatshouder');
  });

  it('has a 192×192 colour icon and a 32×32 outline icon that is white on transparent', async () => {
    const color = decodePng(await readFile(join(MANIFEST_DIR, 'color.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixel(0, 0)[3]).toBe(255);

    const outline = decodePng(await readFile(join(MANIFEST_DIR, 'outline.png')));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const pixels = Array.from({ length: 32 * 32 }, (_, i) => outline.pixel(i % 32, Math.floor(i / 32)));
    expect(outline.pixel(0, 0)[3]).toBe(0);
    expect(pixels.filter(([, , , alpha]) => alpha! > 0).length).toBeGreaterThan(50);
    // Every visible pixel is white (resvg stores RGB unpremultiplied, so edges stay white too).
    expect(pixels.filter(([r, g, b, alpha]) => alpha! > 0 && (r !== 255 || g !== 255 || b !== 255))).toEqual([]);
  });

  it('packages manifest.json and both icons at the root of the zip, still valid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pz-package-'));
    try {
      await writeAppPackage(join(dir, 'appPackage.zip'), manifest);
      const entries = await zipEntries(join(dir, 'appPackage.zip'));
      expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
      expect(schemaErrors(JSON.parse(entries.get('manifest.json')!.toString('utf8')))).toEqual([]);
      expect(entries.get('outline.png')).toEqual(await readFile(join(MANIFEST_DIR, 'outline.png')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
