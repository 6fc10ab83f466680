import { unlink } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { isOpen, type Consult } from '../../domain/consult.js';
import type { KeyedQueue } from '../keyedQueue.js';
import type { ConsultRepository, Insertion } from '../store.js';
import { ignoreMissing, listNames, monthOf, readAll, readDocument, readDocumentsAtStart, writeDocument } from './documents.js';

/**
 * Consults on disk: open ones in `consults/open/<ref>.<id>.json` (kept in memory too: only the
 * bot writes them), finished ones in `consults/closed/<yyyy-mm>/<ref>.<id>.json`, read from disk
 * (the purge tool rewrites them). A consult enters memory only after its file is durable, so a
 * failed write leaves nothing behind and no reader ever sees an unacknowledged consult.
 */
export class FileConsults implements ConsultRepository {
  private readonly openById = new Map<string, Consult>();
  private readonly closedLocation = new Map<string, string>();
  private readonly idByRef = new Map<string, string>();
  private readonly openIdByForm = new Map<string, string>();
  /** Inserts being written, by id, ref and form: a second insert of the same waits for the first. */
  private readonly inserting = new Map<string, Promise<unknown>>();

  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
    private readonly cardsPath: (objectId: string) => string,
  ) {}

  async load(): Promise<void> {
    const closedRoot = join(this.root, 'consults', 'closed');
    for (const month of await listNames(closedRoot)) {
      const folder = join(closedRoot, month);
      for (const name of await listNames(folder)) {
        const key = parseRecordName(name);
        if (!key) continue;
        // A checked record name needs no path.join, which at 100k closed consults costs a third of a second.
        this.closedLocation.set(key.id, `${folder}${sep}${name}`);
        this.idByRef.set(key.ref, key.id);
      }
    }
    const openPaths: string[] = [];
    for (const name of await listNames(join(this.root, 'consults', 'open'))) {
      const key = parseRecordName(name);
      if (!key) continue;
      const path = join(this.root, 'consults', 'open', name);
      // A crash between writing the closed copy and removing the open one leaves both.
      if (this.closedLocation.has(key.id)) await unlink(path).catch(ignoreMissing);
      else openPaths.push(path);
    }
    for (const consult of readDocumentsAtStart<Consult>(openPaths)) if (consult) this.remember(consult);
  }

  async insert(consult: Consult): Promise<Insertion<Consult>> {
    const keys = [`id:${consult.id}`, `ref:${consult.ref}`, `form:${formKey(consult.requesterId, consult.formId)}`];
    for (let busy = keys.map((key) => this.inserting.get(key)).find(Boolean); busy; busy = keys.map((key) => this.inserting.get(key)).find(Boolean)) {
      await busy.catch(() => undefined);
    }
    // Checked and reserved with no await in between, so two concurrent inserts cannot both pass.
    const existingId = this.openById.has(consult.id) || this.closedLocation.has(consult.id) ? consult.id : this.openIdByForm.get(formKey(consult.requesterId, consult.formId));
    if (existingId) return { outcome: 'existing', record: (await this.get(existingId))! };
    if (this.idByRef.has(consult.ref)) return { outcome: 'ref-taken' };
    const written = this.writes.run(consult.id, () => writeDocument(this.openPath(consult), consult));
    for (const key of keys) this.inserting.set(key, written);
    try {
      await written;
    } finally {
      for (const key of keys) this.inserting.delete(key);
    }
    this.remember(consult);
    return { outcome: 'inserted', record: consult };
  }

  replace(next: Consult): Promise<boolean> {
    return this.writes.run(next.id, async () => {
      const current = this.openById.get(next.id);
      if (!current || current.version !== next.version - 1) return false;
      if (isOpen(next)) {
        await writeDocument(this.openPath(next), next);
        this.openById.set(next.id, next);
        return true;
      }
      const closedPath = join(this.root, 'consults', 'closed', monthOf(new Date(next.closedAt ?? Date.now())), recordName(next));
      await writeDocument(closedPath, next);
      this.openById.delete(next.id);
      this.openIdByForm.delete(formKey(next.requesterId, next.formId));
      this.closedLocation.set(next.id, closedPath);
      await unlink(this.openPath(next)).catch(ignoreMissing);
      return true;
    });
  }

  async get(id: string): Promise<Consult | undefined> {
    const open = this.openById.get(id);
    if (open) return open;
    const path = this.closedLocation.get(id);
    return path ? ((await this.writes.run(id, () => readDocument<Consult>(path))) ?? undefined) : undefined;
  }

  async byRef(ref: string): Promise<Consult | undefined> {
    const id = this.idByRef.get(ref);
    return id ? this.get(id) : undefined;
  }

  async openByForm(requesterId: string, formId: string): Promise<Consult | undefined> {
    const id = this.openIdByForm.get(formKey(requesterId, formId));
    return id ? this.openById.get(id) : undefined;
  }

  async open(): Promise<Consult[]> {
    return [...this.openById.values()];
  }

  async requestedBetween(from: Date, to: Date, subRegionIds?: readonly string[]): Promise<Consult[]> {
    const inRange = (c: Consult) => {
      const t = Date.parse(c.createdAt);
      return t >= from.getTime() && t < to.getTime() && (!subRegionIds || subRegionIds.includes(c.request.subRegionId));
    };
    const found = [...this.openById.values()].filter(inRange);
    // A consult closes in or after the month it was requested in, so earlier months can be skipped.
    const firstMonth = monthOf(from);
    const candidates = [...this.closedLocation.values()].filter((path) => (path.split(/[\\/]/).at(-2) ?? '') >= firstMonth);
    for (const consult of await readAll<Consult>(candidates)) if (consult && inRange(consult)) found.push(consult);
    return found;
  }

  async purgeClosedBefore(cutoff: Date, purge: (consult: Consult) => Consult): Promise<number> {
    let purged = 0;
    for (const [id, path] of this.closedLocation) {
      const month = path.split(/[\\/]/).at(-2) ?? '';
      if (month > monthOf(cutoff)) continue;
      await this.writes.run(id, async () => {
        const consult = await readDocument<Consult>(path);
        if (!consult || consult.purgedAt || !consult.closedAt || new Date(consult.closedAt) >= cutoff) return;
        await writeDocument(path, purge(consult));
        await unlink(this.cardsPath(id)).catch(ignoreMissing);
        purged++;
      });
    }
    return purged;
  }

  private remember(consult: Consult): void {
    this.openById.set(consult.id, consult);
    this.idByRef.set(consult.ref, consult.id);
    this.openIdByForm.set(formKey(consult.requesterId, consult.formId), consult.id);
  }

  private openPath(consult: Consult): string {
    return join(this.root, 'consults', 'open', recordName(consult));
  }
}

const formKey = (requesterId: string, formId: string): string => `${requesterId}\n${formId}`;

const recordName = (consult: Consult): string => `${consult.ref}.${consult.id}.json`;

function parseRecordName(name: string): { ref: string; id: string } | undefined {
  const match = /^(C-[0-9A-Z]{4})\.([0-9a-f-]{36})\.json$/.exec(name);
  return match ? { ref: match[1]!, id: match[2]! } : undefined;
}
