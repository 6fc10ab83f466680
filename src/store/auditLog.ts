import { mkdir, open, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  AuditCheckpointSchema,
  chainEntry,
  GENESIS_HASH,
  holdAgainstCheckpoints,
  parseEntry,
  signCheckpoint,
  verifyTrail,
  walkChain,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditFact,
  type ChainCheck,
  type ChainPoint,
  type CheckpointToCheck,
  type TrailLine,
} from '../domain/audit.js';
import { DurableJsonFile, readNames, StoreCorruptError } from './durableJsonFile.js';
import { markAsCheckpoint, MARK_FILE, readMark, signMark, type MonthFile, type TrailPosition, type VerifiedMark } from './auditMark.js';
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
  /** Each month file read, in order, as it was read. */
  files: MonthFile[];
  /** Where the last complete line starts. */
  end?: TrailPosition;
}

/** A walk at start-up that found the trail in order: its last entry, where that is, and the month files before it. */
interface StartWalk {
  ok: true;
  last: ChainPoint | undefined;
  end?: TrailPosition;
  earlier: MonthFile[];
  repaired?: string;
}

type Refusal = { ok: false; problem: string };

/**
 * `audit/<yyyy-mm>.jsonl`, and `audit-checkpoint.json` beside it. Appends that arrive together
 * are written together: flushed to disk, then one signed checkpoint (count and head) replaces the
 * stored one and goes to the log, and only then do their `record` calls resolve. So every
 * acknowledged entry is counted by a checkpoint, at one checkpoint write per batch, not per entry.
 *
 * Opening for the bot does not walk the whole trail: it walks on from the signed verified mark
 * (`audit-verified.json`, see `VerifiedMark`) that the previous start or a full verify left, when
 * the files before it are as the mark says, and refuses a trail that is not in order. Without a
 * valid mark, or when the files no longer fit it, it walks the whole trail, which names the first
 * bad entry. The one repair: a last line without its newline, cut short by a crash mid-append,
 * when the checkpoint never counted it. The full walk is `verify` (`npm run audit:verify`, the
 * chat's audit check); it moves the mark too.
 */
export class FileAuditTrail implements AuditTrail {
  private last: ChainPoint | undefined;
  private readonly appends = new AppendBatches<AuditFact, AuditEntry>((facts) => this.append(facts));
  private readonly directory: string;
  private readonly checkpointFile: DurableJsonFile<AuditCheckpoint>;
  private readonly markFile: DurableJsonFile<unknown>;

  private constructor(
    root: string,
    private readonly key: string,
    private readonly logger: Logger | undefined,
  ) {
    this.directory = join(root, 'audit');
    this.checkpointFile = new DurableJsonFile(join(root, CHECKPOINT_FILE));
    this.markFile = new DurableJsonFile(join(root, MARK_FILE));
  }

