import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Files as Teams serves chat attachments: a pre-authorised download URL per file, on a host of
 * its own. Remembers every path asked for, so a test can tell what the bot fetched (or did not).
 */
export class AttachmentHost {
  readonly requested: string[] = [];
  url = '';
  private server?: Server;

  constructor(private readonly files: Record<string, string | Buffer>) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requested.push(req.url ?? '');
      const body = this.files[(req.url ?? '').slice(1)];
      res.statusCode = body === undefined ? 404 : 200;
      res.end(body ?? '');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
