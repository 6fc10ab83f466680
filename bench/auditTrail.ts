import pg from 'pg';
import { chainEntry, type AuditEntry, type AuditFact } from '../src/domain/audit.js';
import { PostgresStore } from '../src/store/postgres/postgresStore.js';
import { figure, log, report } from './lib.js';

/**
 * 6. The audit trail on PostgreSQL: 4 entries per consult for 100k consults (as in benchmark 5),
 * taken over into a schema of its own with PostgresAuditTrail.adopt (what store:migrate does, in
 * batched inserts). Measured: the start-up check (PostgresAuditTrail.open) the first time, when it
 * walks every entry, and then as every later start runs it, from the signed 'verified' mark; the
 * full walk of `npm run audit:verify`; and 1000 appends arriving at once in one instance.
 * Needs DATABASE_URL (or PostgreSQL at 127.0.0.1:5432, database test); the schema is dropped after.
 */

const KEY = 'bench-key-for-the-audit-trail-0123456789abcdef';
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 400_000);
const RUNS = 3;
const server = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const fact = (i: number): AuditFact => ({
  at: new Date(Date.UTC(2022, 0, 1) + i * 60_000).toISOString(), actorId: `person-${i % 300}`, actorRole: 'specialist', action: 'consult.view',
  result: 'toegestaan', patientRef: `P-${String(i % 100_000).padStart(10, '0')}`, objectId: `consult-${Math.floor(i / 4)}`, channel: 'msteams', tenantId: 'tenant',
});

async function* chain(): AsyncIterable<AuditEntry> {
  let last: AuditEntry | undefined;
  for (let i = 1; i <= ENTRIES; i++) yield (last = chainEntry(fact(i), last, KEY));
}

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** The start-up check in a fresh store, as a starting instance runs it (connecting not included). */
async function openOnce(url: string): Promise<number> {
  const store = await PostgresStore.open(url);
  try {
    return await timed(() => store.openAuditTrail(KEY));
  } finally {
    await store.close();
  }
}

const schema = `pz_bench_audit_${process.pid}`;
const admin = new pg.Client({ connectionString: server, connectionTimeoutMillis: 3_000 });
const unreachable = await admin.connect().then(
  () => undefined,
  (error: Error) => error.message || 'geen verbinding',
);
if (unreachable) {
  const label = `audit trail start-up check, PostgreSQL, ${ENTRIES / 1000}k entries`;
  await report('6. Audit trail on PostgreSQL', [figure(label, 'ms', Number.NaN, 0, `NOT MEASURED: no PostgreSQL at ${new URL(server).host} (${unreachable}); set DATABASE_URL`)]);
  process.exit(0);
}
await admin.query(`CREATE SCHEMA ${schema}`);
const url = new URL(server);
url.searchParams.set('options', `-c search_path=${schema}`);
try {
  const store = await PostgresStore.open(url.toString());
  const seedMs = await timed(() => store.auditTrailReader(KEY).adopt(chain()));
  log(`seeded ${ENTRIES} entries in ${(seedMs / 1000).toFixed(1)} s`);
  const first = await openOnce(url.toString());
  const later: number[] = [];
  for (let i = 0; i < RUNS; i++) later.push(await openOnce(url.toString()));
  const laterMedian = [...later].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  const full = await timed(() => store.auditTrailReader(KEY).verify());
  const trail = await store.openAuditTrail(KEY);
  const appends = await timed(() => Promise.all(Array.from({ length: 1000 }, (_, i) => trail.record(fact(ENTRIES + i)))));
  await store.close();
  await report('6. Audit trail on PostgreSQL', [
    figure(`audit trail start-up check, PostgreSQL, ${ENTRIES / 1000}k entries`, 'ms', laterMedian, RUNS, `every start after the first: walks from the signed 'verified' mark to the head, counts the rows before it; target < 3000 ms for the whole start-up; runs ${later.map((ms) => ms.toFixed(0)).join(', ')} ms; ratio = against the first start`, first),
    figure(`audit trail first start-up check, PostgreSQL, ${ENTRIES / 1000}k entries`, 'ms', first, 1, 'once, when no start has left a mark yet (store:migrate leaves one, so in practice this runs in the move)'),
    figure(`audit:verify full walk, PostgreSQL, ${ENTRIES / 1000}k entries`, 'ms', full, 1, 'every entry read (pages of 5000), parsed and its HMAC recomputed'),
    figure('audit trail: 1000 appends at once, PostgreSQL', 'appends/s', 1000 / (appends / 1000), 1000, `one instance; batched, one transaction per batch under the append lock; ${appends.toFixed(0)} ms in all`),
  ]);
} finally {
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
