import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { DownloadRepository } from '../store/store.js';

export interface DownloadFile {
  name: string;
  contentType: string;
  data: Buffer;
}

type Redemption = { ok: true; file: DownloadFile } | { ok: false; status: 403 | 410; message: string };

const AUDIENCE = 'pz-consultbot-download';
/** A link made from the card works for two minutes; the file itself waits ten. */
const LINK_LIFETIME_MS = 2 * 60_000;

/**
 * Hands out export files to the one person they were made for: the file waits ten minutes; a
 * link is made only at that person's request, is signed (HS256), expires after two minutes and
 * works once. The files wait in the store, so a link made by one instance is served by another
 * and survives a restart; they are removed when fetched or by the sweep once expired.
 */
export class DownloadDesk {
  constructor(
    private readonly files: DownloadRepository,
    private readonly secret: string,
    private readonly clock: () => Date,
    private readonly lifetimeMs = 10 * 60_000,
  ) {}

  /** Stores the file for its owner; a link to it is made only when the owner asks (see `linkFor`). */
  async offer(ownerId: string, file: DownloadFile): Promise<{ fileId: string; expiresAt: Date }> {
    const fileId = randomUUID();
    const expiresAt = new Date(this.clock().getTime() + this.lifetimeMs);
    await this.files.put({ fileId, ownerId, ...file, expiresAt });
    return { fileId, expiresAt };
  }

  /**
   * A signed, single-use token for the file, only for its owner. The chat layer calls this from a
   * card action, which carries the user's verified identity; a browser link cannot.
   */
  async linkFor(fileId: string, personId: string): Promise<{ token: string; name: string; expiresAt: Date } | { refused: 'not-owner' | 'gone' }> {
    const now = this.clock();
    const entry = await this.files.find(fileId, now);
    if (!entry) return { refused: 'gone' };
    if (entry.ownerId !== personId) return { refused: 'not-owner' };
    const expiresAt = Math.min(entry.expiresAt.getTime(), now.getTime() + LINK_LIFETIME_MS);
    const token = jwt.sign({ sub: personId, jti: fileId, aud: AUDIENCE, iat: Math.floor(now.getTime() / 1000), exp: Math.floor(expiresAt / 1000) }, this.secret, {
      algorithm: 'HS256',
    });
    return { token, name: entry.name, expiresAt: new Date(expiresAt) };
  }

  /** Which of these files still wait for `personId` (not fetched, not expired), and until when; others' files are left out. */
  async waitingFor(personId: string, fileIds: readonly string[]): Promise<{ fileId: string; expiresAt: Date }[]> {
    const now = this.clock();
    const entries = await Promise.all(fileIds.map((fileId) => this.files.find(fileId, now)));
    return entries.flatMap((entry) => (entry && entry.ownerId === personId ? [{ fileId: entry.fileId, expiresAt: entry.expiresAt }] : []));
  }

  async redeem(token: string): Promise<Redemption> {
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.secret, { algorithms: ['HS256'], audience: AUDIENCE, clockTimestamp: Math.floor(this.clock().getTime() / 1000) }) as jwt.JwtPayload;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) return { ok: false, status: 410, message: 'Deze downloadlink is verlopen. Vraag de export opnieuw op.' };
      return { ok: false, status: 403, message: 'Deze downloadlink is ongeldig.' };
    }
    const gone = { ok: false as const, status: 410 as const, message: 'Deze downloadlink is al gebruikt of verlopen. Vraag de export opnieuw op.' };
    const now = this.clock();
    const entry = claims.jti ? await this.files.find(claims.jti, now) : undefined;
    if (!entry || entry.ownerId !== claims.sub) return gone;
    const taken = await this.files.take(entry.fileId, now);
    return taken ? { ok: true, file: { name: taken.name, contentType: taken.contentType, data: taken.data } } : gone;
  }

  /** Removes files whose links expired without being used. */
  async sweep(): Promise<void> {
    await this.files.removeExpired(this.clock());
  }
}
