import { createHash } from 'node:crypto';
import type pg from 'pg';
import stringify from 'safe-stable-stringify';
import type { Consult } from '../../domain/consult.js';
import type { ContactLogEntry } from '../../domain/contactLog.js';
import type { AcpRecord } from '../../domain/acpAccess.js';
import type { DeathRecord } from '../../domain/outcomes.js';
import type { MdoMeeting } from '../../domain/mdo.js';
import type { MdoSeries } from '../../domain/mdoSeries.js';
import { AGGREGATES, type Aggregate, type KeyedRecord } from '../file/snapshot.js';
import type { ChannelAddress, ImportedRoster, Repositories } from '../store.js';
import { repositoriesOn } from './postgresStore.js';
import type { Queryable } from './queryable.js';

/**
 * How PostgreSQL takes over one aggregate's records from another store: what it already holds
 * for some keys (in the shape the other store keeps), and how to add the ones it lacks, through
 * the repositories where they can (so the columns are filled as the bot fills them). `add`
 * answers the keys it could not add because another record holds their place (a taken reference).
 */
interface Adopter {
  stored(db: Queryable, keys: string[]): Promise<Map<string, unknown>>;
  add(repositories: Repositories, db: Queryable, records: KeyedRecord[]): Promise<string[]>;
}

const documents = (table: string, key: string) => async (db: Queryable, keys: string[]) => {
  const { rows } = await db.query<{ key: string; doc: unknown }>(`SELECT ${key} AS key, doc FROM ${table} WHERE ${key} = ANY($1::text[])`, [keys]);
  return new Map(rows.map((row) => [row.key, row.doc]));
};

/** Adds each record in turn; `added` says whether it took its place. */
const eachOf = <T>(add: (repositories: Repositories, record: T, key: string) => Promise<boolean | void>) => async (repositories: Repositories, _db: Queryable, records: KeyedRecord[]) => {
  const refused: string[] = [];
  for (const { key, record } of records) if ((await add(repositories, record as T, key)) === false) refused.push(key);
  return refused;
};

const ADOPTERS: Record<Aggregate, Adopter> = {
  consults: { stored: documents('consults', 'id'), add: eachOf<Consult>(async (r, consult) => (await r.consults.insert(consult)).outcome === 'inserted') },
  contacts: {
    stored: documents('contacts', 'id'),
    add: async (repositories, _db, records) => {
      await repositories.contacts.record(records.map(({ record }) => record as ContactLogEntry));
      return [];
    },
  },
  acps: { stored: documents('acps', 'patient_ref'), add: eachOf<AcpRecord>((r, acp) => r.acps.save(acp)) },
  deaths: { stored: documents('deaths', 'patient_ref'), add: eachOf<DeathRecord>((r, death) => r.deaths.record(death)) },
  mdoSeries: { stored: documents('mdo_series', 'id'), add: eachOf<MdoSeries>(async (r, series) => void (await r.mdo.insertSeries(series))) },
  mdoMeetings: { stored: documents('mdo_meetings', 'id'), add: eachOf<MdoMeeting>(async (r, meeting) => (await r.mdo.insertMeeting(meeting)).outcome === 'inserted') },
  rosters: { stored: documents('imported_rosters', 'roster_id'), add: eachOf<ImportedRoster>((r, roster) => r.rosters.save(roster)) },
  channelAddresses: { stored: documents('channel_addresses', 'person_id'), add: eachOf<ChannelAddress>((r, address, personId) => r.channelAddresses.save(personId, address)) },
  cardHandles: {
    stored: async (db, keys) => {
      const { rows } = await db.query<{ key: string; handle: string }>("SELECT object_id || '/' || person_id AS key, handle FROM card_handles WHERE object_id || '/' || person_id = ANY($1::text[])", [keys]);
      return new Map(rows.map((row) => [row.key, row.handle]));
    },
    add: eachOf<string>((r, handle, key) => {
      const slash = key.indexOf('/');
      return r.cardHandles.save(key.slice(0, slash), key.slice(slash + 1), handle);
    }),
  },
  activities: {
    stored: async (db, keys) => {
      const { rows } = await db.query<{ key: string; claimed_at: Date }>('SELECT key, claimed_at FROM activity_claims WHERE key = ANY($1::text[])', [keys]);
      return new Map(rows.map((row) => [row.key, { claimedAt: row.claimed_at.toISOString() }]));
    },
    // Claims are kept as hashes only, so there is no repository call that could make one from them.
    add: async (_repositories, db, records) => {
      await db.query('INSERT INTO activity_claims (key, claimed_at) SELECT * FROM unnest($1::text[], $2::timestamptz[]) ON CONFLICT (key) DO NOTHING', [
        records.map(({ key }) => key),
        records.map(({ record }) => (record as { claimedAt: string }).claimedAt),
      ]);
      return [];
    },
  },
  downloads: {
    stored: async (db, keys) => {
      const { rows } = await db.query<{ file_id: string; owner_id: string; name: string; content_type: string; expires_at: Date; data: Buffer }>(
        'SELECT file_id, owner_id, name, content_type, expires_at, data FROM downloads WHERE file_id = ANY($1::text[])',
        [keys],
      );
      return new Map(rows.map((row) => [row.file_id, { ownerId: row.owner_id, name: row.name, contentType: row.content_type, expiresAt: row.expires_at.toISOString(), data: row.data.toString('base64') }]));
    },
    add: eachOf<{ ownerId: string; name: string; contentType: string; expiresAt: string; data: string }>((r, download, fileId) =>
      r.downloads.put({ ...download, fileId, expiresAt: new Date(download.expiresAt), data: Buffer.from(download.data, 'base64') }),
    ),
  },
};

