import type { MdoChannelLink, MdoChannelRepository, MdoThread } from '../store.js';
import type { Queryable } from './queryable.js';

export class PostgresMdoChannels implements MdoChannelRepository {
  constructor(private readonly db: Queryable) {}

  async saveLink(link: MdoChannelLink): Promise<void> {
    await this.db.query(
      'INSERT INTO mdo_channel_links (kernteam_id, channel_id, doc) VALUES ($1, $2, $3) ON CONFLICT (kernteam_id) DO UPDATE SET channel_id = EXCLUDED.channel_id, doc = EXCLUDED.doc',
      [link.kernteamId, link.channelId, JSON.stringify(link)],
    );
  }

  async link(kernteamId: string): Promise<MdoChannelLink | undefined> {
    return (await this.db.query<{ doc: MdoChannelLink }>('SELECT doc FROM mdo_channel_links WHERE kernteam_id = $1', [kernteamId])).rows[0]?.doc;
  }

  async linkOfChannel(channelId: string): Promise<MdoChannelLink | undefined> {
    return (await this.db.query<{ doc: MdoChannelLink }>('SELECT doc FROM mdo_channel_links WHERE channel_id = $1 ORDER BY kernteam_id LIMIT 1', [channelId])).rows[0]?.doc;
  }

  async saveThread(thread: MdoThread): Promise<void> {
    await this.db.query('INSERT INTO mdo_threads (meeting_id, channel_id, activity_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [thread.meetingId, thread.channelId, thread.activityId]);
  }

  async thread(meetingId: string): Promise<MdoThread | undefined> {
    return this.one('SELECT meeting_id, channel_id, activity_id FROM mdo_threads WHERE meeting_id = $1', [meetingId]);
  }

  async threadByRoot(channelId: string, activityId: string): Promise<MdoThread | undefined> {
    return this.one('SELECT meeting_id, channel_id, activity_id FROM mdo_threads WHERE channel_id = $1 AND activity_id = $2', [channelId, activityId]);
  }

  private async one(sql: string, values: string[]): Promise<MdoThread | undefined> {
    const row = (await this.db.query<{ meeting_id: string; channel_id: string; activity_id: string }>(sql, values)).rows[0];
    return row && { meetingId: row.meeting_id, channelId: row.channel_id, activityId: row.activity_id };
  }
}
