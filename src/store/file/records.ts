import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AcpRecord } from '../../domain/acpAccess.js';
import { StoredContactSchema, type ContactLogEntry } from '../../domain/contactLog.js';
import type { DeathRecord } from '../../domain/outcomes.js';
import { readNames, StoreCorruptError } from '../durableJsonFile.js';
import type { KeyedQueue } from '../keyedQueue.js';
import type {
  AcpRepository,
  CardHandleRepository,
  ChannelAddress,
  ChannelAddressRepository,
  ContactLogRepository,
  DeathRepository,
  ImportedRoster,
  RosterRepository,
} from '../store.js';
import { fileKey, ignoreMissing, listNames, monthOf, monthsBetween, readAll, readDocument, readDocumentsAtStart, writeDocument } from './documents.js';

/** The contact log: `contacts/<yyyy-mm>/<region>.<entry id>.json`, by the month the contact took place and region. */
export class FileContactLog implements ContactLogRepository {
  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
  ) {}

  private path(entry: ContactLogEntry): string {
    return join(this.root, 'contacts', monthOf(new Date(entry.occurredAt)), `${fileKey(entry.regionId)}.${fileKey(entry.id)}.json`);
  }

  async record(entries: readonly ContactLogEntry[]): Promise<void> {
    await Promise.all(
      entries.map((entry) => {
        const path = this.path(entry);
        return this.writes.run(path, () => writeDocument(path, entry));
      }),
    );
  }

  async tookPlaceBetween(from: Date, to: Date, regionId?: string): Promise<ContactLogEntry[]> {
    const paths: string[] = [];
    for (const month of monthsBetween(from, to)) {
      const directory = join(this.root, 'contacts', month);
      // The region is in the file name, so one region's figures never open another region's files.
      for (const name of await listNames(directory)) if (!regionId || name.startsWith(`${regionId}.`)) paths.push(join(directory, name));
    }
    const documents = await readAll<unknown>(paths);
    const entries: ContactLogEntry[] = [];
    documents.forEach((document, i) => {
      const parsed = StoredContactSchema.safeParse(document);
      if (!parsed.success) throw new StoreCorruptError(paths[i]!, 'geen geldige contactregistratie');
      const at = new Date(parsed.data.occurredAt);
      if (at >= from && at < to) entries.push(parsed.data);
    });
    return entries;
  }

  /**
   * Upgrades entries written before schema version 3, once, and moves each into the month in
   * which its contact took place; a marker file says it was done. The new file is written before
   * the old one goes, so a crash in between leaves the upgraded entry and a rerun finishes.
   */
  async migrate(): Promise<void> {
    const root = join(this.root, 'contacts');
    if ((await readNames(root)).includes(CONTACT_LOG_MIGRATED)) return;
    let migrated = 0;
    for (const month of await listNames(root)) {
      const paths = (await listNames(join(root, month))).map((name) => join(root, month, name));
      const documents = await readAll<{ schemaVersion?: unknown }>(paths);
      for (const [i, document] of documents.entries()) {
        if (!document || document.schemaVersion === 3) continue;
        const parsed = StoredContactSchema.safeParse(document);
        if (!parsed.success) throw new StoreCorruptError(paths[i]!, 'geen geldige contactregistratie');
        const target = this.path(parsed.data);
        await writeDocument(target, parsed.data);
        if (target !== paths[i]) await unlink(paths[i]!).catch(ignoreMissing);
        migrated++;
      }
    }
    await writeDocument(join(root, CONTACT_LOG_MIGRATED), { schemaVersion: 3, migrated });
  }
}

/** Written into contacts/ once every entry there is at schema version 3. */
const CONTACT_LOG_MIGRATED = '.schema-3.json';

/** Imported ACP summaries, `acp/<patient ref>.json`, read from disk: `npm run acp:import` writes them beside the bot. */
export class FileAcps implements AcpRepository {
  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
  ) {}

  async save(record: AcpRecord): Promise<void> {
    const path = this.path(record.patientRef);
    await this.writes.run(path, () => writeDocument(path, record));
  }

  async get(patientRef: string): Promise<AcpRecord | undefined> {
    const path = this.path(patientRef);
    return (await this.writes.run(path, () => readDocument<AcpRecord>(path))) ?? undefined;
  }

  async getMany(patientRefs: readonly string[]): Promise<Map<string, AcpRecord>> {
    // Read from disk like `get`: `npm run acp:import` writes beside the bot. Most patients have none.
    const records = await readAll<AcpRecord>(patientRefs.map((patientRef) => this.path(patientRef)));
    return new Map(records.filter((record): record is AcpRecord => record !== null).map((record) => [record.patientRef, record]));
  }

  async purgeImportedBefore(cutoff: Date): Promise<number> {
    let purged = 0;
    for (const name of await listNames(join(this.root, 'acp'))) {
      const path = join(this.root, 'acp', name);
      await this.writes.run(path, async () => {
        const record = await readDocument<AcpRecord>(path);
        if (!record || new Date(record.importedAt) >= cutoff) return;
        await unlink(path).catch(ignoreMissing);
        purged++;
      });
    }
    return purged;
  }

  private path(patientRef: string): string {
    return join(this.root, 'acp', `${fileKey(patientRef)}.json`);
  }
}

