import { createHmac, randomUUID } from 'node:crypto';
import { copyFile, cp, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botSettings, freePort, runToEnd, startBot, type BotSettings } from '../e2e/processes.js';
import { ConnectorStandIn } from '../support/connectorStandIn.js';

/**
 * The audit trail as an admin meets it: written by the real bot (`npm start`, a child process,
 * over HTTP), tampered with on disk, then checked by `npm run audit:verify` (a child process) and
 * by starting the real bot again on it.
 */

const connector = new ConnectorStandIn();
let scratch: string;
let settings: BotSettings;
let month: string;
let botLog: string;
let earlyCheckpoint: string;
let earlyMark: string;
const MESSAGES = 6;

async function say(port: number, text: string): Promise<void> {
  const activity = {
    type: 'message', id: randomUUID(), channelId: 'msteams', serviceUrl: connector.url, text,
    from: { id: '29:stranger', name: 'Onbekend', aadObjectId: randomUUID() }, recipient: { id: '28:bot' },
    conversation: { id: 'a:stranger', conversationType: 'personal', tenantId: 'tenant-demo' },
  };
  const response = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(response.status).toBeLessThan(300);
}

/** A copy of the untouched store, changed by `tamper`; `settings` pointed at it. */
async function tamperedStore(name: string, tamper: (trailFile: string, storeDir: string) => Promise<void>): Promise<BotSettings> {
  const storeDir = join(scratch, name);
  await cp(settings.storeDir, storeDir, { recursive: true });
  await tamper(join(storeDir, 'audit', month), storeDir);
  return { ...settings, storeDir, port: await freePort() };
}

const verify = (store: BotSettings, args: string[] = [], env: Record<string, string> = {}) => runToEnd('src/cli/verifyAudit.ts', args, scratch, { ...botSettings(store), ...env });
const start = (store: BotSettings) => runToEnd('src/index.ts', [], scratch, botSettings(store));
const STACK_TRACE = /\n\s+at /;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pz-audit-tamper-'));
  await connector.start();
  settings = { port: await freePort(), storeDir: join(scratch, 'store'), patientRefSecret: 'audit-tamper-secret-0123456789abcdef' };
  const bot = await startBot(scratch, botSettings(settings));
  for (let i = 0; i < MESSAGES / 2; i++) await say(settings.port, 'consult');
  await bot.stop();
  // Restarted halfway, so the next start walks on from the verified mark at entry 3: every change below must still stop it.
  const restarted = await startBot(scratch, botSettings(settings));
  // Copies an attacker could have kept, to put back after cutting the trail.
  await copyFile(join(settings.storeDir, 'audit-checkpoint.json'), (earlyCheckpoint = join(scratch, 'early-checkpoint.json')));
  await copyFile(join(settings.storeDir, 'audit-verified.json'), (earlyMark = join(scratch, 'early-verified.json')));
  for (let i = MESSAGES / 2; i < MESSAGES; i++) await say(settings.port, 'consult');
  await restarted.stop();
  botLog = join(scratch, 'bot.log');
  month = (await readdir(join(settings.storeDir, 'audit')))[0]!;
}, 60_000);
afterAll(async () => {
  await connector.stop();
  await rm(scratch, { recursive: true, force: true });
});

describe('npm run audit:verify on the trail the bot wrote', () => {
  it('says the untouched trail is in order, also against the checkpoints in the bot’s log', async () => {
    expect(await verify(settings)).toEqual({ code: 0, output: `Audittrail in orde: ${MESSAGES} vermeldingen, keten onverbroken, klopt met het controlepunt.\n` });
    expect(await verify(settings, ['--checkpoint', botLog])).toMatchObject({ code: 0, output: expect.stringContaining('klopt met het controlepunt en met de kopie van elders') });
  });

  it.each([
    ['an unknown option', ['--hash'], {}, /^Onbekende optie '--hash'\. Gebruik: npm run audit:verify/],
    ['no AUDIT_KEY', [], { AUDIT_KEY: '' }, /^De omgevingsvariabelen zijn ongeldig: AUDIT_KEY: ontbreekt/],
    ['a copy that is not there', ['--checkpoint', 'nergens.json'], {}, /^Bestand of map niet gevonden: nergens\.json/],
    ['a copy without a checkpoint', ['--checkpoint', 'package.json'], {}, /^Geen controlepunt gevonden in package\.json\. Gebruik: npm run audit:verify/],
  ])('says it cannot check, with exit code 2, for %s', async (_, args, env, message) => {
    if (args[1] === 'package.json') await copyFile('package.json', join(scratch, 'package.json'));
    const { code, output } = await verify(settings, args, env);
    expect(code).toBe(2);
    expect(output).toMatch(message);
    expect(output).not.toMatch(STACK_TRACE);
  });

  it('finds a trail cut back to an earlier checkpoint and mark an attacker put back, with a copy of the checkpoint kept elsewhere', async () => {
    const rolledBack = await tamperedStore('rolled-back', async (trailFile, storeDir) => {
      const lines = (await readFile(trailFile, 'utf8')).split('\n');
      await writeFile(trailFile, `${lines.slice(0, 3).join('\n')}\n`);
      await copyFile(earlyCheckpoint, join(storeDir, 'audit-checkpoint.json'));
      await copyFile(earlyMark, join(storeDir, 'audit-verified.json'));
    });
    expect(await verify(rolledBack)).toMatchObject({ code: 0 });
    expect(await verify(rolledBack, ['--checkpoint', botLog])).toEqual({
      code: 1,
      output: expect.stringMatching(new RegExp(`^Audittrail NIET in orde: de audittrail is ingekort na regel 3 van audit/${month} \\(vermelding 3\\): het controlepunt in .*bot\\.log van \\S+ telt ${MESSAGES} vermeldingen\\. Meld dit bij de functionaris gegevensbescherming\\.\\n$`)),
    });
  });
});

