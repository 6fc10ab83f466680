import { createServer, request, type Server } from 'node:http';

/**
 * A round-robin load balancer on loopback, as hospital IT puts in front of two instances: each
 * request goes to the next backend in turn; a backend that refuses the connection (killed) is
 * passed over for the next one, as a balancer's passive health check does.
 */
export class RoundRobin {
  private server?: Server;
  private next = 0;
  url = '';
  /** Which backend answered each request, by index. */
  readonly answeredBy: number[] = [];

  constructor(private readonly backends: string[]) {}

  async start(): Promise<void> {
    this.server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const body = Buffer.concat(chunks);
        const attempt = (tries: number): void => {
          const index = this.next++ % this.backends.length;
          const target = new URL(incoming.url ?? '/', this.backends[index]);
          const forward = request(target, { method: incoming.method, headers: incoming.headers }, (answer) => {
            this.answeredBy.push(index);
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          });
          forward.on('error', () => (tries + 1 < this.backends.length ? attempt(tries + 1) : outgoing.writeHead(502).end()));
          forward.end(body);
        };
        attempt(0);
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const address = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server?.close(() => done()) ?? done());
  }
}
