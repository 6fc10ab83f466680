import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chainEntry, signCheckpoint, type AuditEntry, type AuditFact } from '../src/domain/audit.js';
import { CHECKPOINT_FILE } from '../src/store/auditLog.js';

/**
 * The audit trail as `audit/<yyyy-mm>.jsonl` with a valid hash chain. Facts are chained in the
 * order given (time order per consult, consults in request order), which is what verification
 * checks; the bot reads every line at start-up to find the chain's last entry.
 */
export class AuditWriter {
  private last: AuditEntry | undefined;
  private buffer: string[] = [];
  private month = '';
  readonly files = new Set<string>();
  lines = 0;
  bytes = 0;

  private readonly dir: string;

  constructor(
    private readonly root: string,
    private readonly key: string,
  ) {
    this.dir = join(root, 'audit');
  }

  add(facts: AuditFact[]): void {
    for (const fact of facts) {
      const month = fact.at.slice(0, 7) > this.month ? fact.at.slice(0, 7) : this.month;
      if (month !== this.month) {
        this.flush();
        this.month = month;
      }
      const entry = chainEntry({ ...fact, at: fact.at < this.month ? `${this.month}-01T00:00:00.000Z` : fact.at }, this.last, this.key);
      this.last = entry;
      this.buffer.push(JSON.stringify(entry));
      this.lines++;
    }
    if (this.buffer.length > 5000) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    mkdirSync(this.dir, { recursive: true });
    const text = `${this.buffer.join('\n')}\n`;
    appendFileSync(join(this.dir, `${this.month}.jsonl`), text);
    this.files.add(this.month);
    this.bytes += Buffer.byteLength(text);
    this.buffer = [];
  }

  /** The last lines, then the signed checkpoint the bot checks the trail against at start-up. */
  close(): void {
    this.flush();
    writeFileSync(join(this.root, CHECKPOINT_FILE), JSON.stringify(signCheckpoint(this.last, this.key)));
  }
}
