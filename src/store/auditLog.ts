import { mkdir, open, readdir, readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  AuditCheckpointSchema,
  chainEntry,
  parseEntry,
  signCheckpoint,
  verifyTrail,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditFact,
  type ChainCheck,
  type CheckpointToCheck,
  type TrailLine,
} from '../domain/audit.js';
import { DurableJsonFile, StoreCorruptError } from './durableJsonFile.js';
import { AppendBatches } from './appendBatches.js';

/** The audit trail's storage, append-only: files in STORE_DIR (FileAuditTrail) or a table in PostgreSQL (PostgresAuditTrail). */
export interface AuditTrail {
  /** Resolves once the entry is durable and counted by a checkpoint. */
  record(fact: AuditFact): Promise<AuditEntry>;
  entries(): AsyncIterable<AuditEntry>;
  verify(): Promise<ChainCheck>;
  forPatient(patientRef: string): Promise<AuditEntry[]>;
}

/** The trail is not in order; start-up stops on it, with a message for the administrator. */
export class AuditTrailBrokenError extends Error {
  override name = 'AuditTrailBrokenError';
}

/** Where the store keeps its checkpoint: beside the audit folder, not in it. */
export const CHECKPOINT_FILE = 'audit-checkpoint.json';

interface TrailOnDisk {
  lines: TrailLine[];
  /** The last file's last line, when it has no newline yet. */
  torn?: { path: string; keep: number; where: string };
}

/**
 * `audit/<yyyy-mm>.jsonl`, and `audit-checkpoint.json` beside it. Appends that arrive together
 * are written together: flushed to disk, then one signed checkpoint (count and head) replaces the
 * stored one and goes to the log, and only then do their `record` calls resolve. So every
 * acknowledged entry is counted by a checkpoint, at one checkpoint write per batch, not per entry.
 *
 * Opening for the bot verifies the whole trail and refuses a broken one. The one repair: a last
 * line without its newline, cut short by a crash mid-append, when the checkpoint never counted it.
 */
export class FileAuditTrail implements AuditTrail {
  private last: AuditEntry | undefined;
  private readonly appends = new AppendBatches<AuditFact, AuditEntry>((facts) => this.append(facts));
  private readonly directory: string;
  private readonly checkpointFile: DurableJsonFile<AuditCheckpoint>;

  private constructor(
    root: string,
    private readonly key: string,
    private readonly logger: Logger | undefined,
  ) {
    this.directory = join(root, 'audit');
    this.checkpointFile = new DurableJsonFile(join(root, CHECKPOINT_FILE));
  }

  /** Only reads: for a second process (the verify command) beside a running bot. */
  static reader(root: string, key: string): FileAuditTrail {
    return new FileAuditTrail(root, key, undefined);
  }

  /** For the bot, the trail's only writer: throws `AuditTrailBrokenError` when it is not in order. */
  static async open(root: string, key: string, logger?: Logger): Promise<FileAuditTrail> {
    const trail = new FileAuditTrail(root, key, logger);
    await mkdir(trail.directory, { recursive: true });
    const stored = await trail.storedCheckpoint();
    const refuse = (problem: string) =>
      new AuditTrailBrokenError(
        `De audittrail is NIET in orde: ${problem}. ` +
          'De bot start niet, zodat niets ongezien verder gaat. Bewaar de map audit en audit-checkpoint.json ongewijzigd voor de ' +
          'functionaris gegevensbescherming; wat u daarna doet staat in de README onder "Audit trail: checkpoints kept elsewhere".',
      );
    if ('problem' in stored) throw refuse(stored.problem);
    let disk = await trail.read();
    let repaired: string | undefined;
    if (disk.torn && disk.lines.length >= (stored.checkpoint?.count ?? 0)) {
      await truncate(disk.torn.path, disk.torn.keep);
      repaired = `${disk.torn.where} was onvolledig (nooit bevestigd) en is verwijderd`;
      disk = await trail.read();
    }
    const check = verifyTrail(disk.lines, key, [trail.label(stored.checkpoint)], disk.torn?.where);
    if (!check.ok) throw refuse(check.problem);
    trail.last = parseEntry(disk.lines.at(-1)?.text ?? '');
    // Entries written just before a crash, before their checkpoint: complete and chained, never acknowledged.
    if ((trail.last?.sequence ?? 0) !== (stored.checkpoint?.count ?? 0)) await trail.writeCheckpoint();
    if (repaired) {
      await trail.record({ at: new Date().toISOString(), actorId: 'systeem', actorRole: 'systeem', action: 'audit.herstel', result: 'toegestaan', channel: 'systeem', detail: repaired });
    }
    return trail;
  }

