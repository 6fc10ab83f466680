import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';

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
 * works once. Files live on disk only until fetched or
 * expired; a restart forgets every link and removes the files.
 */
export class DownloadDesk {
  private readonly pending = new Map<string, { ownerId: string; name: string; contentType: string; expiresAt: number }>();

  private constructor(
    private readonly directory: string,
    private readonly secret: string,
    private readonly lifetimeMs: number,
    private readonly clock: () => Date,
  ) {}

  static async open(directory: string, secret: string, clock: () => Date, lifetimeMs = 10 * 60_000): Promise<DownloadDesk> {
    await mkdir(directory, { recursive: true });
    for (const name of await readdir(directory)) await rm(join(directory, name), { force: true });
    return new DownloadDesk(directory, secret, lifetimeMs, clock);
  }

  /** Stores the file for its owner; a link to it is made only when the owner asks (see `linkFor`). */
  async offer(ownerId: string, file: DownloadFile): Promise<{ fileId: string; expiresAt: Date }> {
    const fileId = randomUUID();
    const expiresAt = this.clock().getTime() + this.lifetimeMs;
    await writeFile(join(this.directory, fileId), file.data);
    this.pending.set(fileId, { ownerId, name: file.name, contentType: file.contentType, expiresAt });
    return { fileId, expiresAt: new Date(expiresAt) };
  }

  /**
   * A signed, single-use token for the file, only for its owner. The chat layer calls this from a
   * card action, which carries the user's verified identity; a browser link cannot.
   */
  linkFor(fileId: string, personId: string): { token: string; name: string; expiresAt: Date } | { refused: 'not-owner' | 'gone' } {
    const entry = this.pending.get(fileId);
    const now = this.clock().getTime();
    if (!entry || entry.expiresAt <= now) return { refused: 'gone' };
    if (entry.ownerId !== personId) return { refused: 'not-owner' };
    const expiresAt = Math.min(entry.expiresAt, now + LINK_LIFETIME_MS);
    const token = jwt.sign({ sub: personId, jti: fileId, aud: AUDIENCE, iat: Math.floor(now / 1000), exp: Math.floor(expiresAt / 1000) }, this.secret, {
      algorithm: 'HS256',
    });
    return { token, name: entry.name, expiresAt: new Date(expiresAt) };
  }

  async redeem(token: string): Promise<Redemption> {
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.secret, { algorithms: ['HS256'], audience: AUDIENCE, clockTimestamp: Math.floor(this.clock().getTime() / 1000) }) as jwt.JwtPayload;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) return { ok: false, status: 410, message: 'Deze downloadlink is verlopen. Vraag de export opnieuw op.' };
      return { ok: false, status: 403, message: 'Deze downloadlink is ongeldig.' };
    }
    const entry = claims.jti ? this.pending.get(claims.jti) : undefined;
    if (!entry || entry.ownerId !== claims.sub) return { ok: false, status: 410, message: 'Deze downloadlink is al gebruikt of verlopen. Vraag de export opnieuw op.' };
    this.pending.delete(claims.jti!);
    const path = join(this.directory, claims.jti!);
    const data = await readFile(path);
    await rm(path, { force: true });
    return { ok: true, file: { name: entry.name, contentType: entry.contentType, data } };
  }

  /** Removes files whose links expired without being used. */
  async sweep(): Promise<void> {
    const now = this.clock().getTime();
    for (const [id, entry] of this.pending) {
      if (entry.expiresAt > now) continue;
      this.pending.delete(id);
      await rm(join(this.directory, id), { force: true });
    }
  }
}
