import type { Env } from '../config/env.js';
import { FileStore } from './fileStore.js';
import { PostgresStore } from './postgres/postgresStore.js';
import type { Storage } from './store.js';

/** The store the settings ask for: PostgreSQL when DATABASE_URL is set, else the embedded file store in STORE_DIR. */
export async function openStorage(env: Pick<Env, 'STORE_DIR' | 'DATABASE_URL'>, clock: () => Date = () => new Date()): Promise<Storage> {
  return env.DATABASE_URL ? PostgresStore.open(env.DATABASE_URL) : FileStore.open(env.STORE_DIR, clock);
}
