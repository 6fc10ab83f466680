import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { isOpen, type Consult } from '../domain/consult.js';
import { StoredContactSchema, type ContactLogEntry } from '../domain/contactLog.js';
import { DurableJsonFile, readNames, StoreCorruptError } from './durableJsonFile.js';
import { KeyedQueue } from './keyedQueue.js';
import type { AcpRecord } from '../domain/acpAccess.js';
import type { MdoMeeting, MdoSeries } from '../domain/mdo.js';
import type { DeathRecord } from '../domain/outcomes.js';
import type { Shift } from '../domain/roster.js';
import type { ChannelAddress, ImportedRoster, Store } from './store.js';

/**
 * The embedded store: lowdb documents on disk, one file per record, partitioned by month.
 *
 *   consults/open/<ref>.<id>.json             consults still in progress (loaded at start)
 *   consults/closed/<yyyy-mm>/<ref>.<id>.json  finished consults, by month of closing
 *   contacts/<yyyy-mm>/<region>.<entry id>.json the contact log, by month the contact took place and region
 *   cards/<consult id>.json                    where each person's card for a consult lives
 *   rosters/<roster id>.json                   the latest .ics import for a roster
 *   deaths/<patient ref>.json                  registered deaths, for the KPIs (kept in memory)
 *   acp/<patient ref>.json                     imported ACP summaries (kept in memory)
 *   mdo/series/<series id>.json                MDO series planned in chat (kept in memory)
 *   mdo/meetings/<meeting id>.json              MDO meetings with agenda and outcomes (kept in memory)
 *   channel-addresses.json                     one entry per person the bot can reach
 *
 * A write touches one small file, so its cost does not grow with history.
 */
export class FileStore implements Store {
  private readonly open = new Map<string, Consult>();
  private readonly closedLocation = new Map<string, string>();
  private readonly idByRef = new Map<string, string>();
  private readonly writes = new KeyedQueue();
  private readonly addresses: Low<Record<string, ChannelAddress>>;
  private readonly imports = new Map<string, { mtimeMs: number; roster: ImportedRoster }>();
  private readonly deathsByPatient = new Map<string, DeathRecord>();
  private readonly acpByPatient = new Map<string, AcpRecord>();
  private readonly seriesById = new Map<string, MdoSeries>();
  private readonly meetingsById = new Map<string, MdoMeeting>();
  private readonly meetingIdByRef = new Map<string, string>();

  private constructor(private readonly root: string) {
    this.addresses = new Low(new DurableJsonFile(join(root, 'channel-addresses.json')), {});
  }

  static async open(root: string): Promise<FileStore> {
    const store = new FileStore(root);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    // A crash mid-write leaves a temporary file that was never renamed into place: never acknowledged, so it goes.
    for (const folder of [['consults', 'open'], ['deaths'], ['acp'], ['rosters'], ['mdo', 'series'], ['mdo', 'meetings'], ['cards'], []]) {
      await removeTemporaryFiles(join(this.root, ...folder));
    }
    await this.addresses.read();
    await this.reloadImportedRosters();
    await this.migrateContactLog();
    const folder = async (name: string) => (await listNames(join(this.root, name))).map((file) => join(this.root, name, file));
    for (const record of await readAll<DeathRecord>(await folder('deaths'))) if (record) this.deathsByPatient.set(record.patientRef, record);
    for (const record of await readAll<AcpRecord>(await folder('acp'))) if (record) this.acpByPatient.set(record.patientRef, record);
    for (const series of await readAll<MdoSeries>(await folder(join('mdo', 'series')))) if (series) this.seriesById.set(series.id, series);
    for (const meeting of await readAll<MdoMeeting>(await folder(join('mdo', 'meetings')))) {
      if (!meeting) continue;
      this.meetingsById.set(meeting.id, meeting);
      this.meetingIdByRef.set(meeting.ref, meeting.id);
    }
    for (const month of await listNames(join(this.root, 'consults', 'closed'))) {
      for (const name of await listNames(join(this.root, 'consults', 'closed', month))) {
        const key = parseRecordName(name);
        if (!key) continue;
        this.closedLocation.set(key.id, join(this.root, 'consults', 'closed', month, name));
        this.idByRef.set(key.ref, key.id);
      }
    }
    const openPaths: string[] = [];
    for (const name of await listNames(join(this.root, 'consults', 'open'))) {
      const key = parseRecordName(name);
      if (!key) continue;
      const path = join(this.root, 'consults', 'open', name);
      // A crash between writing the closed copy and removing the open one leaves both.
      if (this.closedLocation.has(key.id)) await unlink(path);
      else openPaths.push(path);
    }
    for (const consult of await readAll<Consult>(openPaths)) {
      if (!consult) continue;
      this.open.set(consult.id, consult);
      this.idByRef.set(consult.ref, consult.id);
    }
  }

