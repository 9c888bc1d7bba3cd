import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppId, SlackJob } from '@response/contracts';
import type { EntityManager } from 'typeorm';
import { ValidationError } from '../../common/errors.js';
import { CONFIG, type Config } from '../../config/config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import type { Job } from '../../queue/queue.types.js';
import { ExternalUser } from '../../users/external-user.entity.js';
import type { DirectoryUser, UserDirectory } from '../../users/user-directory.js';
import { UsersService } from '../../users/users.service.js';
import { SLACK_JOB_ATTEMPTS, SlackClientService } from '../../slack/slack-client.service.js';

/** What a Slack user id looks like (`U…`, or `W…` on Enterprise Grid); the table keeps 50 characters. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{1,49}$/;

const LOOKUP_TIMEOUT_MS = 1500;

/** A member as `users.info` and `users.list` describe it. */
export interface SlackMember {
  id: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  profile?: { display_name?: string; real_name?: string; email?: string };
}

export function toDirectoryUser(member: SlackMember): DirectoryUser {
  return {
    external_id: member.id,
    display_name: member.profile?.display_name || member.name || '',
    full_name: member.profile?.real_name || member.real_name || '',
    email: member.profile?.email ?? null,
    deleted: Boolean(member.deleted),
  };
}

/** Bots, apps and Slackbot are not people and stay out of the user cache. */
export function isPerson(member: SlackMember): boolean {
  return member.id !== 'USLACKBOT' && !member.is_bot && !member.is_app_user;
}

/** Unknown Slack ids are looked up with `users.info`; registered with UsersService at boot when Slack is on. */
@Injectable()
export class SlackUserDirectory implements UserDirectory, OnModuleInit {
  private readonly logger = new Logger(SlackUserDirectory.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly slack: SlackClientService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  onModuleInit(): void {
    if (this.config.slack.enabled) this.users.setDirectory(this);
  }

  async lookup(externalId: string): Promise<DirectoryUser | null> {
    if (!/^[UW][A-Z0-9]{2,30}$/.test(externalId)) return null;
    // Lookups happen while Slack waits for an answer (3 s), so they get little time.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('users.info took too long')), LOOKUP_TIMEOUT_MS);
    });
    const answer = await Promise.race([
      this.slack.call<{ ok: boolean; user?: SlackMember }>(
        'users.info',
        { user: externalId },
        { accept: ['user_not_found'] },
      ),
      timeout,
    ]).finally(() => clearTimeout(timer));
    return answer.ok && answer.user && isPerson(answer.user) ? toDirectoryUser(answer.user) : null;
  }

  /**
   * The cached user for a Slack id that Slack itself sent us (so it exists),
   * without waiting on Slack: an id not cached yet is stored at once with
   * empty names, and a queued `users.info` job fills them in. Modal
   * submissions use this, so their answer never depends on Slack's.
   */
  async ensureUser(externalId: string, manager?: EntityManager): Promise<ExternalUser> {
    if (!SLACK_USER_ID.test(externalId))
      throw new ValidationError({ user: 'is not a Slack user id' });
    const cached = await this.users.findByExternalId(externalId, AppId.Slack, manager);
    if (cached) return cached;
    const store = async (m: EntityManager): Promise<ExternalUser> => {
      await m
        .createQueryBuilder()
        .insert()
        .into(ExternalUser)
        .values({
          appId: AppId.Slack,
          externalId,
          displayName: '',
          fullName: '',
          email: null,
          deleted: false,
        })
        .orIgnore()
        .execute();
      await this.outbox.push(m, {
        name: SlackJob.FillUserProfile,
        data: { externalId },
        key: `user-profile:${externalId}`,
        attempts: SLACK_JOB_ATTEMPTS,
      });
      return (await this.users.findByExternalId(externalId, AppId.Slack, m))!;
    };
    return manager ? store(manager) : this.unitOfWork.run(store);
  }

  remember(externalId: string, manager: EntityManager): Promise<ExternalUser> {
    return this.ensureUser(externalId, manager);
  }

  /** Names of a user stored as a placeholder; the daily sync catches any that Slack could not give. */
  @JobHandler(SlackJob.FillUserProfile)
  async fillProfile(job: Job<typeof SlackJob.FillUserProfile>): Promise<void> {
    const { externalId } = job.data;
    const answer = await this.slack.call<{ ok: boolean; user?: SlackMember }>(
      'users.info',
      { user: externalId },
      { accept: ['user_not_found'], jobId: job.id },
    );
    if (!answer.ok || !answer.user) {
      this.logger.warn(
        `No profile for Slack user ${externalId}: ${answer.ok ? 'empty answer' : 'user_not_found'}`,
      );
      return;
    }
    await this.users.upsertSlackUser({ ...toDirectoryUser(answer.user), external_id: externalId });
  }
}
