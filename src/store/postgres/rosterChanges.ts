import { AbsenceSchema, type Absence } from '../../domain/absence.js';
import { SwapSchema, type Swap } from '../../domain/swap.js';
import type { AbsenceRepository, HandoverNote, HandoverNoteRepository, SwapRepository } from '../store.js';
import type { Queryable } from './queryable.js';

export class PostgresAbsences implements AbsenceRepository {
  constructor(private readonly db: Queryable) {}

  async save(absence: Absence): Promise<void> {
    await this.db.query(
      `INSERT INTO absences (id, person_id, ends_at, doc) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET ends_at = EXCLUDED.ends_at, doc = EXCLUDED.doc`,
      [absence.id, absence.personId, absence.endedAt ?? absence.until, JSON.stringify(absence)],
    );
  }

  async endingAfter(instant: Date): Promise<Absence[]> {
    const { rows } = await this.db.query<{ doc: unknown }>("SELECT doc FROM absences WHERE ends_at > $1 ORDER BY doc->>'from', id", [instant]);
    return rows.map((row) => AbsenceSchema.parse(row.doc));
  }
}

export class PostgresSwaps implements SwapRepository {
  constructor(private readonly db: Queryable) {}

  async insert(swap: Swap): Promise<void> {
    await this.db.query('INSERT INTO roster_swaps (id, version, status, ends_at, doc) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING', [
      swap.id,
      swap.version,
      swap.status,
      new Date(swap.end),
      JSON.stringify(swap),
    ]);
  }

  async replace(next: Swap): Promise<boolean> {
    const updated = await this.db.query('UPDATE roster_swaps SET version = $2, status = $3, doc = $4 WHERE id = $1 AND version = $2 - 1', [
      next.id,
      next.version,
      next.status,
      JSON.stringify(next),
    ]);
    return updated.rowCount === 1;
  }

  async get(id: string): Promise<Swap | undefined> {
    const row = (await this.db.query<{ doc: unknown }>('SELECT doc FROM roster_swaps WHERE id = $1', [id])).rows[0];
    return row ? SwapSchema.parse(row.doc) : undefined;
  }

  async approvedEndingAfter(instant: Date): Promise<Swap[]> {
    const { rows } = await this.db.query<{ doc: unknown }>(
      "SELECT doc FROM roster_swaps WHERE status = 'goedgekeurd' AND ends_at > $1 ORDER BY (doc->>'start')::bigint, id",
      [instant],
    );
    return rows.map((row) => SwapSchema.parse(row.doc));
  }
}

export class PostgresHandoverNotes implements HandoverNoteRepository {
  constructor(private readonly db: Queryable) {}

  async save(note: HandoverNote): Promise<void> {
    await this.db.query(
      'INSERT INTO handover_notes (roster_id, handover_at, doc) VALUES ($1, $2, $3) ON CONFLICT (roster_id, handover_at) DO UPDATE SET doc = EXCLUDED.doc',
      [note.rosterId, note.handoverAt, JSON.stringify(note)],
    );
  }

  async get(rosterId: string, handoverAt: Date): Promise<HandoverNote | undefined> {
    return (await this.db.query<{ doc: HandoverNote }>('SELECT doc FROM handover_notes WHERE roster_id = $1 AND handover_at = $2', [rosterId, handoverAt])).rows[0]?.doc;
  }
}
