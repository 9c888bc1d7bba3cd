/** One Server-Sent Event as a client receives it. */
export interface SseEvent {
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** Every event received so far. */
  events: SseEvent[];
  /** Comment lines (heartbeats) received so far. */
  comments: number;
  /** Resolves with the first event (received or to come) that matches. */
  next(match: (event: SseEvent) => boolean, timeoutMs?: number, what?: string): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens an event stream with fetch, as a browser's EventSource would, and
 * parses what arrives. A non-200 answer is returned with its status and no events.
 */
export async function openSse(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const waiters = new Set<{ match: (e: SseEvent) => boolean; done: (e: SseEvent) => void }>();
  const stream: SseStream = {
    status: res.status,
    headers: res.headers,
    events,
    comments: 0,
    next(match, timeoutMs = 10_000, what = 'an event') {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((done, fail) => {
        const waiter = {
          match,
          done: (event: SseEvent) => {
            clearTimeout(timer);
            done(event);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          fail(
            new Error(
              `No ${what} within ${timeoutMs} ms; received: ${events.map((e) => e.event).join(', ') || 'nothing'}`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    ended: Promise.resolve(),
    close: () => abort.abort(),
  };
  if (res.status !== 200 || !res.body) {
    await res.text().catch(() => undefined);
    return stream;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  stream.ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let cut = buffer.indexOf('\n\n'); cut !== -1; cut = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          const data: string[] = [];
          let fields = 0;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) {
              stream.comments++;
            } else if (line.startsWith('event:')) {
              event = line.slice(6).trim();
              fields++;
            } else if (line.startsWith('data:')) {
              data.push(line.slice(5).replace(/^ /, ''));
              fields++;
            }
          }
          if (fields === 0 || data.length === 0) continue;
          const received = { event, data: data.join('\n') };
          events.push(received);
          for (const waiter of waiters)
            if (waiter.match(received)) {
              waiters.delete(waiter);
              waiter.done(received);
            }
        }
      }
    } catch {
      // Closed by the client.
    }
  })();
  return stream;
}
