import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Consult } from '../src/domain/consult.js';
import { isOpen } from '../src/domain/consult.js';
import { PostgresStore, jobSchemaBeside } from '../src/store/postgres/postgresStore.js';
import { AuditWriter } from './auditWriter.js';
import { seedRecords, type SeedNetwork, type SeedOptions, type SeededConsult } from './seed.js';

/**
 * PostgreSQL for the benchmarks: the server in DATABASE_URL (else the one the tests use), a
 * private schema per benchmark found through search_path (as test/support/postgres.ts does),
 * and seeding with batched multi-row INSERTs (one `INSERT … SELECT FROM unnest(arrays)` per table
 * and batch), which loads a million contacts in about a minute.
 */

export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH = 2_000;

/** Why PostgreSQL cannot be used here, or undefined when it can. */
export async function unreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `no PostgreSQL at ${new URL(SERVER_URL).host} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function admin<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values: unknown[] = [], url = SERVER_URL): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

export interface Schema {
  name: string;
  /** The server's URL with search_path set to the schema: what DATABASE_URL is for the bot. */
  url: string;
}

export async function createSchema(label: string): Promise<Schema> {
  const name = `pz_bench_${label}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE SCHEMA ${name}`);
  return { name, url: schemaUrl(name) };
}

export function schemaUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.searchParams.set('options', `-c search_path=${name}`);
  return url.toString();
}

/** Drops the schema and pg-boss's schema beside it. */
export async function dropSchema(name: string): Promise<void> {
  await admin(`DROP SCHEMA IF EXISTS ${jobSchemaBeside(name)} CASCADE; DROP SCHEMA IF EXISTS ${name} CASCADE`);
}

/** Allocated bytes of every table (with its indexes and TOAST) of the schema and its job schema. */
export async function schemaBytes(db: pg.Pool | pg.Client, name: string): Promise<number> {
  const { rows } = await db.query<{ bytes: string }>(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'm') AND n.nspname IN ($1, $2)`,
    [name, jobSchemaBeside(name)],
  );
  return Number(rows[0]!.bytes);
}

/** The server's write-ahead log position (cluster-wide). */
export async function walPosition(db: pg.Pool | pg.Client): Promise<string> {
  return (await db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
}

/**
 * The WAL between two positions: all of it (every user of the server), and the records that
 * change a relation of this schema or its job schema (read with pg_walinspect, installed into the
 * schema when the database has it nowhere yet). Records without a relation (commits) are not
 * counted as ours; `ours` is undefined when pg_walinspect is not available. `fullPages` is the
 * part of `ours` that is full-page images (a page's first change after a checkpoint).
 */
export async function walBetween(db: pg.Pool | pg.Client, name: string, from: string, to: string): Promise<{ all: number; ours?: number; fullPages?: number }> {
  const all = Number((await db.query<{ bytes: string }>('SELECT pg_wal_lsn_diff($2::pg_lsn, $1::pg_lsn) AS bytes', [from, to])).rows[0]!.bytes);
  try {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_walinspect SCHEMA ${name}`);
    const where = (await db.query<{ schema: string }>(`SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_walinspect'`)).rows[0]!.schema;
    const { rows } = await db.query<{ bytes: string; fpi: string }>(
      `SELECT coalesce(sum(w.record_length), 0) AS bytes, coalesce(sum(w.fpi_length), 0) AS fpi FROM ${where}.pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn) w
       WHERE EXISTS (SELECT 1 FROM regexp_matches(w.block_ref, 'rel \\d+/(\\d+)/(\\d+)', 'g') m
                     JOIN pg_class c ON c.relfilenode = m[2]::oid JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE m[1]::oid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND n.nspname IN ($3, $4))`,
      [from, to, name, jobSchemaBeside(name)],
    );
    return { all, ours: Number(rows[0]!.bytes), fullPages: Number(rows[0]!.fpi) };
  } catch {
    return { all };
  }
}

/** Client sessions of other databases' or other schemas' users at this moment: how shared the server is. */
export async function otherSessions(db: pg.Pool | pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()`);
  return Number(rows[0]!.n);
}

export interface PostgresSeedResult {
  consults: number;
  open: number;
  contacts: number;
  deaths: number;
  auditLines: number;
  bytes: number;
  ms: number;
}

/**
 * Seeds the schema with what seedRecords makes: migrated first by PostgresStore.open (so later
 * start-ups find the schema current and pg-boss installed), then consults, card handles,
 * contacts and deaths in batches, while the next batch is generated. The audit trail, which
 * stays in files with either store, goes to auditDir when given.
 */
export async function seedPostgres(schema: Schema, auditDir: string | undefined, network: SeedNetwork, options: SeedOptions): Promise<PostgresSeedResult> {
  const started = performance.now();
  await (await PostgresStore.open(schema.url)).close();
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  const audit = auditDir ? new AuditWriter(auditDir, options.auditKey) : undefined;
  const counts = { consults: 0, open: 0, contacts: 0, deaths: 0 };
  try {
    let batch: SeededConsult[] = [];
    let pending: Promise<void> = Promise.resolve();
    for (const record of seedRecords(network, options)) {
      batch.push(record);
      audit?.add(record.facts);
      if (batch.length < BATCH) continue;
      await pending;
      pending = insertBatch(client, batch, counts);
      batch = [];
    }
    await pending;
    await insertBatch(client, batch, counts);
    await client.query('ANALYZE');
    audit?.close();
    return { ...counts, auditLines: audit?.lines ?? 0, bytes: await schemaBytes(client, schema.name), ms: performance.now() - started };
  } finally {
    await client.end();
  }
}

async function insertBatch(client: pg.Client, batch: SeededConsult[], counts: { consults: number; open: number; contacts: number; deaths: number }): Promise<void> {
  if (batch.length === 0) return;
  const consults = batch.map((r) => r.consult);
  const column = <T>(pick: (c: Consult) => T) => consults.map(pick);
  await client.query(
    `INSERT INTO consults (id, ref, requester_id, form_id, status, is_open, version, created_at, closed_at, purged_at, doc)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::integer[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::jsonb[])`,
    [column((c) => c.id), column((c) => c.ref), column((c) => c.requesterId), column((c) => c.formId), column((c) => c.status), column(isOpen), column((c) => c.version), column((c) => c.createdAt), column((c) => c.closedAt ?? null), column((c) => c.purgedAt ?? null), column((c) => JSON.stringify(c))],
  );
  const cards = batch.filter((r) => r.card);
  if (cards.length > 0) {
    await client.query('INSERT INTO card_handles (object_id, person_id, handle) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [cards.map((r) => r.consult.id), cards.map((r) => r.card!.personId), cards.map((r) => r.card!.handle)]);
  }
  const contacts = batch.flatMap((r) => r.contacts);
  if (contacts.length > 0) {
    await client.query('INSERT INTO contacts (id, region_id, occurred_at, doc) SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[])', [contacts.map((c) => c.id), contacts.map((c) => c.regionId), contacts.map((c) => c.occurredAt), contacts.map((c) => JSON.stringify(c))]);
  }
  const deaths = batch.flatMap((r) => (r.death ? [r.death] : []));
  if (deaths.length > 0) {
    await client.query('INSERT INTO deaths (patient_ref, region_id, doc) SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[]) ON CONFLICT DO NOTHING', [deaths.map((d) => d.patientRef), deaths.map((d) => d.regionId), deaths.map((d) => JSON.stringify(d))]);
  }
  counts.consults += consults.length;
  counts.open += cards.length;
  counts.contacts += contacts.length;
  counts.deaths += deaths.length;
}
