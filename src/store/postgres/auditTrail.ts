import type pg from 'pg';
import type { Logger } from 'pino';
import {
  AuditCheckpointSchema,
  chainEntry,
  checkpointSigned,
  GENESIS_HASH,
  holdAgainstCheckpoints,
  parseEntry,
  signCheckpoint,
  walkChain,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditFact,
  type ChainCheck,
  type ChainPoint,
  type CheckpointToCheck,
  type TrailLine,
} from '../../domain/audit.js';
import { AppendBatches } from '../appendBatches.js';
import { AuditTrailBrokenError, type AuditTrail } from '../auditLog.js';
import { StoreCorruptError } from '../durableJsonFile.js';
import type { Queryable } from './queryable.js';

/** Rows read per query while walking the chain, so a long trail never sits in memory whole. */
const PAGE = 5_000;
const HEAD_LABEL = 'het controlepunt in de tabel audit_checkpoints';

type Walk = { ok: true; last: ChainPoint | undefined; lastWhere: string; heads: Map<number, string> } | { ok: false; entries: number; problem: string };

const where = (sequence: number): string => `rij ${sequence} van de tabel audit_entries`;

/**
 * The audit trail in PostgreSQL (migration 005), one chain for every instance. An append takes
 * the table's append lock (SHARE ROW EXCLUSIVE: appends wait for each other, readers never
 * wait), chains onto the head checkpoint, and writes its entries and the new signed head in one
 * transaction; appends that arrive together in one instance share that transaction.
 *
 * Start-up does not walk the whole chain: it walks from the signed 'verified' mark, which the
 * previous start (or full verification) left, to the head, and checks that no row before the mark
 * has gone. The full walk from the first entry is `npm run audit:verify` (and the chat's audit check).
 */
export class PostgresAuditTrail implements AuditTrail {
  private readonly appends = new AppendBatches<AuditFact, AuditEntry>((facts) => this.append(facts));

  private constructor(
    private readonly pool: pg.Pool,
    private readonly key: string,
    private readonly logger: Logger | undefined,
  ) {}

  /** For the verify command: reads, and after a full walk that found the trail in order moves the 'verified' mark. */
  static reader(pool: pg.Pool, key: string): PostgresAuditTrail {
    return new PostgresAuditTrail(pool, key, undefined);
  }

  /** For an instance of the bot: throws `AuditTrailBrokenError` when what came since the last start is not in order. */
  static async open(pool: pg.Pool, key: string, logger?: Logger): Promise<PostgresAuditTrail> {
    const trail = new PostgresAuditTrail(pool, key, logger);
    const marks = await trail.checkpoints();
    const walked = 'problem' in marks ? marks : await trail.walkSinceVerified(marks);
    if (!walked.ok) {
      throw new AuditTrailBrokenError(
        `De audittrail is NIET in orde: ${walked.problem}. De bot start niet, zodat niets ongezien verder gaat. ` +
          'Bewaar de tabellen audit_entries en audit_checkpoints ongewijzigd (pg_dump) voor de functionaris gegevensbescherming; ' +
          'wat u daarna doet staat in de README onder "Audit trail: checkpoints kept elsewhere".',
      );
    }
    await trail.markVerified(walked.last);
    return trail;
  }

  record(fact: AuditFact): Promise<AuditEntry> {
    return this.appends.add(fact);
  }

  async *entries(): AsyncIterable<AuditEntry> {
    for await (const page of this.pages(0)) {
      for (const line of page) {
        const entry = parseEntry(line.text);
        if (!entry) throw new StoreCorruptError(line.where, 'geen geldige auditregel');
        yield entry;
      }
    }
  }

  /** Walks the whole chain and holds it against the head checkpoint and copies kept elsewhere. */
  async verify(external: CheckpointToCheck[] = []): Promise<ChainCheck> {
    // The checkpoint first: the trail read after it can only have grown.
    const marks = await this.checkpoints();
    if ('problem' in marks) return marks;
    const checkpoints = [{ label: HEAD_LABEL, checkpoint: marks.head }, ...external];
    const walk = await this.walk(undefined, new Set(checkpoints.map(({ checkpoint }) => checkpoint?.count ?? 0)));
    if (!walk.ok) return walk;
    const check = holdAgainstCheckpoints(this.walked(walk, undefined), this.key, checkpoints);
    // A daily verify keeps what the next start has to walk down to a day's entries.
    if (check.ok) await this.markVerified(walk.last);
    return check;
  }