  /** For a second process beside a running bot (the verify command): reads, and after a full walk that found the trail in order moves the verified mark. */
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
          'De bot start niet, zodat niets ongezien verder gaat. Bewaar de map audit, audit-checkpoint.json en audit-verified.json ongewijzigd voor de ' +
          'functionaris gegevensbescherming; wat u daarna doet staat in de README onder "Audit trail: checkpoints kept elsewhere".',
      );
    if ('problem' in stored) throw refuse(stored.problem);
    const marked = await readMark(trail.markFile, key);
    if (marked.unusable) logger?.warn({ problem: marked.unusable }, 'audit verified mark ignored: walking the whole trail');
    const fromMark = marked.mark && (await trail.walkFromMark(marked.mark, stored.checkpoint));
    if (marked.mark && !fromMark) logger?.warn({ mark: marked.mark.count }, 'audit trail no longer fits its verified mark: walking the whole trail');
    const walk = fromMark || (await trail.walkWhole(stored.checkpoint, marked.mark));
    if (!walk.ok) throw refuse(walk.problem);
    trail.last = walk.last;
    // Entries written just before a crash, before their checkpoint: complete and chained, never acknowledged.
    if (walk.end && (trail.last?.sequence ?? 0) !== (stored.checkpoint?.count ?? 0)) {
      await trail.flushMonthFile(walk.end.file);
      await trail.writeCheckpoint();
    }
    await trail.writeMark(walk);
    if (walk.repaired) {
      await trail.record({ at: new Date().toISOString(), actorId: 'systeem', actorRole: 'systeem', action: 'audit.herstel', result: 'toegestaan', channel: 'systeem', detail: walk.repaired });
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

  /**
   * Walks the whole trail and holds it against the stored checkpoint, the verified mark and copies
   * kept elsewhere; a trail in order moves the mark to its last entry, so the next start walks only
   * what came after.
   */
  async verify(external: CheckpointToCheck[] = []): Promise<ChainCheck> {
    // The checkpoint first: the trail read after it can only have grown.
    const stored = await this.storedCheckpoint();
    if ('problem' in stored) return stored;
    const marked = await readMark(this.markFile, this.key);
    const disk = await this.read();
    const check = verifyTrail(disk.lines, this.key, [this.label(stored.checkpoint), ...this.markLabel(marked.mark), ...external], disk.torn?.where);
    if (!check.ok) return check;
    const last = disk.end && parseEntry(disk.lines.at(-1)!.text);
    if (disk.end && last && last.sequence > (marked.mark?.count ?? 0)) {
      // The mark only spares the next start work: a store this process may not write to (a copy
      // kept for the data protection officer) is verified all the same.
      await this.flushMonthFile(disk.end.file)
        .then(() => this.writeMark({ last, end: disk.end, earlier: disk.files.filter((file) => file.name < disk.end!.file) }))
        .catch(() => undefined);
    }
    if (!marked.unusable) return check;
    return { ...check, note: [check.note, `${marked.unusable} en is genegeerd`].filter(Boolean).join('; ') };
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

  /**
   * From the verified mark to the end, when the files before it are as the mark says and its entry
   * is still where it was, with the same HMAC; `undefined` when they are not, and for any problem
   * on the way: the whole walk then decides, and names what it finds.
   */
  private async walkFromMark(mark: VerifiedMark, checkpoint: AuditCheckpoint | undefined): Promise<StartWalk | undefined> {
    const names = await this.monthFiles();
    const before = names.filter((name) => name < mark.file);
    if (!names.includes(mark.file) || before.length !== mark.earlier.length) return undefined;
    for (const [i, name] of before.entries()) {
      const then = mark.earlier[i]!;
      const now = await stat(join(this.directory, name), { bigint: true });
      if (name !== then.name || now.size !== BigInt(then.bytes) || now.ctimeNs.toString() !== then.changed) return undefined;
    }
    const disk = await this.read(mark);
    const first = parseEntry(disk.lines[0]?.text ?? '');
    if (!first || first.sequence !== mark.count || first.hash !== mark.head) return undefined;
    const heads = new Map<number, string>();
    const walk = walkChain(disk.lines, this.key, { sequence: mark.count - 1, hash: first.previousHash, at: '' }, (entry) => heads.set(entry.sequence, entry.hash));
    if (!walk.ok) return undefined;
    const walked = { count: walk.last?.sequence ?? 0, lastWhere: walk.lastWhere, headAt: (n: number) => (n === 0 ? GENESIS_HASH : heads.get(n)) };
    if (!holdAgainstCheckpoints(walked, this.key, [this.label(checkpoint)], disk.torn?.where).ok) return undefined;
    const earlier = [...mark.earlier, ...disk.files.filter((file) => file.name < disk.end!.file)];
    return { ok: true, last: walk.last, end: disk.end, earlier, repaired: disk.torn && (await this.cutTornLine(disk.torn)) };
  }

  /** The whole trail, held against the stored checkpoint and the mark (signed, so it must still fit). */
  private async walkWhole(checkpoint: AuditCheckpoint | undefined, mark: VerifiedMark | undefined): Promise<StartWalk | Refusal> {
    const disk = await this.read();
    const check = verifyTrail(disk.lines, this.key, [this.label(checkpoint), ...this.markLabel(mark)], disk.torn?.where);
    if (!check.ok) return check;
    const last = parseEntry(disk.lines.at(-1)?.text ?? '');
    const earlier = disk.end ? disk.files.filter((file) => file.name < disk.end!.file) : [];
    return { ok: true, last, end: disk.end, earlier, repaired: disk.torn && (await this.cutTornLine(disk.torn)) };
  }

  /** A torn last line in a trail otherwise in order: no checkpoint counts it, so it was never acknowledged. */
  private async cutTornLine(torn: NonNullable<TrailOnDisk['torn']>): Promise<string> {
    await truncate(torn.path, torn.keep);
    return `${torn.where} was onvolledig (nooit bevestigd) en is verwijderd`;
  }

  /** Entries past the last checkpoint may not have reached the disk yet (their writer crashed before its flush). */
  private async flushMonthFile(name: string): Promise<void> {
    const file = await open(join(this.directory, name), 'r');
    try {
      await file.sync();
    } finally {
      await file.close();
    }
  }

  private async writeMark(walk: Pick<StartWalk, 'last' | 'end' | 'earlier'>): Promise<void> {
    if (!walk.last || !walk.end) return;
    await this.markFile.write(signMark({ count: walk.last.sequence, head: walk.last.hash, at: walk.last.at, ...walk.end, earlier: walk.earlier }, this.key));
  }

  private markLabel(mark: VerifiedMark | undefined): CheckpointToCheck[] {
    return mark ? [{ label: `het verificatiepunt ${MARK_FILE}`, checkpoint: markAsCheckpoint(mark, this.key) }] : [];
  }

  private async monthFiles(): Promise<string[]> {
    return (await readNames(this.directory)).filter((name) => /^\d{4}-\d{2}\.jsonl$/.test(name)).sort();
  }

  /** Every month file in order, or from `from` on: its file from its offset, the files after it whole, the files before it not at all. */
  private async read(from?: TrailPosition): Promise<TrailOnDisk> {
    const names = await this.monthFiles();
    const disk: TrailOnDisk = { lines: [], files: [] };
    for (const [index, name] of names.entries()) {
      if (from && name < from.file) continue;
      const [skip, firstLine] = from && name === from.file ? [from.offset, from.line] : [0, 1];
      const path = join(this.directory, name);
      const { bytes, changed } = await readMonthFile(path, skip);
      // Offsets are in bytes: a line ends at a newline byte, which never falls inside a UTF-8 character.
      const complete = bytes.lastIndexOf(0x0a) + 1;
      const lines = complete > 0 ? bytes.toString('utf8', 0, complete - 1).split('\n') : [];
      lines.forEach((text, i) => disk.lines.push({ text, where: `regel ${firstLine + i} van audit/${name}` }));
      if (lines.length > 0) disk.end = { file: name, offset: skip + (complete >= 2 ? bytes.lastIndexOf(0x0a, complete - 2) + 1 : 0), line: firstLine + lines.length - 1 };
      disk.files.push({ name, bytes: skip + bytes.length, changed });
      if (complete === bytes.length) continue;
      const where = `regel ${firstLine + lines.length} van audit/${name}`;
      if (index === names.length - 1) disk.torn = { path, keep: skip + complete, where };
      else {
        disk.lines.push({ text: bytes.toString('utf8', complete), where });
        disk.end = { file: name, offset: skip + complete, line: firstLine + lines.length };
      }
    }
    return disk;
  }
}

/** A month file from byte `skip` on, and its change time from before the read (a write after it shows as a later change time). */
async function readMonthFile(path: string, skip: number): Promise<{ bytes: Buffer; changed: string }> {
  const file = await open(path, 'r');
  try {
    const info = await file.stat({ bigint: true });
    const bytes = Buffer.alloc(Math.max(0, Number(info.size) - skip));
    for (let done = 0; done < bytes.length; ) {
      const { bytesRead } = await file.read(bytes, done, bytes.length - done, skip + done);
      if (bytesRead === 0) return { bytes: bytes.subarray(0, done), changed: info.ctimeNs.toString() };
      done += bytesRead;
    }
    return { bytes, changed: info.ctimeNs.toString() };
  } finally {
    await file.close();
  }
}
