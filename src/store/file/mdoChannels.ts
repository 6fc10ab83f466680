import { join } from 'node:path';
import { activityKey } from '../activityClaims.js';
import type { KeyedQueue } from '../keyedQueue.js';
import type { MdoChannelLink, MdoChannelRepository, MdoThread } from '../store.js';
import { fileKey, listNames, readAll, readDocument, writeDocument } from './documents.js';

/**
 * Channel links (`mdo/channels/<kernteam id>.json`) and meeting threads (`mdo/threads/<meeting
 * id>.json`, found from their first message through `mdo/thread-roots/<hash>.json`). Read from
 * disk each time: there are few, and a second process sees them at once.
 */
export class FileMdoChannels implements MdoChannelRepository {
  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
  ) {}

  async saveLink(link: MdoChannelLink): Promise<void> {
    const path = this.linkPath(link.kernteamId);
    await this.writes.run(path, () => writeDocument(path, link));
  }

  async link(kernteamId: string): Promise<MdoChannelLink | undefined> {
    return (await readDocument<MdoChannelLink>(this.linkPath(kernteamId))) ?? undefined;
  }

  async linkOfChannel(channelId: string): Promise<MdoChannelLink | undefined> {
    const folder = join(this.root, 'mdo', 'channels');
    const links = await readAll<MdoChannelLink>((await listNames(folder)).map((name) => join(folder, name)));
    return links.find((link) => link?.channelId === channelId) ?? undefined;
  }

  async saveThread(thread: MdoThread): Promise<void> {
    const path = this.threadPath(thread.meetingId);
    await this.writes.run(path, async () => {
      if (await readDocument<MdoThread>(path)) return;
      // The index first: a thread is only acknowledged once it can be found from its replies.
      await writeDocument(this.rootPath(thread.channelId, thread.activityId), thread);
      await writeDocument(path, thread);
    });
  }

  async thread(meetingId: string): Promise<MdoThread | undefined> {
    return (await readDocument<MdoThread>(this.threadPath(meetingId))) ?? undefined;
  }

  async threadByRoot(channelId: string, activityId: string): Promise<MdoThread | undefined> {
    const indexed = await readDocument<MdoThread>(this.rootPath(channelId, activityId));
    // A crash between the two writes leaves an index entry for a thread that was never stored.
    return indexed && (await this.thread(indexed.meetingId))?.activityId === activityId ? indexed : undefined;
  }

  private linkPath(kernteamId: string): string {
    return join(this.root, 'mdo', 'channels', `${fileKey(kernteamId)}.json`);
  }

  private threadPath(meetingId: string): string {
    return join(this.root, 'mdo', 'threads', `${fileKey(meetingId)}.json`);
  }

  private rootPath(channelId: string, activityId: string): string {
    return join(this.root, 'mdo', 'thread-roots', `${activityKey(channelId, activityId)}.json`);
  }
}
