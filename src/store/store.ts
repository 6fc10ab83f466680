import type { Consult } from '../domain/consult.js';
import type { ContactLogEntry } from '../domain/contactLog.js';
import type { AcpRecord } from '../domain/acpAccess.js';
import type { DeathRecord } from '../domain/outcomes.js';
import type { MdoMeeting } from '../domain/mdo.js';
import type { MdoSeries } from '../domain/mdoSeries.js';
import type { Shift } from '../domain/roster.js';
import type { Absence } from '../domain/absence.js';
import type { Swap } from '../domain/swap.js';
import type { JobRunner, JobScheduler } from '../jobs/jobs.js';

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
 * What an idempotent insert did: stored it, found the same record already stored (a retry or a
 * double submit), or found its short reference taken by another record (draw a new one).
 */
export type Insertion<T> = { outcome: 'inserted' | 'existing'; record: T } | { outcome: 'ref-taken' };

/**
 * The storage contract: one small repository per aggregate. Every method resolves only once the
 * data is durable, so a caller may acknowledge to a user after `await`; and every read goes to
 * the store, so a change by another process (a command-line tool, another instance) is seen.
 */
export interface ConsultRepository {
  /** Inserts unless a consult with this id, or an open one from the same requester's same form, exists. */
  insert(consult: Consult): Promise<Insertion<Consult>>;
  /** Compare-and-set: stores `next` only if the stored consult is open and at `next.version - 1`. */
  replace(next: Consult): Promise<boolean>;
  get(id: string): Promise<Consult | undefined>;
  byRef(ref: string): Promise<Consult | undefined>;
  /** The open consult a requester made with this form, so a resubmitted form makes no second one. */
  openByForm(requesterId: string, formId: string): Promise<Consult | undefined>;
  open(): Promise<Consult[]>;
  /** Every consult, open or finished, requested in [from, to); of these sub-regions only, when given. */
  requestedBetween(from: Date, to: Date, subRegionIds?: readonly string[]): Promise<Consult[]>;
  /** Applies `purge` to every finished consult closed before `cutoff` that was not purged yet, and drops its card handles; returns how many. */
  purgeClosedBefore(cutoff: Date, purge: (consult: Consult) => Consult): Promise<number>;
}

export interface ContactLogRepository {
  /** Idempotent per entry id. */
  record(entries: readonly ContactLogEntry[]): Promise<void>;
  /** Contacts that took place in [from, to) (their `occurredAt`), of one region when `regionId` is given. */
  tookPlaceBetween(from: Date, to: Date, regionId?: string): Promise<ContactLogEntry[]>;
}

export interface AcpRepository {
  /** The ACP for a patient; a new import replaces the previous one. */
  save(record: AcpRecord): Promise<void>;
  get(patientRef: string): Promise<AcpRecord | undefined>;
  /** The ACPs of those of these patients that have one, in one read (the statistics ask for thousands). */
  getMany(patientRefs: readonly string[]): Promise<Map<string, AcpRecord>>;
  /** Removes ACP summaries imported before `cutoff`; the source stays in the GP's own record. Returns how many. */
  purgeImportedBefore(cutoff: Date): Promise<number>;
}

export interface DeathRepository {
  /** One registration per patient; registering again replaces it (a correction). */
  record(record: DeathRecord): Promise<void>;
  inRegion(regionId: string): Promise<DeathRecord[]>;
  /** The region's deaths with a date of death from `fromDate` to `toDate` (local dates, both included). */
  diedBetween(regionId: string, fromDate: string, toDate: string): Promise<DeathRecord[]>;
}

export interface MdoRepository {
  /** MDO series planned in chat (series from the configuration are not stored). */
  series(): Promise<MdoSeries[]>;
  /** Stores a series unless one with its id exists; resolves to whichever is stored. */
  insertSeries(series: MdoSeries): Promise<MdoSeries>;
  /** Stores a meeting unless one with its id exists. */
  insertMeeting(meeting: MdoMeeting): Promise<Insertion<MdoMeeting>>;
  /** Compare-and-set: stores `next` only if the stored meeting is at `next.version - 1`. */
  replaceMeeting(next: MdoMeeting): Promise<boolean>;
  meeting(id: string): Promise<MdoMeeting | undefined>;
  meetingByRef(ref: string): Promise<MdoMeeting | undefined>;
  /** Meetings that end after `endingAfter` (all of them without it). */
  meetings(endingAfter?: Date): Promise<MdoMeeting[]>;
}

/** The Teams channel a kernteam holds its MDO threads in, as its chair or an admin linked it. */
export interface MdoChannelLink {
  kernteamId: string;
  teamId: string;
  channelId: string;
  /** How the bot posts into the channel: a conversation reference, kept as opaque JSON. */
  address: ChannelAddress;
  /** The kernteam's members found in the channel's roster when it was linked; the others keep their 1:1 cards. */
  memberIds: string[];
  linkedBy: string;
  linkedAt: string;
}

/** The thread of one meeting: the message in the channel that holds its card and starts the discussion. */
export interface MdoThread {
  meetingId: string;
  channelId: string;
  activityId: string;
}

