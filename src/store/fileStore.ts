import { access, constants, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FileActivityClaims } from './activityClaims.js';
import { FileConsults } from './file/consults.js';
import { removeAbandonedTemporaryFiles } from './file/documents.js';
import { FileMdo } from './file/mdo.js';
import { FileMdoChannels } from './file/mdoChannels.js';
import { FileAcps, FileCardHandles, FileChannelAddresses, FileContactLog, FileDeaths, FileRosters } from './file/records.js';
import { KeyedQueue } from './keyedQueue.js';
import type { Repositories, Storage } from './store.js';

/**
 * The embedded store: lowdb documents on disk, one file per record, partitioned by month.
 *
 *   consults/open/<ref>.<id>.json             consults still in progress (loaded at start)
 *   consults/closed/<yyyy-mm>/<ref>.<id>.json  finished consults, by month of closing
 *   contacts/<yyyy-mm>/<region>.<entry id>.json the contact log, by month the contact took place and region
 *   cards/<consult id>.json                    where each person's card for a consult lives
 *   rosters/<roster id>.json                   the latest .ics import for a roster
 *   deaths/<patient ref>.json                  registered deaths, for the KPIs (kept in memory)
 *   acp/<patient ref>.json                     imported ACP summaries
 *   mdo/series/<series id>.json                MDO series planned in chat (kept in memory)
 *   mdo/meetings/<meeting id>.json             MDO meetings with agenda and outcomes (kept in memory)
 *   mdo/channels/<kernteam id>.json            the Teams channel a kernteam holds its MDO threads in
 *   mdo/threads/<meeting id>.json              where a meeting's thread starts (and mdo/thread-roots/ to find it back)
 *   channel-addresses.json                     one entry per person the bot can reach (kept in memory)
 *   activities/<2 hex>/<hash>.json             claims of inbound activities, so each is handled once
 *
 * A write touches one small file, so its cost does not grow with history. Memory holds only what
 * the bot alone writes; what a command-line tool writes beside it (ACPs, roster imports, purged
 * consults, card handles) is read from disk each time. One process serves one folder.
 */
export class FileStore implements Storage {
  readonly kind = 'file';
  readonly consults: FileConsults;
  readonly contacts: FileContactLog;
  readonly acps: FileAcps;
  readonly deaths: FileDeaths;
  readonly mdo: FileMdo;
  readonly mdoChannels: FileMdoChannels;
  readonly rosters: FileRosters;
  readonly channelAddresses: FileChannelAddresses;
  readonly cardHandles: FileCardHandles;
  readonly activities: FileActivityClaims;

  private constructor(private readonly root: string) {
    const writes = new KeyedQueue();
    this.cardHandles = new FileCardHandles(root, writes);
    this.consults = new FileConsults(root, writes, (objectId) => this.cardHandles.path(objectId));
    this.contacts = new FileContactLog(root, writes);
    this.acps = new FileAcps(root, writes);
    this.deaths = new FileDeaths(root, writes);
    this.mdo = new FileMdo(root, writes);
    this.mdoChannels = new FileMdoChannels(root, writes);
    this.rosters = new FileRosters(root, writes);
    this.channelAddresses = new FileChannelAddresses(root, writes);
    this.activities = new FileActivityClaims(join(root, 'activities'));
  }

  static async open(root: string): Promise<FileStore> {
    await mkdir(root, { recursive: true });
    const store = new FileStore(root);
    for (const folder of [['consults', 'open'], ['deaths'], ['acp'], ['rosters'], ['mdo', 'series'], ['mdo', 'meetings'], ['mdo', 'channels'], ['mdo', 'threads'], ['mdo', 'thread-roots'], ['cards'], []]) {
      await removeAbandonedTemporaryFiles(join(root, ...folder));
    }
    await store.contacts.migrate();
    await store.channelAddresses.load();
    await store.deaths.load();
    await store.mdo.load();
    await store.consults.load();
    return store;
  }

  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    return work(this);
  }

  async reachable(): Promise<boolean> {
    return access(this.root, constants.W_OK).then(
      () => true,
      () => false,
    );
  }

  async close(): Promise<void> {}
}