  async insertConsult(consult: Consult): Promise<void> {
    if (this.open.has(consult.id) || this.idByRef.has(consult.ref)) throw new Error(`consult ${consult.ref} already exists`);
    this.open.set(consult.id, consult);
    this.idByRef.set(consult.ref, consult.id);
    await this.writes.run(consult.id, () => writeDocument(this.openPath(consult), consult));
  }

  async replaceConsult(next: Consult): Promise<boolean> {
    const current = this.open.get(next.id);
    if (!current || current.version !== next.version - 1) return false;
    if (isOpen(next)) {
      this.open.set(next.id, next);
      await this.writes.run(next.id, () => writeDocument(this.openPath(next), next));
      return true;
    }
    this.open.delete(next.id);
    const closedPath = join(this.root, 'consults', 'closed', monthOf(new Date(next.closedAt ?? Date.now())), recordName(next));
    this.closedLocation.set(next.id, closedPath);
    await this.writes.run(next.id, async () => {
      await writeDocument(closedPath, next);
      await unlink(this.openPath(next)).catch(ignoreMissing);
    });
    return true;
  }

  async consult(id: string): Promise<Consult | undefined> {
    const open = this.open.get(id);
    if (open) return open;
    const path = this.closedLocation.get(id);
    return path ? ((await this.writes.run(id, () => readDocument<Consult>(path))) ?? undefined) : undefined;
  }

  async consultByRef(ref: string): Promise<Consult | undefined> {
    const id = this.idByRef.get(ref);
    return id ? this.consult(id) : undefined;
  }

  isRefTaken(ref: string): boolean {
    return this.idByRef.has(ref);
  }

  openConsults(): Consult[] {
    return [...this.open.values()];
  }

  async consultsRequestedBetween(from: Date, to: Date): Promise<Consult[]> {
    const inRange = (c: Consult) => {
      const t = Date.parse(c.createdAt);
      return t >= from.getTime() && t < to.getTime();
    };
    const found = this.openConsults().filter(inRange);
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
      if (month > cutoff.toISOString().slice(0, 7)) continue;
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

  private contactPath(entry: ContactLogEntry): string {
    return join(this.root, 'contacts', monthOf(new Date(entry.occurredAt)), `${entry.regionId}.${entry.id}.json`);
  }

  async recordContacts(entries: ContactLogEntry[]): Promise<void> {
    await Promise.all(
      entries.map((entry) => {
        const path = this.contactPath(entry);
        return this.writes.run(path, () => writeDocument(path, entry));
      }),
    );
  }

  /**
   * Upgrades entries written before schema version 3, once, and moves each into the month in
   * which its contact took place; a marker file says it was done. The new file is written before
   * the old one goes, so a crash in between leaves the upgraded entry and a rerun finishes.
   */
  private async migrateContactLog(): Promise<void> {
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
        const target = this.contactPath(parsed.data);
        await writeDocument(target, parsed.data);
        if (target !== paths[i]) await unlink(paths[i]!).catch(ignoreMissing);
        migrated++;
      }
    }
    await writeDocument(join(root, CONTACT_LOG_MIGRATED), { schemaVersion: 3, migrated });
  }

  /** Contacts that took place in [from, to), of one region when `regionId` is given. */
  async contactsBetween(from: Date, to: Date, regionId?: string): Promise<ContactLogEntry[]> {
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

  async saveAcp(record: AcpRecord): Promise<void> {
    const path = join(this.root, 'acp', `${record.patientRef}.json`);
    await this.writes.run(path, () => writeDocument(path, record));
    this.acpByPatient.set(record.patientRef, record);
  }

  acp(patientRef: string): AcpRecord | undefined {
    return this.acpByPatient.get(patientRef);
  }

  async purgeAcpImportedBefore(cutoff: Date): Promise<number> {
    let purged = 0;
    for (const record of [...this.acpByPatient.values()]) {
      if (new Date(record.importedAt) >= cutoff) continue;
      const path = join(this.root, 'acp', `${record.patientRef}.json`);
      await this.writes.run(path, () => unlink(path).catch(ignoreMissing));
      this.acpByPatient.delete(record.patientRef);
      purged++;
    }
    return purged;
  }

  async recordDeath(record: DeathRecord): Promise<void> {
    const path = join(this.root, 'deaths', `${record.patientRef}.json`);
    await this.writes.run(path, () => writeDocument(path, record));
    this.deathsByPatient.set(record.patientRef, record);
  }

  deaths(): DeathRecord[] {
    return [...this.deathsByPatient.values()];
  }

  channelAddress(personId: string): ChannelAddress | undefined {
    return this.addresses.data[personId];
  }

  async saveChannelAddress(personId: string, address: ChannelAddress): Promise<void> {
    this.addresses.data[personId] = address;
    await this.writes.run('channel-addresses', () => this.addresses.write());
  }

  importedShifts(rosterId: string): Shift[] {
    return this.imports.get(rosterId)?.roster.shifts ?? [];
  }

  async saveImportedRoster(imported: ImportedRoster): Promise<void> {
    const path = join(this.root, 'rosters', `${imported.rosterId}.json`);
    await this.writes.run(path, () => writeDocument(path, imported));
    this.imports.set(imported.rosterId, { mtimeMs: (await stat(path)).mtimeMs, roster: imported });
  }

  async reloadImportedRosters(): Promise<string[]> {
    const changed: string[] = [];
    for (const name of await listNames(join(this.root, 'rosters'))) {
      const path = join(this.root, 'rosters', name);
      const { mtimeMs } = await stat(path);
      const rosterId = name.replace(/\.json$/, '');
      if (this.imports.get(rosterId)?.mtimeMs === mtimeMs) continue;
      const roster = await readDocument<ImportedRoster>(path);
      if (!roster) continue;
      this.imports.set(rosterId, { mtimeMs, roster });
      changed.push(rosterId);
    }
    return changed;
  }

  async cardHandles(objectId: string): Promise<Record<string, string>> {
    const path = this.cardsPath(objectId);
    return (await this.writes.run(path, () => readDocument<Record<string, string>>(path))) ?? {};
  }

  async saveCardHandle(objectId: string, personId: string, handle: string): Promise<void> {
    const path = this.cardsPath(objectId);
    await this.writes.run(path, async () => {
      const handles = (await readDocument<Record<string, string>>(path)) ?? {};
      await writeDocument(path, { ...handles, [personId]: handle });
    });
  }

  mdoSeries(): MdoSeries[] {
    return [...this.seriesById.values()];
  }

  async saveMdoSeries(series: MdoSeries): Promise<void> {
    const path = join(this.root, 'mdo', 'series', `${series.id}.json`);
    await this.writes.run(path, () => writeDocument(path, series));
    this.seriesById.set(series.id, series);
  }

  async insertMeeting(meeting: MdoMeeting): Promise<MdoMeeting> {
    const existing = this.meetingsById.get(meeting.id);
    if (existing) return existing;
    if (this.meetingIdByRef.has(meeting.ref)) throw new Error(`meeting ref ${meeting.ref} already exists`);
    this.meetingsById.set(meeting.id, meeting);
    this.meetingIdByRef.set(meeting.ref, meeting.id);
    await this.writes.run(meeting.id, () => writeDocument(this.meetingPath(meeting.id), meeting));
    return meeting;
  }

  async replaceMeeting(next: MdoMeeting): Promise<boolean> {
    const current = this.meetingsById.get(next.id);
    if (!current || current.version !== next.version - 1) return false;
    this.meetingsById.set(next.id, next);
    await this.writes.run(next.id, () => writeDocument(this.meetingPath(next.id), next));
    return true;
  }

  meeting(id: string): MdoMeeting | undefined {
    return this.meetingsById.get(id);
  }

  meetingByRef(ref: string): MdoMeeting | undefined {
    const id = this.meetingIdByRef.get(ref);
    return id ? this.meetingsById.get(id) : undefined;
  }

  meetings(): MdoMeeting[] {
    return [...this.meetingsById.values()];
  }

  private meetingPath(meetingId: string): string {
    return join(this.root, 'mdo', 'meetings', `${meetingId}.json`);
  }

  private openPath(consult: Consult): string {
    return join(this.root, 'consults', 'open', recordName(consult));
  }

  private cardsPath(consultId: string): string {
    return join(this.root, 'cards', `${consultId}.json`);
  }
}

