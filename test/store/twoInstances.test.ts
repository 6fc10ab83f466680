import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import type { Consult } from '../../src/domain/consult.js';
import { PostgresStore } from '../../src/store/postgres/postgresStore.js';
import { botSettings, freePort, ROOT, startBot, type Child } from '../e2e/processes.js';
import { cardText, TeamsUser, type UserHost } from '../support/botUnderTest.js';
import { ConnectorStandIn } from '../support/connectorStandIn.js';
import { postgresUrl, privateSchema } from '../support/postgres.js';
import { RoundRobin } from '../support/roundRobin.js';

/**
 * Two `npm start` processes on one PostgreSQL, behind a round-robin on loopback, on the real
 * clock. Mijnstreek's spoed steps wait 1 minute here (a copy of data/ with a shorter chain), so a
 * due step can be watched; everyone in the Zuid-Limburg pool has the bot, whoever is on call today.
 */
const { directory } = loadNetwork('data');
const specialists = directory.regions.filter((region) => region.id !== 'drenthe-steenwijkerland').flatMap((region) => region.people).filter((person) => person.role === 'specialist');

describe.runIf(postgresUrl())('two instances behind a round-robin share one PostgreSQL', () => {
  const connector = new ConnectorStandIn();
  let schema: { url: string; drop: () => Promise<void> };
  let scratch: string;
  let instances: { child: Child; url: string }[] = [];
  let balancer: RoundRobin;
  let reader: PostgresStore;
  const host = { connector, url: '', consultByRef: (ref: string) => reader.consults.byRef(ref) } satisfies UserHost;
  const user = (personId: string) => {
    const person = directory.person(personId)!;
    return new TeamsUser(host, person.id, person.name, person.aadObjectId);
  };
  const gp = user('anna-de-vries');

  async function startInstance(name: string): Promise<{ child: Child; url: string }> {
    const port = await freePort();
    const settings = { ...botSettings({ port, storeDir: join(scratch, `store-${name}`), patientRefSecret: 'two-instances-secret-0123456789abcdef' }), DATA_DIR: join(scratch, 'data'), DATABASE_URL: schema.url };
    // Generous: two starting together on a busy machine.
    return { child: await startBot(scratch, settings, 120_000), url: `http://127.0.0.1:${port}` };
  }

  beforeAll(async () => {
    await connector.start();
    schema = await privateSchema();
    scratch = await mkdtemp(join(tmpdir(), 'pz-two-instances-'));
    await cp(join(ROOT, 'data'), join(scratch, 'data'), { recursive: true });
    const regionFile = join(scratch, 'data', 'regions', 'mijnstreek.json');
    const region = JSON.parse(await readFile(regionFile, 'utf8'));
    const oneMinute = ['primary', 'backup', 'pool'].map((notify) => ({ notify, waitMinutes: 1 }));
    region.escalation = { spoed: oneMinute, vandaag: oneMinute, 'deze-week': oneMinute };
    region.paging = { renotifyMinutes: { spoed: 30, vandaag: 30, 'deze-week': 30 }, loops: 0 };
    await writeFile(regionFile, JSON.stringify(region));
    // Both start at the same moment: the schema and the job queues are set up once, under locks.
    instances = await Promise.all([startInstance('a'), startInstance('b')]);
    balancer = new RoundRobin(instances.map((instance) => instance.url));
    await balancer.start();
    reader = await PostgresStore.open(schema.url);
    host.url = balancer.url;
    for (const person of [gp, ...specialists.map((s) => user(s.id))]) await person.install();
  }, 180_000);

  afterAll(async () => {
    for (const instance of instances) instance.child.process.kill('SIGKILL');
    await balancer?.stop();
    await reader?.close();
    await connector.stop();
    await schema?.drop();
    await rm(scratch, { recursive: true, force: true });
  });

  const via = async <T>(url: string, action: () => Promise<T>): Promise<T> => {
    host.url = url;
    try {
      return await action();
    } finally {
      host.url = balancer.url;
    }
  };
  const stored = async (id: string): Promise<Consult> => (await reader.consults.get(id))!;

  it('lets a consult requested on one instance be accepted on the other, with cards updated from either', async () => {
    const { consult, cardActivityId } = await via(instances[0]!.url, () => gp.requestConsult({ urgency: 'vandaag' }));
    const primary = user(consult.plan[0]!.personIds[0]!);
    await expect.poll(() => primary.cards().some((card) => cardText(card.card).includes(consult.ref)), { timeout: 10_000 }).toBe(true);
    const offer = primary.cards().find((card) => cardText(card.card).includes(consult.ref))!;
    await via(instances[1]!.url, () => primary.press('consult.accept', { consultId: consult.id }, offer.activityId));
    expect((await stored(consult.id)).acceptedBy).toBe(primary.personId);
    await expect.poll(() => cardText(gp.currentCard(cardActivityId)), { timeout: 10_000 }).toContain('Status: Geaccepteerd');
    await via(instances[0]!.url, () => primary.say(`${consult.ref}: bel ik u zo, over de pompinstelling`));
    await expect.poll(() => gp.messages().filter((text) => text.includes('over de pompinstelling')), { timeout: 10_000 }).toHaveLength(1);

    // The Bot Framework redelivers a message it saw no answer to: here to both instances at once.
    const message = gp.activity({ type: 'message', text: `${consult.ref}: dank, tot zo` });
    const answers = await Promise.all(instances.map((instance) => via(instance.url, () => gp.post(message))));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    await expect.poll(() => primary.messages().filter((text) => text.includes('dank, tot zo')), { timeout: 10_000 }).toHaveLength(1);
    await new Promise((settle) => setTimeout(settle, 1_500));
    expect(primary.messages().filter((text) => text.includes('dank, tot zo'))).toHaveLength(1);
    expect((await stored(consult.id)).messages.filter((m) => m.text.includes('dank, tot zo'))).toHaveLength(1);
  });

  it('fires the due step once on the other instance when one is killed with SIGKILL in the middle of an escalation', async () => {
    const { consult } = await gp.requestConsult({ urgency: 'spoed', question: 'Terminale onrust, sedatie starten?' });
    const deadline = Date.parse((await stored(consult.id)).stepDeadline!);
    const backups = consult.plan[1]!.personIds.map(user);
    expect(backups.length).toBeGreaterThan(0);
    // Half-way through the primary's minute, one instance dies without a word.
    await new Promise((settle) => setTimeout(settle, 20_000));
    instances[0]!.child.process.kill('SIGKILL');
    await expect.poll(async () => (await stored(consult.id)).stepIndex, { timeout: 90_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    const after = await stored(consult.id);
    expect(after.stepLog.map((step) => step.trigger)).toEqual(['request', 'timeout']);
    const lateMs = Date.parse(after.stepLog[1]!.at) - deadline;
    expect(lateMs).toBeGreaterThanOrEqual(0);
    // Delivered once: one offer card per backup, one "nog geen reactie" for the GP, also a while later.
    await new Promise((settle) => setTimeout(settle, 3_000));
    for (const backup of backups) expect(backup.cards().filter((card) => cardText(card.card).includes(consult.ref))).toHaveLength(1);
    expect(gp.messages().filter((text) => text.startsWith(`Consult ${consult.ref}: nog geen reactie van `))).toHaveLength(1);
    // The survivor answers everything the balancer sends, and every acknowledged consult is there.
    const { consult: next } = await gp.requestConsult({ urgency: 'vandaag', question: 'Na de storing: pijnbestrijding thuis?' });
    expect(await stored(next.id)).toBeDefined();
    expect(await stored(consult.id)).toBeDefined();
  }, 150_000);
});
