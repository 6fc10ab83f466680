import pg from 'pg';
import type PgBoss from 'pg-boss';
import type { JobRunner, JobScheduler } from '../../jobs/jobs.js';
import type { Logger } from 'pino';
import type { Repositories, Storage } from '../store.js';
import { PostgresAuditTrail } from './auditTrail.js';
import { PostgresConsults } from './consults.js';
import { PostgresDownloads } from './downloads.js';
import { PostgresMdo } from './mdo.js';
import { PostgresMdoChannels } from './mdoChannels.js';
import { migrate, underMigrationLock } from './migrate.js';
import { PgBossJobs } from './pgBossJobs.js';
import type { Queryable } from './queryable.js';
import { PostgresAbsences, PostgresHandoverNotes, PostgresSwaps } from './rosterChanges.js';
import { PostgresAcps, PostgresActivityClaims, PostgresCardHandles, PostgresChannelAddresses, PostgresContactLog, PostgresDeaths, PostgresRosters } from './records.js';

/** Every repository on one connection: the pool, or the client of a transaction. */
export function repositoriesOn(db: Queryable, jobs: JobScheduler): Repositories {
  return {
    jobs,
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
    downloads: new PostgresDownloads(db),
    absences: new PostgresAbsences(db),
    swaps: new PostgresSwaps(db),
    handoverNotes: new PostgresHandoverNotes(db),
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
  readonly absences: Repositories['absences'];
  readonly swaps: Repositories['swaps'];
  readonly handoverNotes: Repositories['handoverNotes'];
  readonly jobs: Repositories['jobs'];
  readonly jobRunner: JobRunner;
  readonly downloads: Repositories['downloads'];

  private constructor(
    private readonly pool: pg.Pool,
    private readonly boss: PgBoss,
    private readonly clock: () => Date,
  ) {
    const repositories = repositoriesOn(pool, PgBossJobs.scheduler(boss, pool, clock));
    this.jobs = repositories.jobs;
    this.jobRunner = PgBossJobs.runner(boss);
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
    this.downloads = repositories.downloads;
    this.absences = repositories.absences;
    this.swaps = repositories.swaps;
    this.handoverNotes = repositories.handoverNotes;
  }

  /** Connects and brings the schema up to date (under an advisory lock, so instances may start together). */
  static async open(connectionString: string, clock: () => Date = () => new Date()): Promise<PostgresStore> {
    const pool = createPool(connectionString);
    try {
      await migrate(pool, connectionString);
      const schema = (await pool.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
      return new PostgresStore(pool, await PgBossJobs.open(connectionString, jobSchemaBeside(schema), (work) => underMigrationLock(pool, work)), clock);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(repositoriesOn(client, PgBossJobs.scheduler(this.boss, client, this.clock)));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The audit trail in this database, opened (and checked since the last start) for an instance of the bot. */
  openAuditTrail(key: string, logger?: Logger): Promise<PostgresAuditTrail> {
    return PostgresAuditTrail.open(this.pool, key, logger);
  }

  /** The audit trail in this database, to read and verify (see PostgresAuditTrail.reader). */
  auditTrailReader(key: string): PostgresAuditTrail {
    return PostgresAuditTrail.reader(this.pool, key);
  }

  async reachable(): Promise<boolean> {
    return this.pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  async close(): Promise<void> {
    await this.jobRunner.stop();
    await this.pool.end();
  }
}

/** pg-boss's tables live in a schema of their own: `pgboss` beside `public`, else `<schema>_jobs`. */
export function jobSchemaBeside(schema: string): string {
  return schema === 'public' ? 'pgboss' : `${schema}_jobs`;
}

/** A pool that gives up on an unreachable server in seconds, and survives a dropped connection, idle or in use. */
export function createPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: 5_000, max: 10 });
  // An idle client that loses its connection (a database restart) is dropped; the next query reconnects.
  pool.on('error', () => undefined);
  // pg listens for a lost connection only while a client is idle: one checked out for a
  // transaction would, between its statements, crash the process. Its next statement fails instead.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
