import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import { FileAuditTrail, type AuditTrail } from './auditLog.js';
import { FileStore } from './fileStore.js';
import { PostgresStore } from './postgres/postgresStore.js';
import type { Storage } from './store.js';

/** The store the settings ask for: PostgreSQL when DATABASE_URL is set, else the embedded file store in STORE_DIR. */
export async function openStorage(env: Pick<Env, 'STORE_DIR' | 'DATABASE_URL'>, clock: () => Date = () => new Date()): Promise<Storage> {
  return env.DATABASE_URL ? PostgresStore.open(env.DATABASE_URL, clock) : FileStore.open(env.STORE_DIR, clock);
}

/**
 * The audit trail beside that store, checked before the bot goes on: in the database with
 * PostgreSQL (one chain for every instance), else in STORE_DIR/audit.
 */
export async function openAuditTrail(env: Pick<Env, 'STORE_DIR' | 'AUDIT_KEY'>, store: Storage, logger?: Logger): Promise<AuditTrail> {
  return store instanceof PostgresStore ? store.openAuditTrail(env.AUDIT_KEY, logger) : FileAuditTrail.open(env.STORE_DIR, env.AUDIT_KEY, logger);
}