/** Each change to the trail on disk, and the problem both the verify command and start-up name. */
const TAMPERING: [string, (trailFile: string, storeDir: string) => Promise<void>, () => string][] = [
  [
    'a cut tail',
    async (file) => {
      const lines = (await readFile(file, 'utf8')).split('\n');
      await writeFile(file, `${lines.slice(0, MESSAGES - 2).join('\n')}\n`);
    },
    () => `de audittrail is ingekort na regel ${MESSAGES - 2} van audit/${month} (vermelding ${MESSAGES - 2}): het controlepunt audit-checkpoint.json van`,
  ],
  ['an emptied file', (file) => truncate(file, 0), () => 'de audittrail is leeg of verwijderd: het controlepunt audit-checkpoint.json van'],
  ['a deleted trail', (_, storeDir) => rm(join(storeDir, 'audit'), { recursive: true }), () => 'de audittrail is leeg of verwijderd: het controlepunt audit-checkpoint.json van'],
  ['a deleted checkpoint', (_, storeDir) => rm(join(storeDir, 'audit-checkpoint.json')), () => `het controlepunt audit-checkpoint.json ontbreekt, terwijl de audittrail ${MESSAGES} vermeldingen heeft`],
  [
    'an edit with every later hash recomputed without the key',
    async (file) => {
      const entries = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
      let previous = entries[0].hash;
      for (const entry of entries.slice(1)) {
        Object.assign(entry, entry.sequence === 2 ? { actorRole: 'admin' } : {}, { previousHash: previous });
        const { hash: _hash, ...unsealed } = entry;
        previous = entry.hash = createHmac('sha256', 'a-guessed-key-0123456789abcdef0123').update(JSON.stringify(unsealed)).digest('hex');
      }
      await writeFile(file, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    },
    () => `regel 2 van audit/${month} (vermelding 2) is gewijzigd, of niet met deze AUDIT_KEY vastgelegd`,
  ],
  [
    'an edit behind a verified mark moved forward without the key',
    async (file, storeDir) => {
      await writeFile(file, (await readFile(file, 'utf8')).replace('"sequence":2,', '"sequence":2,"detail":"x",'));
      const mark = JSON.parse(await readFile(join(storeDir, 'audit-verified.json'), 'utf8'));
      const last = JSON.parse((await readFile(file, 'utf8')).trim().split('\n').at(-1)!);
      const offset = (await readFile(file)).lastIndexOf('\n', -2) + 1;
      await writeFile(join(storeDir, 'audit-verified.json'), JSON.stringify({ ...mark, count: MESSAGES, head: last.hash, at: last.at, offset, line: MESSAGES }));
    },
    () => `regel 2 van audit/${month} (vermelding 2) is gewijzigd, of niet met deze AUDIT_KEY vastgelegd`,
  ],
  [
    'a garbage line',
    async (file) => {
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.splice(2, 0, '{"sequence": "drie"');
      await writeFile(file, lines.join('\n'));
    },
    () => `regel 3 van audit/${month} is geen geldige auditregel`,
  ],
];

// Each case has its own copy of the store and its own port.
describe('tampering with the trail on disk', () => {
  it.each(TAMPERING)('%s fails npm run audit:verify with exit code 1, naming the problem in Dutch, without a stack trace', async (name, tamper, problem) => {
    const { code, output } = await verify(await tamperedStore(`${name}-verify`, tamper));
    expect(code).toBe(1);
    expect(output).toMatch(/^Audittrail NIET in orde: /);
    expect(output).toContain(problem());
    expect(output).not.toMatch(STACK_TRACE);
  });

  it.each(TAMPERING)('%s stops the real bot at start-up, saying so plainly', { timeout: 60_000 }, async (name, tamper, problem) => {
    const { code, output } = await start(await tamperedStore(`${name}-start`, tamper));
    expect(code).toBe(1);
    expect(output).toContain(`De audittrail is NIET in orde: ${problem()}`);
    expect(output).toContain('De bot start niet');
    expect(output).not.toContain('PZ-Consultbot ready');
    expect(output).not.toMatch(STACK_TRACE);
  });
});
