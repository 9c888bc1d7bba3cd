import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { UsersService } from '../../users/users.service.js';
import { SlackClientService } from '../slack-client.service.js';
import { isPerson, toDirectoryUser, type SlackMember } from './slack-user-directory.js';

const PAGE_SIZE = 200;
const MAX_PAGES = 500;

/** Keeps the user cache in step with the workspace: names, emails and the deleted flag. */
@Injectable()
export class UserSyncService {
  private readonly logger = new Logger(UserSyncService.name);

  constructor(
    private readonly slack: SlackClientService,
    private readonly users: UsersService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Walks `users.list` page by page and upserts every person; returns how many were stored. */
  async sync(): Promise<number> {
    let cursor: string | undefined;
    let stored = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.slack.call<{
        members?: SlackMember[];
        response_metadata?: { next_cursor?: string };
      }>('users.list', {
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
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
