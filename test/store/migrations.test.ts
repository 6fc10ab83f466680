import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgresStore.js';
import { postgresUrl, privateSchema } from '../support/postgres.js';

let drop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await drop?.();
  drop = undefined;
});

describe.runIf(postgresUrl())('the PostgreSQL schema migrations', () => {
  it('applies each migration once when several instances start at the same moment', async () => {
    const schema = await privateSchema();
    drop = schema.drop;
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open(schema.url)));
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    const { rows } = await client.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    await client.end();
    expect(rows.map((row) => row.version)).toEqual(['001_initial', '002_activity_claims', '004_roster_changes']);
    for (const store of stores) {
      expect(await store.reachable()).toBe(true);
      await store.close();
    }
  });
});