/** What a move found for one aggregate: records in the source, found with the same content in the database, newly added, and a hash of each side. */
export interface AggregateTally {
  aggregate: Aggregate;
  inSource: number;
  inTarget: number;
  added: number;
  sourceHash: string;
  targetHash: string;
}

/** The database holds other records under some of the source's keys: nothing was written. */
export class AdoptionRefused extends Error {
  override name = 'AdoptionRefused';
  constructor(readonly differing: Map<Aggregate, string[]>) {
    super(`different records under ${[...differing.values()].flat().length} keys`);
  }
}

/**
 * Copies every record into the database in one transaction: a key the database lacks is added,
 * a key it has must hold the same content (compared as canonical JSON), so a second run adds
 * nothing. Any difference rolls everything back (`AdoptionRefused`). Each side is hashed over
 * the same keys in the same order, from what the database holds after the copy.
 */
export async function adoptRecords(pool: pg.Pool, source: AsyncIterable<{ aggregate: Aggregate; records: KeyedRecord[] }>): Promise<AggregateTally[]> {
  const tallies = new Map(AGGREGATES.map((aggregate) => [aggregate, { aggregate, inSource: 0, inTarget: 0, added: 0, source: createHash('sha256'), target: createHash('sha256') }]));
  const differing = new Map<Aggregate, string[]>();
  const differs = (aggregate: Aggregate, key: string) => differing.set(aggregate, [...(differing.get(aggregate) ?? []), key]);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Moving a network copies its records; the bot schedules its jobs again when it starts on the database.
    const repositories = repositoriesOn(client, { schedule: async () => {}, scheduleAll: async () => {} });
    for await (const { aggregate, records } of source) {
      if (records.length === 0) continue;
      const adopter = ADOPTERS[aggregate];
      const tally = tallies.get(aggregate)!;
      const keys = records.map(({ key }) => key);
      const before = await adopter.stored(client, keys);
      for (const { key, record } of records) if (before.has(key) && stringify(before.get(key)) !== stringify(record)) differs(aggregate, key);
      const fresh = records.filter(({ key }) => !before.has(key));
      const refused = await adopter.add(repositories, client, fresh);
      for (const key of refused) differs(aggregate, key);
      const after = await adopter.stored(client, keys);
      for (const { key, record } of records) {
        tally.inSource++;
        if (after.has(key)) tally.inTarget++;
        tally.source.update(`${key}\t${stringify(record)}\n`);
        tally.target.update(`${key}\t${stringify(after.get(key) ?? null)}\n`);
      }
      tally.added += fresh.length - refused.length;
    }
    if (differing.size > 0) throw new AdoptionRefused(differing);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return [...tallies.values()].map(({ source, target, ...tally }) => ({ ...tally, sourceHash: source.digest('hex'), targetHash: target.digest('hex') }));
}
