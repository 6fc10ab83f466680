import { join } from 'node:path';
import type { MdoMeeting } from '../../domain/mdo.js';
import type { MdoSeries } from '../../domain/mdoSeries.js';
import type { KeyedQueue } from '../keyedQueue.js';
import type { Insertion, MdoRepository } from '../store.js';
import { fileKey, listNames, readDocumentsAtStart, writeDocument } from './documents.js';

/**
 * MDO series planned in chat (`mdo/series/<id>.json`) and meetings (`mdo/meetings/<id>.json`).
 * Only the bot writes them, so memory holds them too; a record enters memory only once durable.
 */
export class FileMdo implements MdoRepository {
  private readonly seriesById = new Map<string, MdoSeries>();
  private readonly meetingsById = new Map<string, MdoMeeting>();
  private readonly meetingIdByRef = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly writes: KeyedQueue,
  ) {}

  async load(): Promise<void> {
    const folder = async (name: string) => (await listNames(join(this.root, 'mdo', name))).map((file) => join(this.root, 'mdo', name, file));
    for (const series of readDocumentsAtStart<MdoSeries>(await folder('series'))) if (series) this.seriesById.set(series.id, series);
    for (const meeting of readDocumentsAtStart<MdoMeeting>(await folder('meetings'))) if (meeting) this.remember(meeting);
  }

  async series(): Promise<MdoSeries[]> {
    return [...this.seriesById.values()];
  }

  insertSeries(series: MdoSeries): Promise<MdoSeries> {
    return this.writes.run(`series:${series.id}`, async () => {
      const existing = this.seriesById.get(series.id);
      if (existing) return existing;
      await writeDocument(join(this.root, 'mdo', 'series', `${fileKey(series.id)}.json`), series);
      this.seriesById.set(series.id, series);
      return series;
    });
  }

  // One queue for every meeting insert: the id and ref checks and the write happen as one step.
  insertMeeting(meeting: MdoMeeting): Promise<Insertion<MdoMeeting>> {
    return this.writes.run('mdo-meeting-insert', async () => {
      const existing = this.meetingsById.get(meeting.id);
      if (existing) return { outcome: 'existing', record: existing };
      if (this.meetingIdByRef.has(meeting.ref)) return { outcome: 'ref-taken' };
      await this.writes.run(meeting.id, () => writeDocument(this.path(meeting.id), meeting));
      this.remember(meeting);
      return { outcome: 'inserted', record: meeting };
    });
  }

  replaceMeeting(next: MdoMeeting): Promise<boolean> {
    return this.writes.run(next.id, async () => {
      const current = this.meetingsById.get(next.id);
      if (!current || current.version !== next.version - 1) return false;
      await writeDocument(this.path(next.id), next);
      this.meetingsById.set(next.id, next);
      return true;
    });
  }

  async meeting(id: string): Promise<MdoMeeting | undefined> {
    return this.meetingsById.get(id);
  }

  async meetingByRef(ref: string): Promise<MdoMeeting | undefined> {
    const id = this.meetingIdByRef.get(ref);
    return id ? this.meetingsById.get(id) : undefined;
  }

  async meetings(endingAfter?: Date): Promise<MdoMeeting[]> {
    const all = [...this.meetingsById.values()];
    return endingAfter ? all.filter((meeting) => Date.parse(meeting.endsAt) > endingAfter.getTime()) : all;
  }

  private remember(meeting: MdoMeeting): void {
    this.meetingsById.set(meeting.id, meeting);
    this.meetingIdByRef.set(meeting.ref, meeting.id);
  }

  private path(meetingId: string): string {
    return join(this.root, 'mdo', 'meetings', `${fileKey(meetingId)}.json`);
  }
}
