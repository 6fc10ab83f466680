import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest } from '../support/botUnderTest.js';
import { openStorage } from '../../src/store/openStorage.js';
import { postgresUrl, privateSchema } from '../support/postgres.js';

/**
 * /healthz tells a load balancer whether this instance can work: the bot runs on PostgreSQL
 * through a plain TCP relay, and the relay is cut to take the database away.
 */
class TcpRelay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(target: { host: string; port: number }): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(target.port, target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Refuses new connections and drops the open ones, as when the database host goes away. */
  async cut(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }
}

let harness: BotUnderTest | undefined;
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  for (const step of cleanup) await step();
  cleanup = [];
});

describe.runIf(postgresUrl())('/healthz on PostgreSQL', () => {
  it('reports the database as the store, and answers 503 once PostgreSQL cannot be reached', async () => {
    const schema = await privateSchema();
    cleanup.push(schema.drop);
    const relay = new TcpRelay();
    const url = new URL(schema.url);
    await relay.start({ host: url.hostname, port: Number(url.port || 5432) });
    cleanup.push(() => relay.cut());
    url.host = `127.0.0.1:${relay.port}`;
    harness = await BotUnderTest.start({ env: { DATABASE_URL: url.toString() } });

    const before = await fetch(`${harness.bot.server.url}/healthz`);
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ status: 'ok', store: 'postgres', jobs: 'running' });

    await relay.cut();
    const after = await fetch(`${harness.bot.server.url}/healthz`);
    expect(after.status).toBe(503);
    expect(await after.json()).toEqual({ status: 'store-unreachable', store: 'postgres', jobs: 'not-running' });
  });

  it('fails a transaction whose connection is lost between two statements, and the process goes on', async () => {
    const schema = await privateSchema();
    cleanup.push(schema.drop);
    const relay = new TcpRelay();
    const url = new URL(schema.url);
    await relay.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${relay.port}`;
    const store = await openStorage({ STORE_DIR: '', DATABASE_URL: url.toString() });
    cleanup.push(() => store.close().catch(() => undefined));
    const transaction = store.transaction(async (tx) => {
      await tx.consults.get('eerste');
      await relay.cut();
      // The reset reaches the checked-out client while it waits between statements.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.consults.get('tweede');
    });
    await expect(transaction).rejects.toThrow();
  });
});

describe('/metrics for Prometheus', () => {
  it('counts requests, open consults by state, job runs and queue depth, and nothing that names a person or a patient', async () => {
    harness = await BotUnderTest.start();
    const [gp, els] = [harness.user('anna-de-vries'), harness.user('els-vermeulen')];
    await gp.install();
    await els.install();
    const { consult } = await gp.requestConsult({ patientInitials: 'Q.Z.', question: 'Onrust bij mevrouw, advies gevraagd' });
    const text = await (await fetch(`${harness.url}/metrics`)).text();
    expect(text).toMatch(/pz_http_requests_total\{route="\/api\/messages",status="200"\} \d+/);
    expect(text).toContain('pz_open_consults{state="aangeboden"} 1');
    expect(text).toMatch(/pz_job_runs_total\{queue="outbox-deliver",outcome="done"\} [1-9]/);
    expect(text).toMatch(/pz_job_queue_depth\{queue="consult-step"\} 1/);
    expect(text).toContain('pz_job_lateness_seconds_bucket');
    for (const identifying of [consult.ref, 'Q.Z.', 'Anna', 'Els', consult.patientRef]) expect(text).not.toContain(identifying);
  });

  it('answers only a scrape with the bearer token when METRICS_TOKEN is set', async () => {
    harness = await BotUnderTest.start({ env: { METRICS_TOKEN: 'prometheus-scrape-token-0123' } });
    expect((await fetch(`${harness.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${harness.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-same-len' } })).status).toBe(401);
    const scraped = await fetch(`${harness.url}/metrics`, { headers: { authorization: 'Bearer prometheus-scrape-token-0123' } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('pz_open_consults');
  });
});
