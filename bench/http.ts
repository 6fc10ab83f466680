import { spawn, type ChildProcess } from 'node:child_process';
import autocannon, { type Result } from 'autocannon';
import { ConnectorStandIn } from '../test/support/connectorStandIn.js';
import { figure, log, report, type Figure } from './lib.js';

/**
 * 1. The HTTP activity path: autocannon on loopback POSTs message activities to /api/messages of
 * (a) PZ-Consultbot answering `help` (a card) and (b) a bare Teams AI echo bot on the same
 * restify + adapter stack. Both run in local mode in a child process of their own and reply
 * through the Bot Connector stand-in (test/support/connectorStandIn.ts) in this process, so the
 * HTTP 200 comes after the reply was delivered, as with Teams. Every activity has a fresh id
 * (autocannon's [<id>] replacement), so PZ-Consultbot's redelivery check never short-cuts a turn.
 */

const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 10);
const WARMUP_S = Number(process.env.BENCH_HTTP_WARMUP_S ?? 3);
const DURATION_S = Number(process.env.BENCH_HTTP_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 2);

const connector = new ConnectorStandIn();
await connector.start();

/** Anna de Vries (a GP in data/regions/mijnstreek.json) in her 1:1 chat with the bot. */
const activity = (fields: Record<string, unknown>) => ({
  id: '[<id>]',
  channelId: 'msteams',
  serviceUrl: connector.url,
  from: { id: '29:anna-de-vries', name: 'Anna de Vries', aadObjectId: '6f1c0a3e-0001-4a00-8000-000000000101' },
  recipient: { id: '28:pz-consultbot', name: 'PZ-Consultbot' },
  conversation: { id: 'a:1on1-anna-de-vries', conversationType: 'personal', tenantId: 'tenant-demo' },
  channelData: { tenant: { id: 'tenant-demo' } },
  locale: 'nl-NL',
  ...fields,
});

async function startTarget(mode: 'pz' | 'echo'): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('node_modules/.bin/tsx', ['bench/httpTarget.ts', mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${mode} did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /READY (\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`${mode} exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

async function stopTarget(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  replies: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, durationS: number): Promise<Run> {
  connector.calls.length = 0;
  const result: Result = await autocannon({
    url: `${url}/api/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity({ type: 'message', text: 'help', timestamp: new Date().toISOString() })),
    idReplacement: true,
    connections: CONNECTIONS,
    duration: durationS,
  });
  const replies = connector.calls.length;
  connector.calls.length = 0;
  return { rps: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99, requests: result['2xx'], replies, non2xx: result.non2xx, errors: result.errors };
}

const runs: Record<'pz' | 'echo', Run[]> = { pz: [], echo: [] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of ['echo', 'pz'] as const) {
      const { child, url } = await startTarget(mode);
      try {
        // The user installs the bot first, so PZ-Consultbot knows how to reach her.
        await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity({ id: `install-${round}`, type: 'conversationUpdate', membersAdded: [{ id: '28:pz-consultbot' }] })) });
        await load(url, WARMUP_S);
        const measured = await load(url, DURATION_S);
        if (measured.non2xx > 0 || measured.errors > 0) throw new Error(`${mode}: ${measured.non2xx} non-2xx answers and ${measured.errors} errors`);
        if (measured.replies < measured.requests) throw new Error(`${mode}: ${measured.requests} requests but only ${measured.replies} replies reached the connector`);
        runs[mode].push(measured);
        log(`round ${round + 1} ${mode.padEnd(4)}: ${measured.rps.toFixed(0)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms (${measured.requests} requests, ${measured.replies} replies)`);
      } finally {
        await stopTarget(child);
      }
    }
  }
} finally {
  await connector.stop();
}

// The machine may be shared: of the rounds, the one with the higher throughput is reported.
const best = (list: Run[]) => list.reduce((a, b) => (b.rps > a.rps ? b : a));
const pz = best(runs.pz);
const echo = best(runs.echo);
const setup = `${CONNECTIONS} connections, ${DURATION_S} s after ${WARMUP_S} s warm-up, best of ${ROUNDS} rounds`;
const figures: Figure[] = [
  figure('http: echo bot requests/s', 'req/s', echo.rps, echo.requests, `bare Teams AI echo on startServer; ${setup}`),
  figure('http: echo bot latency p50', 'ms', echo.p50, echo.requests, 'autocannon latency, includes the reply to the connector stand-in'),
  figure('http: echo bot latency p99', 'ms', echo.p99, echo.requests, ''),
  figure('http: PZ-Consultbot `help` requests/s', 'req/s', pz.rps, pz.requests, `ratio = PZ / echo; ${setup}`, echo.rps),
  figure('http: PZ-Consultbot `help` latency p50', 'ms', pz.p50, pz.requests, 'ratio = PZ / echo', echo.p50),
  figure('http: PZ-Consultbot `help` latency p99', 'ms', pz.p99, pz.requests, 'ratio = PZ / echo', echo.p99),
];
await report('1. HTTP activity path', figures);
