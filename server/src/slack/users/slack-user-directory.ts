import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AppId } from '@response/contracts';
import type { EntityManager } from 'typeorm';
import { ValidationError } from '../../common/errors.js';
import { CONFIG, type Config } from '../../config/config.js';
import type { ExternalUser } from '../../users/external-user.entity.js';
import type { DirectoryUser, UserDirectory } from '../../users/user-directory.js';
import { UsersService } from '../../users/users.service.js';
import { SlackClientService } from '../slack-client.service.js';

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
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly slack: SlackClientService,
    private readonly users: UsersService,
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
      this.slack.call<{ ok: boolean; user?: SlackMember }>('users.info', { user: externalId }, { accept: ['user_not_found'] }),
      timeout,
    ]).finally(() => clearTimeout(timer));
    return answer.ok && answer.user && isPerson(answer.user) ? toDirectoryUser(answer.user) : null;
  }

  /**
   * The cached user for a Slack id that Slack itself sent us (so it exists):
   * from the cache, else `users.info`; when Slack cannot say, a bare entry is
   * kept and the daily sync fills in the names.
   */
  async ensureUser(externalId: string, manager?: EntityManager): Promise<ExternalUser> {
    if (!SLACK_USER_ID.test(externalId)) throw new ValidationError({ user: 'is not a Slack user id' });
    try {
      const user = await this.users.resolveRef({ external_id: externalId, app_id: AppId.Slack }, 'user', manager);
      if (user) return user;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
    }
    return this.users.upsertSlackUser({ external_id: externalId, display_name: '', full_name: '', email: null, deleted: false }, manager);
  }
}
