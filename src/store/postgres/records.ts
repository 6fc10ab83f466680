import type { AcpRecord } from '../../domain/acpAccess.js';
import { StoredContactSchema, type ContactLogEntry } from '../../domain/contactLog.js';
import type { DeathRecord } from '../../domain/outcomes.js';
import { activityKey } from '../activityClaims.js';
import type {
  AcpRepository,
  ActivityClaims,
  CardHandleRepository,
  ChannelAddress,
  ChannelAddressRepository,
  ContactLogRepository,
  DeathRepository,
  ImportedRoster,
  RosterRepository,
} from '../store.js';
import type { Queryable } from './queryable.js';

export class PostgresContactLog implements ContactLogRepository {
  constructor(private readonly db: Queryable) {}

  async record(entries: readonly ContactLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One statement for the batch; an entry already logged keeps its first recording.
    await this.db.query(
      `INSERT INTO contacts (id, region_id, occurred_at, doc)
       SELECT entry->>'id', entry->>'regionId', (entry->>'occurredAt')::timestamptz, entry FROM jsonb_array_elements($1::jsonb) AS entry
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(entries)],
    );
  }

  async tookPlaceBetween(from: Date, to: Date, regionId?: string): Promise<ContactLogEntry[]> {
    const { rows } = await this.db.query<{ doc: unknown }>(
      'SELECT doc FROM contacts WHERE occurred_at >= $1 AND occurred_at < $2 AND ($3::text IS NULL OR region_id = $3) ORDER BY occurred_at, id',
      [from, to, regionId ?? null],
    );
    return rows.map((row) => StoredContactSchema.parse(row.doc));
  }
}

export class PostgresAcps implements AcpRepository {
  constructor(private readonly db: Queryable) {}

  async save(record: AcpRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO acps (patient_ref, imported_at, doc) VALUES ($1, $2, $3)
       ON CONFLICT (patient_ref) DO UPDATE SET imported_at = EXCLUDED.imported_at, doc = EXCLUDED.doc`,
      [record.patientRef, record.importedAt, JSON.stringify(record)],
    );
  }

  async get(patientRef: string): Promise<AcpRecord | undefined> {
    return (await this.db.query<{ doc: AcpRecord }>('SELECT doc FROM acps WHERE patient_ref = $1', [patientRef])).rows[0]?.doc;
  }

  async getMany(patientRefs: readonly string[]): Promise<Map<string, AcpRecord>> {
    if (patientRefs.length === 0) return new Map();
    const { rows } = await this.db.query<{ doc: AcpRecord }>('SELECT doc FROM acps WHERE patient_ref = ANY($1::text[])', [patientRefs]);
    return new Map(rows.map((row) => [row.doc.patientRef, row.doc]));
  }

  async purgeImportedBefore(cutoff: Date): Promise<number> {
    return (await this.db.query('DELETE FROM acps WHERE imported_at < $1', [cutoff])).rowCount ?? 0;
  }
}

export class PostgresDeaths implements DeathRepository {
  constructor(private readonly db: Queryable) {}

