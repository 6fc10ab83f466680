import { mkdir, open, readdir, readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { chainEntry, verifyChain, type AuditEntry, type AuditFact, type ChainCheck } from '../domain/audit.js';
import { StoreCorruptError } from './durableJsonFile.js';
import { KeyedQueue } from './keyedQueue.js';

/** The audit trail's storage: append-only, one entry per line, one file per month. */
export interface AuditTrail {
  /** Resolves once the entry is on disk. */
  record(fact: AuditFact): Promise<AuditEntry>;
  entries(): AsyncIterable<AuditEntry>;
  verify(): Promise<ChainCheck>;
  forPatient(patientRef: string): Promise<AuditEntry[]>;
}

/**
 * `audit/<yyyy-mm>.jsonl`. Appends are flushed to disk before `record` resolves, so an entry
 * that was acknowledged is never lost. An append cut short by a crash leaves a last line without
 * its newline; it was never acknowledged, so opening the trail cuts it off and records that it did.
 */
export class FileAuditTrail implements AuditTrail {
  private last: AuditEntry | undefined;
  private readonly queue = new KeyedQueue();

  private constructor(private readonly directory: string) {}

  /** `repair: false` only reads: for a second process (the verify command) beside a running bot. */
  static async open(root: string, options: { repair?: boolean } = {}): Promise<FileAuditTrail> {
    const trail = new FileAuditTrail(join(root, 'audit'));
    await mkdir(trail.directory, { recursive: true });
    const repaired = options.repair === false ? undefined : await trail.repairTornTail();
    for await (const entry of trail.entries()) trail.last = entry;
    if (repaired) {
      await trail.record({ at: new Date().toISOString(), actorId: 'systeem', actorRole: 'systeem', action: 'audit.herstel', result: 'toegestaan', channel: 'systeem', detail: repaired });
    }
    return trail;
  }

  record(fact: AuditFact): Promise<AuditEntry> {
    return this.queue.run('append', async () => {
      const entry = chainEntry(fact, this.last);
      const file = await open(join(this.directory, `${fact.at.slice(0, 7)}.jsonl`), 'a');
      try {
        await file.appendFile(`${JSON.stringify(entry)}\n`);
        await file.sync();
      } finally {
        await file.close();
      }
      this.last = entry;
      return entry;
    });
  }

  async *entries(): AsyncIterable<AuditEntry> {
    for (const name of await this.monthFiles()) {
      const path = join(this.directory, name);
      const lines = (await readFile(path, 'utf8')).split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]) continue;
        try {
          yield JSON.parse(lines[i]!) as AuditEntry;
        } catch {
          throw new StoreCorruptError(`${path}:${i + 1}`, 'geen geldige auditregel');
        }
      }
    }
  }

  async verify(): Promise<ChainCheck> {
    const all: AuditEntry[] = [];
    try {
      for await (const entry of this.entries()) all.push(entry);
    } catch (error) {
      return { ok: false, entries: all.length, sequence: all.length + 1, problem: (error as Error).message };
    }
    return verifyChain(all);
  }

  async forPatient(patientRef: string): Promise<AuditEntry[]> {
    const found: AuditEntry[] = [];
    for await (const entry of this.entries()) if (entry.patientRef === patientRef) found.push(entry);
    return found;
  }

  private async monthFiles(): Promise<string[]> {
    return (await readdir(this.directory)).filter((name) => /^\d{4}-\d{2}\.jsonl$/.test(name)).sort();
  }

  private async repairTornTail(): Promise<string | undefined> {
    const latest = (await this.monthFiles()).at(-1);
    if (!latest) return undefined;
    const path = join(this.directory, latest);
    const text = await readFile(path, 'utf8');
    if (text === '' || text.endsWith('\n')) return undefined;
    const keep = text.lastIndexOf('\n') + 1;
    await truncate(path, Buffer.byteLength(text.slice(0, keep), 'utf8'));
    return `onvolledige laatste regel in ${latest} verwijderd (${text.length - keep} tekens, nooit bevestigd)`;
  }
}