  async forPatient(patientRef: string): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<{ sequence: string; entry: string }>('SELECT sequence, entry FROM audit_entries WHERE patient_ref = $1 ORDER BY sequence', [patientRef]);
    return rows.map((row) => {
      const entry = parseEntry(row.entry);
      if (!entry) throw new StoreCorruptError(where(Number(row.sequence)), 'geen geldige auditregel');
      return entry;
    });
  }

  /**
   * Takes over a trail kept elsewhere (`npm run store:migrate`), as one transaction: an entry this
   * trail already has must be the same one, the rest must continue the chain. Returns how many
   * were added, or the first sequence number at which the two trails differ (nothing is written).
   */
  async adopt(source: AsyncIterable<AuditEntry>): Promise<{ added: number } | { differsAt: number }> {
    return this.underAppendLock<{ added: number } | { differsAt: number }>(async (client, head) => {
      let last: ChainPoint | undefined = head.count > 0 ? { sequence: head.count, hash: head.head, at: head.at } : undefined;
      let added = 0;
      let batch: AuditEntry[] = [];
      const flush = async (): Promise<number | undefined> => {
        const known = batch.filter((entry) => entry.sequence <= head.count);
        const { rows } = await client.query<{ sequence: string; entry: string }>('SELECT sequence, entry FROM audit_entries WHERE sequence = ANY($1::bigint[])', [known.map((entry) => entry.sequence)]);
        const stored = new Map(rows.map((row) => [Number(row.sequence), JSON.stringify(parseEntry(row.entry) ?? null)]));
        const differing = known.find((entry) => stored.get(entry.sequence) !== JSON.stringify(entry));
        if (differing) return differing.sequence;
        const fresh = batch.filter((entry) => entry.sequence > head.count);
        for (const entry of fresh) {
          if (entry.sequence !== (last?.sequence ?? 0) + 1 || entry.previousHash !== (last?.hash ?? GENESIS_HASH)) return entry.sequence;
          last = entry;
        }
        await insertEntries(client, fresh);
        added += fresh.length;
        batch = [];
        return undefined;
      };
      for await (const entry of source) {
        batch.push(entry);
        if (batch.length < PAGE) continue;
        const differsAt = await flush();
        if (differsAt !== undefined) return { rollback: { differsAt } };
      }
      const differsAt = await flush();
      if (differsAt !== undefined) return { rollback: { differsAt } };
      return { last, result: { added } };
    });
  }

  private append(facts: AuditFact[]): Promise<AuditEntry[]> {
    return this.underAppendLock(async (client, head) => {
      const entries: AuditEntry[] = [];
      for (const fact of facts) entries.push(chainEntry(fact, entries.at(-1) ?? (head.count > 0 ? { sequence: head.count, hash: head.head } : undefined), this.key));
      await insertEntries(client, entries);
      return { last: entries.at(-1), result: entries };
    });
  }

  /**
   * One transaction under the append lock, given the head checkpoint: `work` answers the new last
   * entry (the head is signed and stored with it) and its result, or asks for a rollback.
   */
  private async underAppendLock<T>(
    work: (client: Queryable, head: AuditCheckpoint) => Promise<{ last: ChainPoint | undefined; result: T } | { rollback: T }>,
  ): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE');
      const { rows } = await client.query<AuditCheckpoint>("SELECT count::int AS count, head, at, signature FROM audit_checkpoints WHERE name = 'head'");
      const outcome = await work(client, rows[0] ?? signCheckpoint(undefined, this.key));
      if ('rollback' in outcome) {
        await client.query('ROLLBACK');
        return outcome.rollback;
      }
      const checkpoint = outcome.last ? signCheckpoint(outcome.last, this.key) : undefined;
      if (checkpoint) {
        await client.query(
          `INSERT INTO audit_checkpoints (name, count, head, at, signature) VALUES ('head', $1, $2, $3, $4)
           ON CONFLICT (name) DO UPDATE SET count = EXCLUDED.count, head = EXCLUDED.head, at = EXCLUDED.at, signature = EXCLUDED.signature`,
          [checkpoint.count, checkpoint.head, checkpoint.at, checkpoint.signature],
        );
      }
      await client.query('COMMIT');
      // A copy for the log shipper, kept where whoever can edit the database cannot reach it.
      if (checkpoint) this.logger?.info({ auditCheckpoint: checkpoint }, 'audit checkpoint');
      return outcome.result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Moves the signed 'verified' mark forward to `last` (never back: another instance may have moved it further). */
  private async markVerified(last: ChainPoint | undefined): Promise<void> {
    if (!last) return;
    const mark = signCheckpoint(last, this.key, 'verified');
    await this.pool.query(
      `INSERT INTO audit_checkpoints (name, count, head, at, signature) VALUES ('verified', $1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET count = EXCLUDED.count, head = EXCLUDED.head, at = EXCLUDED.at, signature = EXCLUDED.signature
       WHERE audit_checkpoints.count < EXCLUDED.count`,
      [mark.count, mark.head, mark.at, mark.signature],
    );
  }

  private async checkpoints(): Promise<{ head: AuditCheckpoint | undefined; verified: AuditCheckpoint | undefined } | { ok: false; entries: 0; problem: string }> {
    const { rows } = await this.pool.query<{ name: string }>('SELECT name, count::int AS count, head, at, signature FROM audit_checkpoints');
    const found: Record<string, AuditCheckpoint | undefined> = {};
    for (const { name, ...row } of rows) {
      const parsed = AuditCheckpointSchema.safeParse(row);
      if (!parsed.success) return { ok: false, entries: 0, problem: `${HEAD_LABEL} ('${name}') is onleesbaar` };
      found[name] = parsed.data;
    }
    return { head: found.head, verified: found.verified };
  }

  /** From the 'verified' mark to the end, after checking the mark itself and that every row before it is still there. */
  private async walkSinceVerified(marks: { head: AuditCheckpoint | undefined; verified: AuditCheckpoint | undefined }): Promise<Walk> {
    const { head, verified } = marks;
    const bad = (entries: number, problem: string): Walk => ({ ok: false, entries, problem });
    if (verified && !checkpointSigned(verified, this.key, 'verified')) return bad(0, "het verificatiepunt in de tabel audit_checkpoints ('verified') is niet met deze AUDIT_KEY ondertekend");
    const start = verified ? { sequence: verified.count, hash: verified.head, at: verified.at } : undefined;
    if (start) {
      const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_entries WHERE sequence <= $1', [start.sequence]);
      const present = rows[0]?.n ?? 0;
      if (present !== start.sequence) return bad(present, `de audittrail telt ${present} van de ${start.sequence} vermeldingen die bij een eerdere start in orde waren: er zijn vermeldingen verwijderd`);
    }
    const walk = await this.walk(start, new Set([head?.count ?? 0]));
    if (!walk.ok) return walk;
    const check = holdAgainstCheckpoints(this.walked(walk, start), this.key, [{ label: HEAD_LABEL, checkpoint: head }]);
    return check.ok ? walk : check;
  }

  private walked(walk: Extract<Walk, { ok: true }>, start: ChainPoint | undefined) {
    return {
      count: walk.last?.sequence ?? 0,
      lastWhere: walk.lastWhere || (start ? where(start.sequence) : ''),
      headAt: (n: number) => (n === 0 ? GENESIS_HASH : n === start?.sequence ? start.hash : walk.heads.get(n)),
    };
  }

  /** Walks the rows after `start`, page by page, keeping the HMACs at the counts in `wanted`. */
  private async walk(start: ChainPoint | undefined, wanted: Set<number>): Promise<Walk> {
    const heads = new Map<number, string>();
    let last = start;
    let lastWhere = '';
    for await (const page of this.pages(start?.sequence ?? 0)) {
      const walk = walkChain(page, this.key, last, (entry) => wanted.has(entry.sequence) && heads.set(entry.sequence, entry.hash));
      if (!walk.ok) return walk;
      last = walk.last;
      lastWhere = walk.lastWhere;
    }
    return { ok: true, last, lastWhere, heads };
  }

  private async *pages(after: number): AsyncIterable<TrailLine[]> {
    for (let from = after; ; ) {
      const { rows } = await this.pool.query<{ sequence: string; entry: string }>('SELECT sequence, entry FROM audit_entries WHERE sequence > $1 ORDER BY sequence LIMIT $2', [from, PAGE]);
      if (rows.length === 0) return;
      yield rows.map((row) => ({ text: row.entry, where: where(Number(row.sequence)) }));
      from = Number(rows.at(-1)!.sequence);
    }
  }
}

async function insertEntries(client: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await client.query('INSERT INTO audit_entries (sequence, patient_ref, entry) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', [
    entries.map((entry) => entry.sequence),
    entries.map((entry) => entry.patientRef ?? null),
    entries.map((entry) => JSON.stringify(entry)),
  ]);
}
