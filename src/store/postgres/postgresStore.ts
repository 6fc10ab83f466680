import pg from 'pg';
import type { Repositories, Storage } from '../store.js';
import { PostgresConsults } from './consults.js';
import { PostgresMdo } from './mdo.js';
import { PostgresMdoChannels } from './mdoChannels.js';
import { migrate } from './migrate.js';
import type { Queryable } from './queryable.js';
import { PostgresAcps, PostgresActivityClaims, PostgresCardHandles, PostgresChannelAddresses, PostgresContactLog, PostgresDeaths, PostgresRosters } from './records.js';

/** Every repository on one connection: the pool, or the client of a transaction. */
function repositoriesOn(db: Queryable): Repositories {
  return {
    consults: new PostgresConsults(db),
    contacts: new PostgresContactLog(db),
    acps: new PostgresAcps(db),
    deaths: new PostgresDeaths(db),
    mdo: new PostgresMdo(db),
    mdoChannels: new PostgresMdoChannels(db),
    rosters: new PostgresRosters(db),
    channelAddresses: new PostgresChannelAddresses(db),
    cardHandles: new PostgresCardHandles(db),
    activities: new PostgresActivityClaims(db),
  };
}

/**
 * The store on PostgreSQL: every read goes to the database, so several instances share one
 * truth. Compare-and-set is an UPDATE on the version column; inserts are ON CONFLICT DO NOTHING.
 */
export class PostgresStore implements Storage {
  readonly kind = 'postgres';
  readonly consults: Repositories['consults'];
  readonly contacts: Repositories['contacts'];
  readonly acps: Repositories['acps'];
  readonly deaths: Repositories['deaths'];
  readonly mdo: Repositories['mdo'];
  readonly mdoChannels: Repositories['mdoChannels'];
  readonly rosters: Repositories['rosters'];
  readonly channelAddresses: Repositories['channelAddresses'];
  readonly cardHandles: Repositories['cardHandles'];
  readonly activities: Repositories['activities'];

  private constructor(private readonly pool: pg.Pool) {
    const repositories = repositoriesOn(pool);
    this.consults = repositories.consults;
    this.contacts = repositories.contacts;
    this.acps = repositories.acps;
    this.deaths = repositories.deaths;
    this.mdo = repositories.mdo;
    this.mdoChannels = repositories.mdoChannels;
    this.rosters = repositories.rosters;
    this.channelAddresses = repositories.channelAddresses;
    this.cardHandles = repositories.cardHandles;
    this.activities = repositories.activities;
  }

  /** Connects and brings the schema up to date (under an advisory lock, so instances may start together). */
  static async open(connectionString: string): Promise<PostgresStore> {
    const pool = createPool(connectionString);
    try {
      await migrate(pool, connectionString);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool);
  }

  async transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(repositoriesOn(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async reachable(): Promise<boolean> {
    return this.pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A pool that gives up on an unreachable server in seconds, and survives a dropped idle connection. */
export function createPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: 5_000, max: 10 });
  // An idle client that loses its connection (a database restart) is dropped; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}