const recordName = (consult: Consult): string => `${consult.ref}.${consult.id}.json`;

function parseRecordName(name: string): { ref: string; id: string } | undefined {
  const match = /^(C-[0-9A-Z]{4})\.([0-9a-f-]{36})\.json$/.exec(name);
  return match ? { ref: match[1]!, id: match[2]! } : undefined;
}

const READ_CONCURRENCY = 32;
/** Marks a contact log upgraded to schema version 3; hidden, so it is never read as a month. */
const CONTACT_LOG_MIGRATED = '.schema-3.json';

/** Reads many documents a bounded number at a time: one by one, each read waits on the disk in turn. */
async function readAll<T>(paths: readonly string[]): Promise<(T | null)[]> {
  const results: (T | null)[] = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < paths.length; i = next++) results[i] = await readDocument<T>(paths[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, worker));
  return results;
}

async function readDocument<T>(path: string): Promise<T | null> {
  return new DurableJsonFile<T>(path).read();
}

async function writeDocument<T>(path: string, data: T): Promise<void> {
  const document = new Low<T>(new DurableJsonFile<T>(path), data);
  await document.write();
}

async function listNames(directory: string): Promise<string[]> {
  return (await readNames(directory)).filter((name) => !name.startsWith('.')).sort();
}

async function removeTemporaryFiles(directory: string): Promise<void> {
  for (const name of await readNames(directory)) if (/^\..+\.tmp$/.test(name)) await unlink(join(directory, name)).catch(ignoreMissing);
}

const ignoreMissing = (error: NodeJS.ErrnoException): void => {
  if (error.code !== 'ENOENT') throw error;
};

function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

function monthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (cursor < to) {
    months.push(monthOf(cursor));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}
