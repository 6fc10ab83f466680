/**
 * The README as a new user meets it, on a fresh clone of this commit (`npm run test:smoke`, run
 * by `.ci/run`): the set-up command is read from the README's "Set up and run" section, run as
 * written in a scratch folder, and the bot must then answer `help` from a Teams user through a
 * Bot Connector stand-in. Any failed step exits 1.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { readEnvSubset } from '../../src/config/env.js';
import { botEnvironment, Child, ROOT } from '../e2e/processes.js';
import { ConnectorStandIn } from '../support/connectorStandIn.js';

const SET_UP_TIMEOUT_MS = 5 * 60_000;
/** Anna de Vries, huisarts in the demo network (data/regions/mijnstreek.json). */
const DEMO_GP = { id: '29:anna-de-vries', name: 'Anna de Vries', aadObjectId: '6f1c0a3e-0001-4a00-8000-000000000101' };

/** The README's command that installs and starts the bot: the `npm start` line of the first sh block under "Set up and run". */
export function setUpCommand(readme: string): string {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Set up and run'));
  const block = section && /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  const command = block?.split('\n').find((line) => !line.trim().startsWith('#') && /\bnpm start\b/.test(line));
  if (!command) throw new Error('README: no `npm start` command in the first sh block of "## Set up and run"');
  return command.trim();
}

function step(text: string): void {
  console.log(`smoke: ${text}`);
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>, alive: () => boolean = () => true): Promise<void> {
  for (const until = Date.now() + timeoutMs; !(await check()); ) {
    if (!alive()) throw new Error(`${what}: the process stopped first`);
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'pz-smoke-'));
  const clone = join(scratch, 'pz-consultbot');
  const connector = new ConnectorStandIn();
  let bot: Child | undefined;
  let passed = false;
  let stderr = '';
  let output = '';
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', ROOT, clone]);
    execFileSync('git', ['checkout', '--quiet', '--detach', commit], { cwd: clone });
    step(`fresh clone of ${commit.slice(0, 10)} in ${clone}`);

    const command = setUpCommand(await readFile(join(clone, 'README.md'), 'utf8'));
    step(`README's set-up command: ${command}`);
    await connector.start();
    // Nothing from the developer's or CI's shell: the README's `.env` is all the bot reads.
    bot = new Child('README set-up', spawn('bash', ['-c', command], { cwd: clone, env: botEnvironment(), stdio: ['ignore', 'pipe', 'pipe'], detached: true }), join(scratch, 'set-up.log'));
    bot.process.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    bot.process.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      output += chunk.toString('utf8');
    });

    const settings = readEnvSubset(['PORT', 'HOST'], parseEnv(await readFile(join(clone, '.env.example'), 'utf8')));
    const base = `http://${settings.HOST}:${settings.PORT}`;
    await waitUntil(`GET ${base}/healthz answers 200`, SET_UP_TIMEOUT_MS, () => fetch(`${base}/healthz`).then((r) => r.ok, () => false), () => bot!.running);
    step(`${base}/healthz is ready`);

    const conversationId = `a:smoke-${randomUUID()}`;
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: DEMO_GP,
        recipient: { id: '28:pz-consultbot', name: 'PZ-Consultbot' },
        conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-demo' },
        channelData: { tenant: { id: 'tenant-demo' } },
        locale: 'nl-NL',
        text: 'help',
      }),
    });
    if (!response.ok) throw new Error(`POST /api/messages answered ${response.status}`);
    step(`POST /api/messages "help" as ${DEMO_GP.name}: ${response.status}`);
    await waitUntil('a reply reaches the Bot Connector stand-in', 15_000, async () => connector.calls.some((call) => call.conversationId === conversationId && call.method === 'POST'));
    const reply = connector.calls.find((call) => call.conversationId === conversationId)!;
    step(`reply received: ${reply.activity.attachments?.map((a) => a.contentType).join(', ') || JSON.stringify(reply.activity.text?.slice(0, 60))}`);

    const warnings = stderr.split('\n').filter((line) => /Warning|deprecat/i.test(line));
    if (warnings.length > 0) throw new Error(`start-up printed warnings:\n${warnings.join('\n')}`);
    step('start-up printed no warnings');
    passed = true;
  } finally {
    // npm start runs node under npm (after its prestart build): the whole process group goes.
    if (bot?.process.pid && bot.running) process.kill(-bot.process.pid, 'SIGTERM');
    await connector.stop();
    if (passed) await rm(scratch, { recursive: true, force: true });
    else console.error(`smoke: FAILED; the clone is kept in ${scratch}. The set-up's last output:\n${output.split('\n').slice(-30).join('\n')}`);
  }
}

main().then(
  () => console.log('smoke: passed'),
  (error: Error) => {
    console.error(`smoke: ${error.message}`);
    process.exitCode = 1;
  },
);
