import { describe, expect, it, jest } from '@jest/globals';
import { SlackJob } from '@response/contracts';
import { InProcessJobQueue } from './in-process-queue.js';
import type { JobRegistry } from './job-registry.js';
import {
  jobLogFields,
  PermanentJobError,
  RetryLaterError,
  RetryPolicy,
  type Job,
} from './queue.types.js';

function registryRunning(handler: (job: Job) => Promise<unknown>): JobRegistry {
  return { run: handler, settled: async () => undefined } as unknown as JobRegistry;
}

/** Polls until `check` holds (or 5 s pass, then fails): no fixed sleep to guess. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('RetryPolicy', () => {
  it('backs off exponentially up to a cap', () => {
    expect(RetryPolicy.delayFor(1, new Error('x'))).toBe(500);
    expect(RetryPolicy.delayFor(2, new Error('x'))).toBe(1000);
    expect(RetryPolicy.delayFor(3, new Error('x'))).toBe(2000);
    expect(RetryPolicy.delayFor(30, new Error('x'))).toBe(60_000);
  });

  it('honours Retry-After', () => {
    expect(RetryPolicy.delayFor(1, new RetryLaterError('429', 7000))).toBe(7000);
  });
});

describe('InProcessJobQueue', () => {
  it('runs a job and retries a failing one with the shared policy', async () => {
    const seen: number[] = [];
    const queue = new InProcessJobQueue(
      registryRunning(async (job) => {
        seen.push(job.attemptsMade);
        if (job.attemptsMade < 1) throw new RetryLaterError('busy', 10);
      }),
      true,
    );
    await queue.add(SlackJob.FillUserProfile, { externalId: 'U1' });
    await until(() => seen.length === 2, 'the retry');
    expect(seen).toEqual([0, 1]);
    await queue.beforeApplicationShutdown();
  });

  it('does not retry a permanent error', async () => {
    const handler = jest.fn(async () => {
      throw new PermanentJobError('channel_not_found');
    });
    const queue = new InProcessJobQueue(registryRunning(handler), true);
    await queue.add(SlackJob.SyncUsers, {});
    await until(async () => (await queue.counts()).slack?.failed === 1, 'the failure');
    expect(handler).toHaveBeenCalledTimes(1);
    await queue.beforeApplicationShutdown();
  });

  it('adds a job with a pending id only once, and once more after a running one', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runs: unknown[] = [];
    const queue = new InProcessJobQueue(
      registryRunning(async (job) => {
        runs.push(job.data);
        if (runs.length === 1) await gate;
      }),
      true,
    );
    const data = (externalId: string) => ({ externalId });
    await queue.add(SlackJob.FillUserProfile, data('a'), { jobId: 'k', delayMs: 5 });
    await queue.add(SlackJob.FillUserProfile, data('b'), { jobId: 'k' });
    await until(() => runs.length === 1, 'the first run');
    expect(runs).toEqual([data('a')]);
    await queue.add(SlackJob.FillUserProfile, data('c'), { jobId: 'k' });
    release();
    await until(() => runs.length === 2, 'the run after the running one');
    expect(runs).toEqual([data('a'), data('c')]);
    await queue.beforeApplicationShutdown();
  });
});

describe('jobLogFields', () => {
  it('carries the queue, job, id, try and the incident the data names', () => {
    expect(
      jobLogFields({
        queue: 'slack',
        name: SlackJob.PostMessage,
        id: 'k1',
        attemptsMade: 2,
        data: { method: 'chat.postMessage', args: {}, key: 'k1', incidentId: 7, channel: 'C1' },
      }),
    ).toEqual({ queue: 'slack', job: 'post-message', jobId: 'k1', attempt: 2, incidentId: 7 });
    expect(
      jobLogFields({
        queue: 'slack',
        name: SlackJob.FillUserProfile,
        id: '1',
        attemptsMade: 0,
        data: { externalId: 'U1' },
      }).incidentId,
    ).toBeUndefined();
  });
});
