import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Runs once before the tests: is there a PostgreSQL to test against? Without one the PostgreSQL
 * suites are skipped and this says so in one line, unless PZ_REQUIRE_POSTGRES=1 (CI), where it
 * is a failure: CI must never pass on a skip.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = postgresTestUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  let problem: string | undefined;
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    problem = (error as Error).message || (error as NodeJS.ErrnoException).code || 'geen verbinding';
  } finally {
    await client.end().catch(() => undefined);
  }
  if (problem && process.env.PZ_REQUIRE_POSTGRES === '1') throw new Error(`PostgreSQL is required (PZ_REQUIRE_POSTGRES=1) but ${redacted(url)} cannot be reached: ${problem}`);
  if (problem) console.log(`PostgreSQL at ${redacted(url)} not reachable (${problem}): the PostgreSQL tests are skipped.`);
  project.provide('postgresUrl', problem ? '' : url);
}

export function postgresTestUrl(): string {
  return process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

const redacted = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server for the tests; empty when none is reachable. */
    postgresUrl: string;
  }
}