export interface MdoChannelRepository {
  /** Links a kernteam to a channel, replacing its earlier link. */
  saveLink(link: MdoChannelLink): Promise<void>;
  link(kernteamId: string): Promise<MdoChannelLink | undefined>;
  linkOfChannel(channelId: string): Promise<MdoChannelLink | undefined>;
  /** Remembers a meeting's thread; a meeting keeps its first thread. */
  saveThread(thread: MdoThread): Promise<void>;
  thread(meetingId: string): Promise<MdoThread | undefined>;
  /** The thread whose first message is `activityId` in `channelId`, so replies in it are known as the meeting's discussion. */
  threadByRoot(channelId: string, activityId: string): Promise<MdoThread | undefined>;
}

export interface RosterRepository {
  imported(rosterId: string): Promise<ImportedRoster | undefined>;
  save(imported: ImportedRoster): Promise<void>;
  /** A stamp per imported roster that changes with every import, so a reader can tell which to re-read. */
  stamps(): Promise<Map<string, string>>;
}

/** Absences said in chat ("afwezig tot …"); ending one early stores it again with `endedAt`. */
export interface AbsenceRepository {
  /** Stores the absence, or replaces the one with its id. */
  save(absence: Absence): Promise<void>;
  /** Absences that still hold, or are yet to start, after `instant`. */
  endingAfter(instant: Date): Promise<Absence[]>;
}

/** Shift swaps proposed in chat. */
export interface SwapRepository {
  /** Stores a swap unless one with its id exists. */
  insert(swap: Swap): Promise<void>;
  /** Compare-and-set: stores `next` only if the stored swap is at `next.version - 1`. */
  replace(next: Swap): Promise<boolean>;
  get(id: string): Promise<Swap | undefined>;
  /** Approved swaps whose shift ends after `instant`: the roster overrides in force. */
  approvedEndingAfter(instant: Date): Promise<Swap[]>;
}

/** What an outgoing specialist leaves for the next hand-over of a roster ("overdracht: …"). */
export interface HandoverNote {
  rosterId: string;
  /** The hand-over it is for. */
  handoverAt: string;
  authorId: string;
  text: string;
  writtenAt: string;
}

export interface HandoverNoteRepository {
  /** One note per roster and hand-over; writing again replaces it. */
  save(note: HandoverNote): Promise<void>;
  get(rosterId: string, handoverAt: Date): Promise<HandoverNote | undefined>;
}

export interface ChannelAddressRepository {
  get(personId: string): Promise<ChannelAddress | undefined>;
  /** The addresses of those of these people the bot can reach, in one read. */
  getMany(personIds: readonly string[]): Promise<Map<string, ChannelAddress>>;
  save(personId: string, address: ChannelAddress): Promise<void>;
}

/** Where each person's card for a consult or MDO meeting was posted, so it can be updated in place. */
export interface CardHandleRepository {
  get(objectId: string): Promise<Record<string, string>>;
  save(objectId: string, personId: string, handle: string): Promise<void>;
}

/**
 * Inbound activities the bot has taken on, by (conversation id, activity id): the Bot Framework
 * redelivers an activity it saw no answer to in time, with the same id. A claim is durable before
 * the activity has any effect, and is visible to every process that shares the store.
 */
export interface ActivityClaims {
  /** True for the first claim of this activity, by any process; false ever after (until pruned). */
  claim(conversationId: string, activityId: string): Promise<boolean>;
  /** Forgets claims made before `cutoff`; returns how many. */
  prune(cutoff: Date): Promise<number>;
}

/** An export waiting for the one person it was made for (see DownloadDesk), until `expiresAt`. */
export interface StoredDownload {
  fileId: string;
  ownerId: string;
  name: string;
  contentType: string;
  expiresAt: Date;
  data: Buffer;
}

/** Exports waiting to be fetched, so a link made by one instance is served by any other. */
export interface DownloadRepository {
  put(download: StoredDownload): Promise<void>;
  /** The export without its data, unless it expired at `now` (or was taken). */
  find(fileId: string, now: Date): Promise<Omit<StoredDownload, 'data'> | undefined>;
  /** Removes the export and hands it over: to one caller only, across all processes, and not once it expired at `now`. */
  take(fileId: string, now: Date): Promise<StoredDownload | undefined>;
  /** Removes the exports expired at `now`; returns how many. */
  removeExpired(now: Date): Promise<number>;
  /** Every export still waiting at `now`, for moving a network to another store. */
  waiting(now: Date): Promise<StoredDownload[]>;
}

export interface Repositories {
  consults: ConsultRepository;
  contacts: ContactLogRepository;
  acps: AcpRepository;
  deaths: DeathRepository;
  mdo: MdoRepository;
  mdoChannels: MdoChannelRepository;
  rosters: RosterRepository;
  channelAddresses: ChannelAddressRepository;
  cardHandles: CardHandleRepository;
  activities: ActivityClaims;
  absences: AbsenceRepository;
  swaps: SwapRepository;
  handoverNotes: HandoverNoteRepository;
  /** Jobs scheduled here are stored with the rest of the transaction (see src/jobs/jobs.ts). */
  jobs: JobScheduler;
  downloads: DownloadRepository;
}

/** The storage bundle the application is given: the embedded file store or PostgreSQL. */
export interface Storage extends Repositories {
  readonly kind: 'file' | 'postgres';
  /** Runs this store's jobs; started by the bot, never by a command-line tool. */
  readonly jobRunner: JobRunner;
  /**
   * Runs `work` with repositories that commit together: on PostgreSQL one transaction (rolled
   * back when `work` throws), so a state change and what it causes are stored as one. The file
   * store runs `work` on its own repositories, whose writes are each durable and idempotent.
   */
  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
  /** Whether the store answers right now, for /healthz. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}
