import { Injectable } from '@nestjs/common';
import {
  AppId,
  escapeMrkdwn,
  formatDuration,
  mentionedUserIds,
  toMrkdwn,
} from '@response/contracts';
import { ActionsService } from '../../actions/actions.service.js';
import { CommsChannelService } from '../channel/comms-channel.service.js';
import { IncidentsService } from '../../incidents/incidents.service.js';
import { UsersService } from '../../users/users.service.js';
import { IncidentCommand } from '../extensions/decorators.js';
import { ExtensionRegistry, type CommandContext } from '../extensions/extension-registry.js';
import { FieldPrompts } from './field-prompts.js';
import { SEVERITY_CHOICES, parseSeverity } from './severity.js';

/** The built-in `@incident` commands of a comms channel. */
@Injectable()
export class IncidentCommands {
  constructor(
    private readonly registry: ExtensionRegistry,
    private readonly incidents: IncidentsService,
    private readonly actions: ActionsService,
    private readonly users: UsersService,
    private readonly comms: CommsChannelService,
    private readonly prompts: FieldPrompts,
  ) {}

  @IncidentCommand(['help'], 'Shows this list')
  async help(context: CommandContext): Promise<boolean> {
    const lines = this.registry.commands().map((command) => {
      const [name, ...aliases] = command.names;
      const also =
        aliases.length > 0 ? ` (or ${aliases.map((alias) => `\`${alias}\``).join(', ')})` : '';
      // Placeholders such as `<text>` are shown as typed, not read by Slack as links.
      return `• \`${name}\`${also} – ${escapeMrkdwn(command.help)}`;
    });
    await context.say(
      `Here's what I can do. Type \`@incident &lt;command&gt;\`:\n${lines.join('\n')}`,
    );
    return true;
  }

  @IncidentCommand(
    ['lead'],
    'Sets the incident lead: `lead @someone`, or just `lead` to take it yourself',
  )
  async lead(context: CommandContext): Promise<boolean> {
    const [mentioned] = mentionedUserIds(context.text);
    if (context.text && !mentioned) {
      await context.whisper(
        'Mention the new lead, e.g. `@incident lead @alice`, or type `@incident lead` to lead it yourself.',
      );
      return false;
    }
    const user = await this.users.resolveRef(
      { external_id: mentioned ?? context.userId, app_id: AppId.Slack },
      'lead',
    );
    await this.incidents.update(context.incident.id, { leadId: user!.id }, context.userId);
    return true;
  }

  @IncidentCommand(['severity', 'sev'], `Sets the severity: \`severity <${SEVERITY_CHOICES}>\``)
  async severity(context: CommandContext): Promise<boolean> {
    const severity = parseSeverity(context.text);
    if (!severity) {
      await context.whisper(
        `Severity must be one of ${SEVERITY_CHOICES.split('|')
          .map((s) => `\`${s}\``)
          .join(', ')}.`,
      );
      return false;
    }
    await this.incidents.update(context.incident.id, { severity }, context.userId);
    return true;
  }

  @IncidentCommand(['summary'], 'Shows the summary, or sets it: `summary <text>`')
  summary(context: CommandContext): Promise<boolean> {
    return this.prompts.command(context, 'summary');
  }

  @IncidentCommand(['impact'], 'Shows the impact, or sets it: `impact <text>`')
  impact(context: CommandContext): Promise<boolean> {
    return this.prompts.command(context, 'impact');
  }

  @IncidentCommand(['rename'], 'Renames this channel: `rename <new name>`')
  async rename(context: CommandContext): Promise<boolean> {
    if (!context.text) {
      await context.whisper('Give the new name, e.g. `@incident rename card payments outage`.');
      return false;
    }
    const result = await this.comms.rename(context.channelId, context.text, context.incident.id);
    if (!result.ok) {
      await context.say(result.message);
      return false;
    }
    return true;
  }

  @IncidentCommand(['duration'], 'Says how long the incident has been running')
  async duration(context: CommandContext): Promise<boolean> {
    const incident = await this.incidents.findOne(context.incident.id);
    const end = incident.endTime ?? new Date();
    const took = formatDuration((end.getTime() - incident.startTime.getTime()) / 1000, 'long');
    await context.say(
      incident.endTime
        ? `The incident ran for ${took}`
        : `The incident has been running for ${took}`,
    );
    return true;
  }

  @IncidentCommand(['close'], 'Closes the incident')
  async close(context: CommandContext): Promise<boolean> {
    const { incident, alreadyClosed } = await this.incidents.close(
      context.incident.id,
      context.userId,
    );
    if (alreadyClosed && incident.endTime) {
      const unix = Math.floor(incident.endTime.getTime() / 1000);
      await context.say(
        `This incident was already closed <!date^${unix}^{date_short_pretty} at {time}|${incident.endTime.toISOString()}>.`,
      );
    }
    return true;
  }

  @IncidentCommand(['action'], 'Logs a follow-up action that you own: `action <what needs doing>`')
  async action(context: CommandContext): Promise<boolean> {
    if (!context.text) {
      await context.whisper(
        'Say what needs doing, e.g. `@incident action add an alert on payment errors`.',
      );
      return false;
    }
    const owner = await this.users.resolveRef(
      { external_id: context.userId, app_id: AppId.Slack },
      'user',
    );
    const action = await this.actions.create(
      context.incident.id,
      { details: context.text, userId: owner!.id, fromSlack: true },
      undefined,
      context.userId,
    );
    await context.say(
      `:memo: Follow-up action for <@${context.userId}>: ${toMrkdwn(action.details)}`,
    );
    return true;
  }
}
