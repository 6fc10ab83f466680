import type { Consult } from '../domain/consult.js';
import type { ContactLogEntry } from '../domain/contactLog.js';
import type { AcpRecord } from '../domain/acpAccess.js';
import type { DeathRecord } from '../domain/outcomes.js';
import type { MdoMeeting, MdoSeries } from '../domain/mdo.js';
import type { Shift } from '../domain/roster.js';

/** Shifts imported from a scheduling tool's .ics for one roster, replacing the previous import. */
export interface ImportedRoster {
  rosterId: string;
  importedAt: string;
  source: string;
  shifts: Shift[];
}

/** How a messenger adapter reaches a person again later; the store keeps it as opaque JSON. */
export type ChannelAddress = Record<string, unknown>;

/**
 * Everything the bot persists. Each method resolves only once the data is durable, so a caller
 * may acknowledge to a user after `await`.
 */
export interface Store {
  insertConsult(consult: Consult): Promise<void>;
  /** Compare-and-set: stores `next` only if the stored consult is at `next.version - 1`. */
  replaceConsult(next: Consult): Promise<boolean>;
  consult(id: string): Promise<Consult | undefined>;
  consultByRef(ref: string): Promise<Consult | undefined>;
  isRefTaken(ref: string): boolean;
  openConsults(): Consult[];
  /** Every consult, open or finished, requested in [from, to). */
  consultsRequestedBetween(from: Date, to: Date): Promise<Consult[]>;

  /** Applies `purge` to every finished consult closed before `cutoff` that was not purged yet; returns how many. */
  purgeClosedBefore(cutoff: Date, purge: (consult: Consult) => Consult): Promise<number>;

  /** Idempotent per entry id. */
  recordContacts(entries: ContactLogEntry[]): Promise<void>;
  /** Contacts that took place in [from, to) (their `occurredAt`), of one region when `regionId` is given. */
  contactsBetween(from: Date, to: Date, regionId?: string): Promise<ContactLogEntry[]>;

  /** The ACP for a patient; a new import replaces the previous one. */
  saveAcp(record: AcpRecord): Promise<void>;
  acp(patientRef: string): AcpRecord | undefined;
  /** Removes ACP summaries imported before `cutoff`; the source stays in the GP's own record. Returns how many. */
  purgeAcpImportedBefore(cutoff: Date): Promise<number>;

  /** One registration per patient; registering again replaces it (a correction). */
  recordDeath(record: DeathRecord): Promise<void>;
  deaths(): DeathRecord[];

  channelAddress(personId: string): ChannelAddress | undefined;
  saveChannelAddress(personId: string, address: ChannelAddress): Promise<void>;

  importedShifts(rosterId: string): Shift[];
  saveImportedRoster(imported: ImportedRoster): Promise<void>;
  /** Re-reads imports written by another process (the command-line import); returns the changed roster ids. */
  reloadImportedRosters(): Promise<string[]>;

  /** Where each person's card for a consult or MDO meeting was posted, so it can be updated in place. */
  cardHandles(objectId: string): Promise<Record<string, string>>;
  saveCardHandle(objectId: string, personId: string, handle: string): Promise<void>;

  /** MDO series planned in chat (series from the configuration are not stored). */
  mdoSeries(): MdoSeries[];
  saveMdoSeries(series: MdoSeries): Promise<void>;
  /** Stores a meeting unless one with its id exists; resolves to whichever is stored. */
  insertMeeting(meeting: MdoMeeting): Promise<MdoMeeting>;
  /** Compare-and-set: stores `next` only if the stored meeting is at `next.version - 1`. */
  replaceMeeting(next: MdoMeeting): Promise<boolean>;
  meeting(id: string): MdoMeeting | undefined;
  meetingByRef(ref: string): MdoMeeting | undefined;
  meetings(): MdoMeeting[];
}
