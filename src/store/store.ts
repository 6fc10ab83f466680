import type { Consult } from '../domain/consult.js';
import type { ContactLogEntry } from '../domain/contactLog.js';

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

  /** Idempotent per entry id. */
  recordContacts(entries: ContactLogEntry[]): Promise<void>;
  contactsRecordedBetween(from: Date, to: Date): Promise<ContactLogEntry[]>;

  channelAddress(personId: string): ChannelAddress | undefined;
  saveChannelAddress(personId: string, address: ChannelAddress): Promise<void>;

  /** Where each person's card for a consult was posted, so it can be updated in place. */
  cardHandles(consultId: string): Promise<Record<string, string>>;
  saveCardHandle(consultId: string, personId: string, handle: string): Promise<void>;
}
