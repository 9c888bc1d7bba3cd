import { describe, expect, it } from '@jest/globals';
import { JOB_QUEUE, QUEUES, SlackJob, WebhookJob } from '@response/contracts';
import type { EntityManager } from 'typeorm';
import type { OutboxService } from '../outbox/outbox.service.js';
import { JobHandler } from './job-handler.decorator.js';
import type { JobQueue } from './job-queue.js';
import type { Job } from './queue.types.js';

/**
 * The catalogue types every producer and consumer: the `@ts-expect-error` lines
 * below are checked by `tsc` (npm run typecheck), which fails if any of them
 * compiles, i.e. if a wrong payload or handler were accepted.
 */
function misuses(queue: JobQueue, outbox: OutboxService, manager: EntityManager): void {
  // @ts-expect-error: a refresh job carries an incident id and a reason
  void queue.add(SlackJob.RefreshHeadline, { externalId: 'U1' });
  // @ts-expect-error: no such job
  void queue.add('no-such-job', {});
  // @ts-expect-error: the outbox takes the same typed entries
  void outbox.push(manager, { name: SlackJob.CreateCommsChannel, data: { incidentId: 1 } });
  void queue.add(SlackJob.RefreshHeadline, { incidentId: 1, reason: 'v2' });
}

class Handlers {
  @JobHandler(SlackJob.FillUserProfile)
  async fill(job: Job<typeof SlackJob.FillUserProfile>): Promise<string> {
    return job.data.externalId;
  }

  // @ts-expect-error: a handler of one job cannot take another job's data
  @JobHandler(SlackJob.SyncUsers)
  async wrong(job: Job<typeof SlackJob.RefreshHeadline>): Promise<number> {
    return job.data.incidentId;
  }
}

describe('job catalogue', () => {
  it('names a queue for every job, and every queue', () => {
    expect(Object.keys(JOB_QUEUE).sort()).toEqual(
      [...Object.values(SlackJob), ...Object.values(WebhookJob)].sort(),
    );
    expect(QUEUES).toEqual(['slack', 'webhooks']);
    expect(typeof misuses).toBe('function');
    expect(new Handlers()).toBeInstanceOf(Handlers);
  });
});
