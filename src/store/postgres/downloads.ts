import type { DownloadRepository, StoredDownload } from '../store.js';
import type { Queryable } from './queryable.js';

interface Row {
  file_id: string;
  owner_id: string;
  name: string;
  content_type: string;
  expires_at: Date;
  data?: Buffer;
}

const TICKET = 'file_id, owner_id, name, content_type, expires_at';

const ticket = (row: Row): Omit<StoredDownload, 'data'> => ({ fileId: row.file_id, ownerId: row.owner_id, name: row.name, contentType: row.content_type, expiresAt: row.expires_at });
const download = (row: Row): StoredDownload => ({ ...ticket(row), data: row.data! });

export class PostgresDownloads implements DownloadRepository {
  constructor(private readonly db: Queryable) {}

  async put(stored: StoredDownload): Promise<void> {
    await this.db.query(`INSERT INTO downloads (${TICKET}, data) VALUES ($1, $2, $3, $4, $5, $6)`, [stored.fileId, stored.ownerId, stored.name, stored.contentType, stored.expiresAt, stored.data]);
  }

  async find(fileId: string, now: Date): Promise<Omit<StoredDownload, 'data'> | undefined> {
    const { rows } = await this.db.query<Row>(`SELECT ${TICKET} FROM downloads WHERE file_id = $1 AND expires_at > $2`, [fileId, now]);
    return rows[0] && ticket(rows[0]);
  }

  async take(fileId: string, now: Date): Promise<StoredDownload | undefined> {
    // One DELETE: of two instances redeeming the same link at once, one gets the row.
    const { rows } = await this.db.query<Row>(`DELETE FROM downloads WHERE file_id = $1 AND expires_at > $2 RETURNING ${TICKET}, data`, [fileId, now]);
    return rows[0] && download(rows[0]);
  }

  async removeExpired(now: Date): Promise<number> {
    return (await this.db.query('DELETE FROM downloads WHERE expires_at <= $1', [now])).rowCount ?? 0;
  }

  async waiting(now: Date): Promise<StoredDownload[]> {
    return (await this.db.query<Row>(`SELECT ${TICKET}, data FROM downloads WHERE expires_at > $1 ORDER BY file_id`, [now])).rows.map(download);
  }
}
