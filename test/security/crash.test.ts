import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { openStorage } from '../../src/store/openStorage.js';
import type { Storage } from '../../src/store/store.js';
import { testStores, type StoreKind } from '../support/botUnderTest.js';
import { ConnectorStandIn } from '../support/connectorStandIn.js';
import { privateSchema } from '../support/postgres.js';

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
let database: { url: string; drop: () => Promise<void> } | undefined;
let child: ChildProcess | undefined;

async function startServer(): Promise<string> {
  // node itself runs the server as `npm start` does (compiled by the test set-up), so SIGKILL hits the server process, not a wrapper.
  const process_ = spawn(process.execPath, ['dist/index.js'], {
    env: { ...process.env, BOT_LOCAL_DEV: 'true', HOST: '127.0.0.1', PORT: '0', STORE_DIR: storeDir, DATABASE_URL: database?.url ?? '', DATA_DIR: 'data', PATIENT_REF_SECRET: 'crash-test-secret-0123456789abcdef', DOWNLOAD_LINK_SECRET: 'crash-test-download-secret-0123456789', AUDIT_KEY: 'crash-test-audit-key-0123456789abcdef', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = process_;
  return new Promise((resolve, reject) => {
    let output = '';
    // Generous: a busy machine.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
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
  await connector.start();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await connector.stop();
});

/** Time passes while the bot is down: every offered first step becomes overdue, written behind the bot's back. Gives their ids. */
async function makeOfferedStepsOverdue(kind: StoreKind, store: Storage): Promise<string[]> {
  await store.close();
  if (kind === 'postgres') {
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    const { rows } = await client.query(`UPDATE consults SET doc = jsonb_set(doc, '{stepDeadline}', '"2026-01-01T00:00:00.000Z"') WHERE status = 'aangeboden' RETURNING id`);
    await client.end();
    return rows.map((row: { id: string }) => row.id);
  }
  const openDir = join(storeDir, 'consults', 'open');
  const overdue: string[] = [];
  for (const name of await readdir(openDir)) {
    const path = join(openDir, name);
    const consult = JSON.parse(await readFile(path, 'utf8'));
    if (consult.status !== 'aangeboden') continue;
    await writeFile(path, JSON.stringify({ ...consult, stepDeadline: '2026-01-01T00:00:00.000Z' }));
    overdue.push(consult.id);
  }
  return overdue;
}

describe.each(testStores())('a crash loses nothing that was acknowledged, on the %s store', (kind) => {
  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'pz-crash-'));
    database = kind === 'postgres' ? await privateSchema() : undefined;
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await rm(storeDir, { recursive: true, force: true });
    await database?.drop();
  });

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
    const store = await openStorage({ STORE_DIR: storeDir, DATABASE_URL: database?.url });
    for (const [formId, ref] of acknowledged) {
      const consult = await store.consults.byRef(ref);
      expect(consult?.formId).toBe(formId);
      expect(consult?.request.question).toBe(question(formId));
    }
    if (kind === 'file') expect((await readdir(join(storeDir, 'consults', 'open'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // A request in flight at the kill may not have been offered yet; the restart offers it anew.
    const overdue = await makeOfferedStepsOverdue(kind, store);
    expect(overdue.length).toBeGreaterThanOrEqual(25);
    url = await startServer();
    child!.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    url = await startServer();
    expect(url).toMatch(/^http/);

    const afterRestarts = await openStorage({ STORE_DIR: storeDir, DATABASE_URL: database?.url });
    for (const id of overdue) expect((await afterRestarts.consults.get(id))?.stepLog.map((s) => s.trigger)).toEqual(['request', 'timeout']);
    await afterRestarts.close();
    child!.kill('SIGKILL');
  }, 240_000);
});
