import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The PostgreSQL the tests use (see postgresSetup.ts); empty when none is reachable. */
export const postgresUrl = (): string => inject('postgresUrl');

/**
 * A schema of its own for one test file or bot: created empty, found through the connection's
 * search_path (so the store, its migrations and `npm run db:migrate` all land in it), dropped
 * afterwards.
 */
export async function privateSchema(): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const server = postgresUrl();
  const schema = `pz_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(server, `CREATE SCHEMA ${schema}`);
  const url = new URL(server);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), schema, drop: () => adminQuery(server, `DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE; DROP SCHEMA ${schema} CASCADE`) };
}

/**
 * Makes every job waiting for its retry due now. pg-boss times retries by the database's clock,
 * which a test cannot set, so a test that needs the retries (the outbox's take minutes) moves them.
 */
export function hurryRetries(schema: string): Promise<void> {
  return adminQuery(postgresUrl(), `UPDATE ${schema}_jobs.job SET start_after = now() WHERE state = 'retry'`);
}

/** Moves every job still waiting (to start, or for its retry) earlier by `byMs`, as if the database's clock had moved on by as much. */
export function shiftWaitingJobs(schema: string, byMs: number): Promise<void> {
  return adminQuery(postgresUrl(), `UPDATE ${schema}_jobs.job SET start_after = start_after - interval '${Math.trunc(byMs)} milliseconds' WHERE state IN ('created', 'retry')`);
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
