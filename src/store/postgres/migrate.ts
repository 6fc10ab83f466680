import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { PROJECT_ROOT } from '../../projectRoot.js';

/** Where the versioned schema changes live: `NNN_what.sql`, applied in order, each once. */
const MIGRATIONS = join(PROJECT_ROOT, 'src', 'store', 'postgres', 'migrations');

/** One key for every instance: whoever holds it migrates, the others wait and then find nothing to do. */
const MIGRATION_LOCK = 0x707a6462;

/** The database cannot be reached or refuses the login: a setting to fix, said in one line. */
export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
  constructor(url: string, cause: unknown) {
    const where = safeLocation(url);
    super(`De database ${where} (DATABASE_URL) is niet bereikbaar: ${(cause as Error).message || (cause as NodeJS.ErrnoException).code || 'geen verbinding'}.`);
  }
}

/** host:port/database, without user or password. */
export function safeLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return '(ongeldig adres)';
  }
}

/**
 * Runs `work` while holding the migration lock, so instances starting together do schema work
 * one at a time (pg-boss creating its queues deadlocks against itself otherwise).
 */
export async function underMigrationLock<T>(pool: pg.Pool, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

export interface MigrationReport {
  applied: string[];
  current: string | undefined;
}

/**
 * Brings the schema (in the connection's search_path) up to the newest migration. Runs under an
 * advisory lock, so two instances starting at once cannot both apply one; each migration runs in
 * its own transaction together with its row in schema_migrations.
 */
export async function migrate(pool: pg.Pool, url: string): Promise<MigrationReport> {
  const files = (await readdir(MIGRATIONS)).filter((name) => /^\d{3}_[\w-]+\.sql$/.test(name)).sort();
  const client = await pool.connect().catch((error: unknown) => {
    throw new DatabaseUnreachableError(url, error);
  });
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
    const applied: string[] = [];
    for (const file of files) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      const sql = await readFile(join(MIGRATIONS, file), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.push(version);
    }
    return { applied, current: files.at(-1)?.replace(/\.sql$/, '') };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
