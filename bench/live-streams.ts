/**
 * Benchmark: a change fanned out to many open Server-Sent Events streams.
 *
 *   npm run bench:live
 *
 * starts the built server (one HTTP process, Postgres, jobs in-process) on a
 * scratch database, opens BENCH_STREAMS (200) streams of one incident's
 * `/core/incidents/:id/stream`, then makes BENCH_CHANGES (20) changes through
 * `PATCH /core/incidents/:id`, one after the other, and measures for every
 * stream the time from the PATCH being answered to its event arriving. Prints
 * p50/p99/max delivery latency, events lost (must be 0) and the server's RSS
 * before and with the streams open.
 */
import type { IncidentDto } from '@response/contracts';
import { ADMIN, startBuiltServer } from '../test/browser/support/server.js';
import { openSse, type SseStream } from '../test/support/sse.js';
import { percentile, rssMb } from './support.js';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 200);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 20);

async function main(): Promise<void> {
  const server = await startBuiltServer();
  const streams: SseStream[] = [];
  try {
    const pid = server.server.child.pid!;
    const incident = await server.core<IncidentDto>('POST', '/core/incidents', {
      report: 'Fan-out benchmark',
    });
    const idle = rssMb(pid);
    const auth = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;
    for (let i = 0; i < STREAMS; i++) {
      const stream = await openSse(`${server.url}/core/incidents/${incident.id}/stream`, {
        authorization: auth,
      });
      if (stream.status !== 200) throw new Error(`stream ${i} answered ${stream.status}`);
      streams.push(stream);
    }
    // Every stream has its first event (the current state) before the changes start.
    await Promise.all(streams.map((s) => s.next((e) => e.event === 'incident', 30_000)));
    const open = rssMb(pid);

    const latencies: number[] = [];
    let lost = 0;
    for (let change = 1; change <= CHANGES; change++) {
      const summary = `change ${change}`;
      await server.core('PATCH', `/core/incidents/${incident.id}`, { summary });
      const answered = performance.now();
      const arrived = await Promise.all(
        streams.map((s) =>
          s
            .next((e) => e.event === 'incident' && JSON.parse(e.data).summary === summary, 10_000)
            .then(() => performance.now() - answered)
            .catch(() => null),
        ),
      );
      for (const ms of arrived) {
        if (ms === null) lost++;
        else latencies.push(ms);
      }
    }
    const with200 = rssMb(pid);
    latencies.sort((a, b) => a - b);
    const fmt = (n: number) => n.toFixed(1);
    process.stdout.write(
      [
        '',
        `Live fan-out: ${STREAMS} streams, ${CHANGES} changes, ${latencies.length} events delivered, ${lost} lost`,
        `Delivery after the PATCH answered (ms): p50 ${fmt(percentile(latencies, 50))}, p99 ${fmt(percentile(latencies, 99))}, max ${fmt(latencies.at(-1) ?? NaN)}`,
        `Server RSS: ${idle} MB idle, ${open} MB with the streams open, ${with200} MB after the changes`,
        '',
      ].join('\n'),
    );
  } finally {
    for (const s of streams) s.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
