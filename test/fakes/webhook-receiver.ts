import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
  at: number;
}

/** What to answer on a path: a status, optionally with headers. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

/**
 * A real HTTP server standing in for the systems that receive webhooks. Each
 * path answers 200 unless a script of answers was queued for it (used up in
 * order, then 200 again), and every request is kept.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  private readonly fallbacks = new Map<string, Answer>();
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const answer = this.scripts.get(path)?.shift() ??
          this.fallbacks.get(path) ?? { status: 200 };
        this.received.push({
          path,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          status: answer.status,
          at: Date.now(),
        });
        res.writeHead(answer.status, answer.headers ?? {});
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next requests to `path` get these answers, in order. */
  script(path: string, ...answers: Answer[]): void {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...answers]);
  }

  /** Every request to `path` gets this answer (after any script). */
  always(path: string, answer: Answer | null): void {
    if (answer) this.fallbacks.set(path, answer);
    else this.fallbacks.delete(path);
  }

  on(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
