import { join } from 'node:path';
import { absentAt, AbsenceSchema, type Absence } from '../../domain/absence.js';
import { SwapSchema, type Swap } from '../../domain/swap.js';
import { StoreCorruptError } from '../durableJsonFile.js';
import type { KeyedQueue } from '../keyedQueue.js';
import type { AbsenceRepository, HandoverNote, HandoverNoteRepository, SwapRepository } from '../store.js';
import { fileKey, listNames, readAll, readDocument, writeDocument } from './documents.js';

/** Every document in one folder, each checked by `parse`. They are few, so they are read from disk each time. */
async function readFolder<T>(folder: string, parse: (document: unknown) => T | undefined): Promise<T[]> {
  const paths = (await listNames(folder)).map((name) => join(folder, name));
  return (await readAll<unknown>(paths)).flatMap((document, i) => {
    if (document === null) return [];
    const parsed = parse(document);
    if (parsed === undefined) throw new StoreCorruptError(paths[i]!, 'geen geldig document');
    return [parsed];
  });
}

/** `absences/<id>.json`. */
export class FileAbsences implements AbsenceRepository {
  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
  ) {}

  async save(absence: Absence): Promise<void> {
    const path = join(this.root, 'absences', `${fileKey(absence.id)}.json`);
    await this.writes.run(path, () => writeDocument(path, absence));
  }

  async endingAfter(instant: Date): Promise<Absence[]> {
    const all = await readFolder(join(this.root, 'absences'), (document) => AbsenceSchema.safeParse(document).data);
    const t = instant.getTime();
    return all.filter((absence) => absentAt(absence, t) || Date.parse(absence.from) > t).sort((a, b) => a.from.localeCompare(b.from));
  }
}

/** `swaps/<id>.json`. */
export class FileSwaps implements SwapRepository {
  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
  ) {}

  private path(id: string): string {
    return join(this.root, 'swaps', `${fileKey(id)}.json`);
  }

  insert(swap: Swap): Promise<void> {
    const path = this.path(swap.id);
    return this.writes.run(path, async () => {
      if (!(await readDocument(path))) await writeDocument(path, swap);
    });
  }

  replace(next: Swap): Promise<boolean> {
    const path = this.path(next.id);
    return this.writes.run(path, async () => {
      const current = SwapSchema.safeParse(await readDocument(path)).data;
      if (!current || current.version !== next.version - 1) return false;
      await writeDocument(path, next);
      return true;
    });
  }

  async get(id: string): Promise<Swap | undefined> {
    const path = this.path(id);
    return SwapSchema.safeParse(await this.writes.run(path, () => readDocument(path))).data;
  }

  async approvedEndingAfter(instant: Date): Promise<Swap[]> {
    const all = await readFolder(join(this.root, 'swaps'), (document) => SwapSchema.safeParse(document).data);
    return all.filter((swap) => swap.status === 'goedgekeurd' && swap.end > instant.getTime()).sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  }
}

/** `handover-notes/<roster id>.<hand-over instant>.json`. */
export class FileHandoverNotes implements HandoverNoteRepository {
  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
  ) {}

  private path(rosterId: string, handoverAt: Date): string {
    return join(this.root, 'handover-notes', `${fileKey(rosterId)}.${handoverAt.getTime()}.json`);
  }

  async save(note: HandoverNote): Promise<void> {
    const path = this.path(note.rosterId, new Date(note.handoverAt));
    await this.writes.run(path, () => writeDocument(path, note));
  }

  async get(rosterId: string, handoverAt: Date): Promise<HandoverNote | undefined> {
    const path = this.path(rosterId, handoverAt);
    return (await this.writes.run(path, () => readDocument<HandoverNote>(path))) ?? undefined;
  }
}
