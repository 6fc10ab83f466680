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

/**
 * Hands out export files through links that are signed (HS256), name the one person they were
 * made for, expire after a few minutes, and work once. Files live on disk only until fetched or
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

  /** Stores the file and returns the token for its link. */
  async offer(ownerId: string, file: DownloadFile): Promise<{ token: string; expiresAt: Date }> {
    const id = randomUUID();
    const now = this.clock().getTime();
    const expiresAt = now + this.lifetimeMs;
    await writeFile(join(this.directory, id), file.data);
    this.pending.set(id, { ownerId, name: file.name, contentType: file.contentType, expiresAt });
    const token = jwt.sign({ sub: ownerId, jti: id, aud: AUDIENCE, iat: Math.floor(now / 1000), exp: Math.floor(expiresAt / 1000) }, this.secret, {
      algorithm: 'HS256',
    });
    return { token, expiresAt: new Date(expiresAt) };
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