/** Registered deaths, `deaths/<patient ref>.json`; only the bot registers them, so memory holds them too. */
export class FileDeaths implements DeathRepository {
  private readonly byPatient = new Map<string, DeathRecord>();

  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
  ) {}

  async load(): Promise<void> {
    const folder = join(this.root, 'deaths');
    const records = readDocumentsAtStart<DeathRecord>((await listNames(folder)).map((name) => join(folder, name)));
    for (const record of records) if (record) this.byPatient.set(record.patientRef, record);
  }

  async record(record: DeathRecord): Promise<void> {
    const path = join(this.root, 'deaths', `${fileKey(record.patientRef)}.json`);
    await this.writes.run(path, () => writeDocument(path, record));
    this.byPatient.set(record.patientRef, record);
  }

  async inRegion(regionId: string): Promise<DeathRecord[]> {
    return [...this.byPatient.values()].filter((record) => record.regionId === regionId);
  }

  async diedBetween(regionId: string, fromDate: string, toDate: string): Promise<DeathRecord[]> {
    return (await this.inRegion(regionId)).filter((record) => record.dateOfDeath >= fromDate && record.dateOfDeath <= toDate);
  }
}

/** The latest .ics import per roster, `rosters/<roster id>.json`, written by `npm run roster:import` beside the bot. */
export class FileRosters implements RosterRepository {
  /** Parsed imports by file stamp, so an unchanged import is not parsed again. */
  private readonly parsed = new Map<string, { stamp: string; roster: ImportedRoster }>();

  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
  ) {}

  async imported(rosterId: string): Promise<ImportedRoster | undefined> {
    const path = this.path(rosterId);
    const stamp = await stampOf(path);
    if (!stamp) return undefined;
    const known = this.parsed.get(rosterId);
    if (known?.stamp === stamp) return known.roster;
    const roster = await this.writes.run(path, () => readDocument<ImportedRoster>(path));
    if (!roster) return undefined;
    this.parsed.set(rosterId, { stamp, roster });
    return roster;
  }

  async save(imported: ImportedRoster): Promise<void> {
    const path = this.path(imported.rosterId);
    await this.writes.run(path, () => writeDocument(path, imported));
  }

  async stamps(): Promise<Map<string, string>> {
    const stamps = new Map<string, string>();
    for (const name of await listNames(join(this.root, 'rosters'))) {
      const stamp = await stampOf(join(this.root, 'rosters', name));
      if (stamp) stamps.set(name.replace(/\.json$/, ''), stamp);
    }
    return stamps;
  }

  private path(rosterId: string): string {
    return join(this.root, 'rosters', `${fileKey(rosterId)}.json`);
  }
}

/** A file's modification time and size: a rename over it (every write) changes it. */
async function stampOf(path: string): Promise<string | undefined> {
  try {
    const { mtimeMs, size, ino } = await stat(path);
    return `${mtimeMs}:${size}:${ino}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** `channel-addresses.json`: one entry per person the bot can reach; only the bot writes it. */
export class FileChannelAddresses implements ChannelAddressRepository {
  private addresses: Record<string, ChannelAddress> = {};

  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
  ) {}

  async load(): Promise<void> {
    this.addresses = (await readDocument<Record<string, ChannelAddress>>(this.path)) ?? {};
  }

  async get(personId: string): Promise<ChannelAddress | undefined> {
    return Object.hasOwn(this.addresses, personId) ? this.addresses[personId] : undefined;
  }

  async getMany(personIds: readonly string[]): Promise<Map<string, ChannelAddress>> {
    return new Map(personIds.filter((personId) => Object.hasOwn(this.addresses, personId)).map((personId) => [personId, this.addresses[personId]!]));
  }

  async save(personId: string, address: ChannelAddress): Promise<void> {
    await this.writes.run(this.path, async () => {
      const next = { ...this.addresses, [personId]: address };
      await writeDocument(this.path, next);
      this.addresses = next;
    });
  }

  private get path(): string {
    return join(this.root, 'channel-addresses.json');
  }
}

/** `cards/<object id>.json`: where each person's card for a consult or meeting was posted. */
export class FileCardHandles implements CardHandleRepository {
  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
  ) {}

  async get(objectId: string): Promise<Record<string, string>> {
    const path = this.path(objectId);
    return (await this.writes.run(path, () => readDocument<Record<string, string>>(path))) ?? {};
  }

  async save(objectId: string, personId: string, handle: string): Promise<void> {
    const path = this.path(objectId);
    await this.writes.run(path, async () => {
      const handles = (await readDocument<Record<string, string>>(path)) ?? {};
      await writeDocument(path, { ...handles, [personId]: handle });
    });
  }

  path(objectId: string): string {
    return join(this.root, 'cards', `${fileKey(objectId)}.json`);
  }
}
