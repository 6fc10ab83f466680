import type { MdoMeeting } from '../../domain/mdo.js';
import type { MdoSeries } from '../../domain/mdoSeries.js';
import type { Insertion, MdoRepository } from '../store.js';
import type { Queryable } from './queryable.js';

export class PostgresMdo implements MdoRepository {
  constructor(private readonly db: Queryable) {}

  async series(): Promise<MdoSeries[]> {
    return (await this.db.query<{ doc: MdoSeries }>('SELECT doc FROM mdo_series ORDER BY id')).rows.map((row) => row.doc);
  }

  async insertSeries(series: MdoSeries): Promise<MdoSeries> {
    await this.db.query('INSERT INTO mdo_series (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [series.id, JSON.stringify(series)]);
    return (await this.db.query<{ doc: MdoSeries }>('SELECT doc FROM mdo_series WHERE id = $1', [series.id])).rows[0]!.doc;
  }

  async insertMeeting(meeting: MdoMeeting): Promise<Insertion<MdoMeeting>> {
    const inserted = await this.db.query(
      'INSERT INTO mdo_meetings (id, ref, version, starts_at, ends_at, doc) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [meeting.id, meeting.ref, meeting.version, meeting.startsAt, meeting.endsAt, JSON.stringify(meeting)],
    );
    if (inserted.rowCount === 1) return { outcome: 'inserted', record: meeting };
    const existing = await this.meeting(meeting.id);
    return existing ? { outcome: 'existing', record: existing } : { outcome: 'ref-taken' };
  }

  async replaceMeeting(next: MdoMeeting): Promise<boolean> {
    const updated = await this.db.query(
      'UPDATE mdo_meetings SET version = $2, starts_at = $3, ends_at = $4, doc = $5 WHERE id = $1 AND version = $2 - 1',
      [next.id, next.version, next.startsAt, next.endsAt, JSON.stringify(next)],
    );
    return updated.rowCount === 1;
  }

  async meeting(id: string): Promise<MdoMeeting | undefined> {
    return (await this.db.query<{ doc: MdoMeeting }>('SELECT doc FROM mdo_meetings WHERE id = $1', [id])).rows[0]?.doc;
  }

  async meetingByRef(ref: string): Promise<MdoMeeting | undefined> {
    return (await this.db.query<{ doc: MdoMeeting }>('SELECT doc FROM mdo_meetings WHERE ref = $1', [ref])).rows[0]?.doc;
  }

  async meetings(endingAfter?: Date): Promise<MdoMeeting[]> {
    const { rows } = await this.db.query<{ doc: MdoMeeting }>('SELECT doc FROM mdo_meetings WHERE $1::timestamptz IS NULL OR ends_at > $1 ORDER BY starts_at, id', [endingAfter ?? null]);
    return rows.map((row) => row.doc);
  }
}
