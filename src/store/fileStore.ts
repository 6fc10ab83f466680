import { access, constants, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FileActivityClaims } from './activityClaims.js';
import { FileConsults } from './file/consults.js';
import { removeAbandonedTemporaryFiles } from './file/documents.js';
import { FileDownloads } from './file/downloads.js';
import { FileMdo } from './file/mdo.js';
import { FileMdoChannels } from './file/mdoChannels.js';
import { FileAcps, FileCardHandles, FileChannelAddresses, FileContactLog, FileDeaths, FileRosters } from './file/records.js';
import { FileJobs } from './file/jobs.js';
import { FileAbsences, FileHandoverNotes, FileSwaps } from './file/rosterChanges.js';
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
 *   absences/<id>.json                         absences said in chat, with their replacement
 *   swaps/<id>.json                            shift swaps proposed in chat; approved ones are overrides
 *   handover-notes/<roster>.<instant>.json     notes for the next hand-over of a roster
 *   activities/<2 hex>/<hash>.json             claims of inbound activities, so each is handled once
 *   jobs/<job id>.json                         jobs not yet done: due steps, messages to deliver (kept in memory)
 *   exports/<file id>.json                     exports waiting to be fetched through a download link
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
  readonly absences: FileAbsences;
  readonly swaps: FileSwaps;
  readonly handoverNotes: FileHandoverNotes;
  readonly jobs: FileJobs;
  readonly jobRunner: FileJobs;
  readonly downloads: FileDownloads;

  private constructor(
    private readonly root: string,
    clock: () => Date,
  ) {
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
    this.absences = new FileAbsences(root, writes);
    this.swaps = new FileSwaps(root, writes);
    this.handoverNotes = new FileHandoverNotes(root, writes);
    this.jobs = new FileJobs(root, writes, clock);
    this.jobRunner = this.jobs;
    this.downloads = new FileDownloads(join(root, 'exports'));
  }

  /** `clock` says when a job is due (the bot's clock, which tests set). */
  static async open(root: string, clock: () => Date = () => new Date()): Promise<FileStore> {
    await mkdir(root, { recursive: true });
    const store = new FileStore(root, clock);
    for (const folder of [['consults', 'open'], ['deaths'], ['exports'], ['acp'], ['rosters'], ['mdo', 'series'], ['mdo', 'meetings'], ['mdo', 'channels'], ['mdo', 'threads'], ['mdo', 'thread-roots'], ['cards'], ['jobs'], ['absences'], ['swaps'], ['handover-notes'], []]) {
      await removeAbandonedTemporaryFiles(join(root, ...folder));
    }
    await store.contacts.migrate();
    // What memory holds is read synchronously (readDocumentsAtStart): nothing is served before open returns.
    await store.channelAddresses.load();
    await store.deaths.load();
    await store.mdo.load();
    await store.consults.load();
    await store.jobs.load();
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

  async close(): Promise<void> {
    await this.jobRunner.stop();
  }
}
