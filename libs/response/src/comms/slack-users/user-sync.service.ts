import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SlackJob } from '@response/contracts';
import { CONFIG, type Config } from '../../config/config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { JobQueue } from '../../queue/job-queue.js';
import { RetryLaterError, type Job } from '../../queue/queue.types.js';
import { createHash } from 'node:crypto';
import { UsersService } from '../../users/users.service.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import { isPerson, toDirectoryUser, type SlackMember } from './slack-user-directory.js';

const PAGE_SIZE = 200;
const MAX_PAGES = 500;
const SYNC_EVERY_MS = 24 * 60 * 60_000;

/** Keeps the user cache in step with the workspace: names, emails and the deleted flag. */
@Injectable()
export class UserSyncService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UserSyncService.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly queue: JobQueue,
    private readonly slack: SlackClientService,
    private readonly users: UsersService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.app.worker || !this.config.slack.enabled) return;
    try {
      await this.queue.addRepeatable(SlackJob.SyncUsers, {}, SYNC_EVERY_MS);
    } catch (error) {
      this.logger.warn(`Could not schedule the user sync: ${(error as Error).message}`);
    }
  }

  @JobHandler(SlackJob.SyncUsers)
  async run(job: Job<typeof SlackJob.SyncUsers>): Promise<void> {
    await this.sync(job.data.cursor);
  }

  /**
   * Walks `users.list` page by page from `cursor` and upserts every person;
   * returns how many were stored. When Slack rate-limits a page, the sync
   * goes on later from that page (a job of its own, after Retry-After), not
   * from the start.
   */
  async sync(from?: string): Promise<number> {
    let cursor = from;
    let stored = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      let answer: { members?: SlackMember[]; response_metadata?: { next_cursor?: string } };
      try {
        answer = await this.slack.call('users.list', {
          limit: PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        });
      } catch (error) {
        if (!(error instanceof RetryLaterError) || !cursor) throw error;
        await this.queue.add(
          SlackJob.SyncUsers,
          { cursor },
          {
            jobId: `sync-users:${createHash('sha256').update(cursor).digest('hex').slice(0, 32)}`,
            delayMs: error.retryAfterMs,
          },
        );
        this.logger.log(
          `Synced ${stored} Slack users so far; Slack asked to wait, so the rest follows in ${error.retryAfterMs} ms`,
        );
        return stored;
      }
      const people = (answer.members ?? []).filter(isPerson);
      await this.unitOfWork.run(async (manager) => {
        for (const member of people)
          await this.users.upsertSlackUser(toDirectoryUser(member), manager);
      });
      stored += people.length;
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    this.logger.log(`Synced ${stored} Slack users`);
    return stored;
  }
}