  async record(record: DeathRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO deaths (patient_ref, region_id, doc) VALUES ($1, $2, $3)
       ON CONFLICT (patient_ref) DO UPDATE SET region_id = EXCLUDED.region_id, doc = EXCLUDED.doc`,
      [record.patientRef, record.regionId, JSON.stringify(record)],
    );
  }

  async inRegion(regionId: string): Promise<DeathRecord[]> {
    return (await this.db.query<{ doc: DeathRecord }>('SELECT doc FROM deaths WHERE region_id = $1 ORDER BY patient_ref', [regionId])).rows.map((row) => row.doc);
  }

  async diedBetween(regionId: string, fromDate: string, toDate: string): Promise<DeathRecord[]> {
    // Dates as 'YYYY-MM-DD' sort as text; migration 010 indexes them by region.
    const { rows } = await this.db.query<{ doc: DeathRecord }>(
      "SELECT doc FROM deaths WHERE region_id = $1 AND doc->>'dateOfDeath' BETWEEN $2 AND $3 ORDER BY patient_ref",
      [regionId, fromDate, toDate],
    );
    return rows.map((row) => row.doc);
  }
}

export class PostgresRosters implements RosterRepository {
  constructor(private readonly db: Queryable) {}

  async imported(rosterId: string): Promise<ImportedRoster | undefined> {
    return (await this.db.query<{ doc: ImportedRoster }>('SELECT doc FROM imported_rosters WHERE roster_id = $1', [rosterId])).rows[0]?.doc;
  }

  async save(imported: ImportedRoster): Promise<void> {
    await this.db.query(
      `INSERT INTO imported_rosters (roster_id, imported_at, revision, doc) VALUES ($1, $2, 1, $3)
       ON CONFLICT (roster_id) DO UPDATE SET imported_at = EXCLUDED.imported_at, revision = imported_rosters.revision + 1, doc = EXCLUDED.doc`,
      [imported.rosterId, imported.importedAt, JSON.stringify(imported)],
    );
  }

  async stamps(): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ roster_id: string; revision: string }>('SELECT roster_id, revision FROM imported_rosters');
    return new Map(rows.map((row) => [row.roster_id, row.revision]));
  }
}

export class PostgresChannelAddresses implements ChannelAddressRepository {
  constructor(private readonly db: Queryable) {}

  async get(personId: string): Promise<ChannelAddress | undefined> {
    return (await this.db.query<{ doc: ChannelAddress }>('SELECT doc FROM channel_addresses WHERE person_id = $1', [personId])).rows[0]?.doc;
  }

  async getMany(personIds: readonly string[]): Promise<Map<string, ChannelAddress>> {
    if (personIds.length === 0) return new Map();
    const { rows } = await this.db.query<{ person_id: string; doc: ChannelAddress }>('SELECT person_id, doc FROM channel_addresses WHERE person_id = ANY($1::text[])', [personIds]);
    return new Map(rows.map((row) => [row.person_id, row.doc]));
  }

  async save(personId: string, address: ChannelAddress): Promise<void> {
    await this.db.query(
      'INSERT INTO channel_addresses (person_id, doc) VALUES ($1, $2) ON CONFLICT (person_id) DO UPDATE SET doc = EXCLUDED.doc',
      [personId, JSON.stringify(address)],
    );
  }
}

export class PostgresCardHandles implements CardHandleRepository {
  constructor(private readonly db: Queryable) {}

  async get(objectId: string): Promise<Record<string, string>> {
    const { rows } = await this.db.query<{ person_id: string; handle: string }>('SELECT person_id, handle FROM card_handles WHERE object_id = $1 ORDER BY person_id', [objectId]);
    return Object.fromEntries(rows.map((row) => [row.person_id, row.handle]));
  }

  async save(objectId: string, personId: string, handle: string): Promise<void> {
    await this.db.query(
      'INSERT INTO card_handles (object_id, person_id, handle) VALUES ($1, $2, $3) ON CONFLICT (object_id, person_id) DO UPDATE SET handle = EXCLUDED.handle',
      [objectId, personId, handle],
    );
  }
}

export class PostgresActivityClaims implements ActivityClaims {
  constructor(private readonly db: Queryable) {}

  async claim(conversationId: string, activityId: string): Promise<boolean> {
    const inserted = await this.db.query('INSERT INTO activity_claims (key) VALUES ($1) ON CONFLICT (key) DO NOTHING', [activityKey(conversationId, activityId)]);
    return inserted.rowCount === 1;
  }

  async prune(cutoff: Date): Promise<number> {
    return (await this.db.query('DELETE FROM activity_claims WHERE claimed_at < $1', [cutoff])).rowCount ?? 0;
  }
}
