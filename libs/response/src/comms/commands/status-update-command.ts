import { Injectable } from '@nestjs/common';
import { StatusUpdatesService } from '../../updates/status-updates.service.js';
import { IncidentCommand } from '../extensions/decorators.js';
import type { CommandContext } from '../extensions/extension-registry.js';
import { SlackUserDirectory } from '../slack-users/slack-user-directory.js';

/** `@incident update <text>`: a status update for stakeholders, posted as whoever typed it. */
@Injectable()
export class StatusUpdateCommand {
  constructor(
    private readonly updates: StatusUpdatesService,
    private readonly directory: SlackUserDirectory,
  ) {}

  @IncidentCommand(
    ['update'],
    'Posts a status update for stakeholders: `update <what they need to know>`',
  )
  async update(context: CommandContext): Promise<boolean> {
    if (!context.text) {
      await context.whisper(
        'Write the update after the command, e.g. `@incident update Payments are recovering; next update in 30 minutes`.',
      );
      return false;
    }
    const author = await this.directory.ensureUser(context.userId);
    await this.updates.post(context.incident.id, {
      text: context.text,
      authorId: author.id,
      fromSlack: true,
      // The same message handled again (a retried job) posts nothing more.
      sourceKey: `slack:${context.channelId}:${context.ts}`,
    });
    return true;
  }
}