  record(fact: AuditFact): Promise<AuditEntry> {
    return this.appends.add(fact);
  }

  async *entries(): AsyncIterable<AuditEntry> {
    for (const line of (await this.read()).lines) {
      const entry = parseEntry(line.text);
      if (!entry) throw new StoreCorruptError(line.where, 'geen geldige auditregel');
      yield entry;
    }
  }

  /** Holds the trail against the stored checkpoint and against copies kept elsewhere. */
  async verify(external: CheckpointToCheck[] = []): Promise<ChainCheck> {
    // The checkpoint first: the trail read after it can only have grown.
    const stored = await this.storedCheckpoint();
    if ('problem' in stored) return stored;
    const disk = await this.read();
    return verifyTrail(disk.lines, this.key, [this.label(stored.checkpoint), ...external], disk.torn?.where);
  }

  async forPatient(patientRef: string): Promise<AuditEntry[]> {
    const found: AuditEntry[] = [];
    for await (const entry of this.entries()) if (entry.patientRef === patientRef) found.push(entry);
    return found;
  }

  private async append(facts: AuditFact[]): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for (const fact of facts) entries.push(chainEntry(fact, entries.at(-1) ?? this.last, this.key));
    const byMonth = new Map<string, string>();
    for (const entry of entries) byMonth.set(entry.at.slice(0, 7), `${byMonth.get(entry.at.slice(0, 7)) ?? ''}${JSON.stringify(entry)}\n`);
    for (const [month, text] of byMonth) {
      const file = await open(join(this.directory, `${month}.jsonl`), 'a');
      try {
        await file.appendFile(text);
        await file.sync();
      } finally {
        await file.close();
      }
    }
    this.last = entries.at(-1);
    await this.writeCheckpoint();
    return entries;
  }

  private async writeCheckpoint(): Promise<void> {
    const checkpoint = signCheckpoint(this.last, this.key);
    await this.checkpointFile.write(checkpoint);
    // A copy for the log shipper, kept where whoever can edit the store cannot reach it.
    this.logger?.info({ auditCheckpoint: checkpoint }, 'audit checkpoint');
  }

  private label(checkpoint: AuditCheckpoint | undefined): CheckpointToCheck {
    return { label: `het controlepunt ${CHECKPOINT_FILE}`, checkpoint };
  }

  private async storedCheckpoint(): Promise<{ checkpoint: AuditCheckpoint | undefined } | { ok: false; entries: 0; problem: string }> {
    const unreadable = { ok: false as const, entries: 0 as const, problem: `het controlepunt ${CHECKPOINT_FILE} is onleesbaar` };
    try {
      const raw = await this.checkpointFile.read();
      if (raw === null) return { checkpoint: undefined };
      const parsed = AuditCheckpointSchema.safeParse(raw);
      return parsed.success ? { checkpoint: parsed.data } : unreadable;
    } catch (error) {
      if (error instanceof StoreCorruptError) return unreadable;
      throw error;
    }
  }

  private async read(): Promise<TrailOnDisk> {
    let names: string[];
    try {
      names = (await readdir(this.directory)).filter((name) => /^\d{4}-\d{2}\.jsonl$/.test(name)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [] };
      throw error;
    }
    const disk: TrailOnDisk = { lines: [] };
    for (const [index, name] of names.entries()) {
      const path = join(this.directory, name);
      const text = await readFile(path, 'utf8');
      const lines = text.split('\n');
      const rest = lines.pop()!;
      lines.forEach((line, i) => disk.lines.push({ text: line, where: `regel ${i + 1} van audit/${name}` }));
      if (rest === '') continue;
      const where = `regel ${lines.length + 1} van audit/${name}`;
      if (index === names.length - 1) disk.torn = { path, keep: Buffer.byteLength(text, 'utf8') - Buffer.byteLength(rest, 'utf8'), where };
      else disk.lines.push({ text: rest, where });
    }
    return disk;
  }
}
