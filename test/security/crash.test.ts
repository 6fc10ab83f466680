import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { FileStore } from '../../src/store/fileStore.js';
import { ConnectorStandIn } from '../support/connectorStandIn.js';

/**
 * The real server as a child process, killed with SIGKILL in the middle of a stream of consult
 * requests and started again on the same store.
 */

const { directory } = loadNetwork('data');
const gp = directory.person('anna-de-vries')!;
// The child runs on the real clock, so who is on call depends on the day: everyone in the
// Zuid-Limburg pool has the bot installed, so every step of the plan has someone to offer to.
const specialists = directory.regions
  .filter((region) => region.id !== 'drenthe-steenwijkerland')
  .flatMap((region) => region.people)
  .filter((person) => person.role === 'specialist');
const connector = new ConnectorStandIn();
let storeDir: string;
let child: ChildProcess | undefined;

async function startServer(): Promise<string> {
  // node itself runs the server (tsx only as a loader), so SIGKILL hits the server process, not a wrapper.
  const process_ = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    env: { ...process.env, BOT_LOCAL_DEV: 'true', HOST: '127.0.0.1', PORT: '0', STORE_DIR: storeDir, DATA_DIR: 'data', PATIENT_REF_SECRET: 'crash-test-secret-0123456789abcdef', DOWNLOAD_LINK_SECRET: 'crash-test-download-secret-0123456789', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = process_;
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    process_.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"PZ-Consultbot ready"/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    process_.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process_.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function activity(person: typeof gp, fields: Record<string, unknown>) {
  return {
    id: randomUUID(), channelId: 'msteams', serviceUrl: connector.url,
    from: { id: `29:${person.id}`, name: person.name, aadObjectId: person.aadObjectId },
    recipient: { id: '28:bot' }, conversation: { id: `a:${person.id}`, conversationType: 'personal', tenantId: 't' }, ...fields,
  };
}

async function post(url: string, body: object): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const question = (formId: string) => `Vraag ${formId}: pijn en onrust, advies over dosering?`;

beforeAll(async () => {
  storeDir = await mkdtemp(join(tmpdir(), 'pz-crash-'));
  await connector.start();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await connector.stop();
  await rm(storeDir, { recursive: true, force: true });
});

describe('a crash loses nothing that was acknowledged', () => {
  it('keeps every acknowledged request intact after SIGKILL, and runs a due step once after restart', async () => {
    let url = await startServer();
    for (const person of [gp, ...specialists]) await post(url, activity(person, { type: 'conversationUpdate', membersAdded: [{ id: '28:bot' }] }));

    const acknowledged = new Map<string, string>();
    let sent = 0;
    let killed = false;
    const submitOne = async () => {
      const formId = randomUUID();
      sent++;
      const data = {
        formId, patientInitials: 'E.F.', patientBirthYear: '1939', setting: 'thuis', subRegionId: 'westelijke-mijnstreek', form: 'telefonisch',
        urgency: 'spoed', complexity: 'complex', dimensions: 'fysiek', question: question(formId), callbackPhone: '046 411 0101',
      };
      try {
        const { status, body } = await post(url, activity(gp, { type: 'invoke', name: 'adaptiveCard/action', replyToId: `form-${formId}`, value: { action: { type: 'Action.Execute', verb: 'consult.submit', data } } }));
        const ref = /C-[0-9A-Z]{4}/.exec(JSON.stringify(body?.value ?? ''))?.[0];
        if (status === 200 && ref) acknowledged.set(formId, ref);
      } catch {
        // The connection died with the server: not acknowledged.
      }
    };
    // Four clients at once; the server is killed while requests are in flight.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (!killed && sent < 200) {
          await submitOne();
          if (acknowledged.size >= 25 && !killed) {
            killed = true;
            child!.kill('SIGKILL');
          }
        }
      }),
    );
    await new Promise((resolve) => child!.once('exit', resolve).listenerCount('exit') && setTimeout(resolve, 200));
    expect(acknowledged.size).toBeGreaterThanOrEqual(25);

    // Nothing half-written: every file in the store parses.
    const store = await FileStore.open(storeDir);
    for (const [formId, ref] of acknowledged) {
      const consult = await store.consults.byRef(ref);
      expect(consult?.formId).toBe(formId);
      expect(consult?.request.question).toBe(question(formId));
    }
    const openDir = join(storeDir, 'consults', 'open');
    expect((await readdir(openDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // Time passes while the bot is down: make every first step overdue. A consult the kill caught
    // between being stored and being offered is still 'ingediend': it is offered on restart instead.
    const overdue = new Set<string>();
    for (const name of await readdir(openDir)) {
      const path = join(openDir, name);
      const consult = JSON.parse(await readFile(path, 'utf8'));
      if (consult.status !== 'aangeboden') continue;
      overdue.add(consult.id);
      await writeFile(path, JSON.stringify({ ...consult, stepDeadline: '2026-01-01T00:00:00.000Z' }));
    }
    url = await startServer();
    child!.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    url = await startServer();
    expect(url).toMatch(/^http/);

    const afterRestarts = await FileStore.open(storeDir);
    const offered = (await afterRestarts.consults.open()).filter((c) => c.status === 'aangeboden');
    expect(offered.length).toBeGreaterThanOrEqual(25);
    for (const consult of offered) expect(consult.stepLog.map((s) => s.trigger)).toEqual(overdue.has(consult.id) ? ['request', 'timeout'] : ['request']);
    child!.kill('SIGKILL');
  }, 90_000);
});
