import { isOpen, type Consult } from '../../domain/consult.js';
import type { ConsultRepository, Insertion } from '../store.js';
import type { Queryable } from './queryable.js';

const docs = (rows: { doc: Consult }[]): Consult[] => rows.map((row) => row.doc);

/** The columns a consult is queried by, taken from the document itself. */
function columns(consult: Consult): unknown[] {
  return [consult.id, consult.ref, consult.requesterId, consult.formId, consult.status, isOpen(consult), consult.version, consult.createdAt, consult.closedAt ?? null, consult.purgedAt ?? null, JSON.stringify(consult)];
}

export class PostgresConsults implements ConsultRepository {
  constructor(private readonly db: Queryable) {}

  async insert(consult: Consult): Promise<Insertion<Consult>> {
    const inserted = await this.db.query(
      `INSERT INTO consults (id, ref, requester_id, form_id, status, is_open, version, created_at, closed_at, purged_at, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
      columns(consult),
    );
    if (inserted.rowCount === 1) return { outcome: 'inserted', record: consult };
    const existing = (await this.get(consult.id)) ?? (await this.openByForm(consult.requesterId, consult.formId));
    return existing ? { outcome: 'existing', record: existing } : { outcome: 'ref-taken' };
  }

  async replace(next: Consult): Promise<boolean> {
    const [id, , , , status, open, version, , closedAt, purgedAt, doc] = columns(next);
    const updated = await this.db.query(
      `UPDATE consults SET status = $2, is_open = $3, version = $4, closed_at = $5, purged_at = $6, doc = $7
       WHERE id = $1 AND is_open AND version = $4 - 1`,
      [id, status, open, version, closedAt, purgedAt, doc],
    );
    return updated.rowCount === 1;
  }

  async get(id: string): Promise<Consult | undefined> {
    return docs((await this.db.query('SELECT doc FROM consults WHERE id = $1', [id])).rows)[0];
  }

  async byRef(ref: string): Promise<Consult | undefined> {
    return docs((await this.db.query('SELECT doc FROM consults WHERE ref = $1', [ref])).rows)[0];
  }

  async openByForm(requesterId: string, formId: string): Promise<Consult | undefined> {
    return docs((await this.db.query('SELECT doc FROM consults WHERE requester_id = $1 AND form_id = $2 AND is_open', [requesterId, formId])).rows)[0];
  }

  async open(): Promise<Consult[]> {
    return docs((await this.db.query('SELECT doc FROM consults WHERE is_open ORDER BY created_at')).rows);
  }

  async requestedBetween(from: Date, to: Date, subRegionIds?: readonly string[]): Promise<Consult[]> {
    if (!subRegionIds) return docs((await this.db.query('SELECT doc FROM consults WHERE created_at >= $1 AND created_at < $2', [from, to])).rows);
    // consults_sub_region_created (migration 009): one region's figures read only its own consults.
    const sql = "SELECT doc FROM consults WHERE (doc->'request'->>'subRegionId') = ANY($3) AND created_at >= $1 AND created_at < $2";
    return docs((await this.db.query(sql, [from, to, [...subRegionIds]])).rows);
  }

  async purgeClosedBefore(cutoff: Date, purge: (consult: Consult) => Consult): Promise<number> {
    const due = docs((await this.db.query('SELECT doc FROM consults WHERE closed_at < $1 AND purged_at IS NULL AND NOT is_open', [cutoff])).rows);
    let purged = 0;
    for (const consult of due) {
      const next = purge(consult);
      // Only a consult still unpurged is rewritten, so two purges at once count each consult once.
      const updated = await this.db.query('UPDATE consults SET doc = $2, purged_at = $3 WHERE id = $1 AND purged_at IS NULL', [consult.id, JSON.stringify(next), next.purgedAt ?? new Date().toISOString()]);
      if (updated.rowCount !== 1) continue;
      await this.db.query('DELETE FROM card_handles WHERE object_id = $1', [consult.id]);
      purged++;
    }
    return purged;
  }
}
