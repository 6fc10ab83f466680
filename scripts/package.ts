/**
 * npm run package
 * Writes appPackage.zip, the Teams app package an IT admin uploads: manifest/manifest.json with
 * the app id and the bot's address filled in from the environment (or `.env`), and the icons.
 *
 *   MICROSOFT_APP_ID   the Azure Bot's Entra app id (the bot id in the manifest)
 *   PUBLIC_BASE_URL    https address where Teams reaches the bot (messaging endpoint + /api/messages)
 *   TEAMS_APP_ID       optional: the Teams app's own id, when it differs from MICROSOFT_APP_ID
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ZipFile } from 'yazl';
import { z } from 'zod/v4';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MANIFEST_DIR = join(ROOT, 'manifest');
const ICONS = ['color.png', 'outline.png'];
/** A fixed time in the archive, so the same input gives the same package. */
const ZIP_TIME = new Date('2026-01-01T00:00:00Z');

const guid = z.string().regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'moet een GUID zijn (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
const PackageEnvSchema = z.object({
  MICROSOFT_APP_ID: guid,
  TEAMS_APP_ID: guid.optional(),
  PUBLIC_BASE_URL: z.url({ protocol: /^https$/, error: 'moet een https-adres zijn, bijvoorbeeld https://pzbot.example.nl' }),
});

/** What fills the `${{NAME}}` placeholders of manifest/manifest.json. */
export type ManifestValues = Record<'APP_VERSION' | 'TEAMS_APP_ID' | 'MICROSOFT_APP_ID' | 'PUBLIC_BASE_URL' | 'BOT_DOMAIN', string>;

/** The placeholder values from the environment; throws a Dutch message naming each problem. */
export function manifestValues(env: NodeJS.ProcessEnv, appVersion: string): ManifestValues {
  const settings = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')); // empty counts as not set
  const result = PackageEnvSchema.safeParse(settings);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.code === 'invalid_type' ? 'ontbreekt' : issue.message}`);
    throw new Error(`Het app-pakket kan niet worden gemaakt:\n${problems.join('\n')}`);
  }
  const base = new URL(result.data.PUBLIC_BASE_URL);
  return {
    APP_VERSION: appVersion,
    TEAMS_APP_ID: result.data.TEAMS_APP_ID ?? result.data.MICROSOFT_APP_ID,
    MICROSOFT_APP_ID: result.data.MICROSOFT_APP_ID,
    PUBLIC_BASE_URL: base.href.replace(/\/+$/, ''),
    BOT_DOMAIN: base.host,
  };
}

/** The manifest template with every `${{NAME}}` replaced; an unknown name is an error. */
export function fillManifest(template: string, values: ManifestValues): unknown {
  const filled = template.replace(/\$\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = (values as Record<string, string>)[name];
    if (value === undefined) throw new Error(`manifest.json: onbekende plaatshouder \${{${name}}}`);
    return value;
  });
  return JSON.parse(filled);
}

/** Writes the zip Teams expects: manifest.json and the icons at its root. */
export function writeAppPackage(outFile: string, manifest: unknown): Promise<void> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime: ZIP_TIME });
  for (const icon of ICONS) zip.addFile(join(MANIFEST_DIR, icon), icon, { mtime: ZIP_TIME });
  zip.end();
  return new Promise((done, fail) => {
    zip.outputStream.pipe(createWriteStream(outFile)).on('close', done).on('error', fail);
  });
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const values = manifestValues(process.env, version);
  const manifest = fillManifest(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8'), values);
  const outFile = join(ROOT, 'appPackage.zip');
  await writeAppPackage(outFile, manifest);
  console.log(`appPackage.zip geschreven (app ${values.TEAMS_APP_ID}, versie ${values.APP_VERSION}).`);
  console.log(`Messaging endpoint van de Azure Bot: ${values.PUBLIC_BASE_URL}/api/messages`);
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
