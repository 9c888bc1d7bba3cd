import { Injectable, Logger } from '@nestjs/common';
import { parseMention } from '@response/contracts';
import { CommsChannelService } from '../channel/comms-channel.service.js';
import { DomainError } from '../../common/errors.js';
import { SlackEventHandler } from '../../slack/handlers/decorators.js';
import { type SlackEventEnvelope } from '../../slack/handlers/handler-registry.js';
import { ExtensionRegistry, type CommandContext } from '../extensions/extension-registry.js';
import { MessageContextFactory } from '../extensions/message-context.js';
import type { SlackEvent } from '../../slack/payloads.js';
import { SlackApiError, SlackClientService } from '../../slack/slack-client.service.js';

export const UNKNOWN_COMMAND = "I'm sorry, I don't know how to help with that :grimacing:";
export const Reactions = { done: 'white_check_mark', failed: 'question' } as const;

/**
 * `@incident <command> [text]` in a comms channel: finds the incident of the
 * channel and runs the `@IncidentCommand` claiming the command. A handled
 * command gets ✅ (and loses ❓), a failed one the reverse; an unknown command
 * gets an ephemeral answer and ❓.
 */
@Injectable()
export class CommandDispatcher {
  private readonly logger = new Logger(CommandDispatcher.name);

  constructor(
    private readonly registry: ExtensionRegistry,
    private readonly contexts: MessageContextFactory,
    private readonly comms: CommsChannelService,
    private readonly slack: SlackClientService,
  ) {}

  @SlackEventHandler('app_mention')
  async onMention(event: SlackEvent, envelope?: SlackEventEnvelope): Promise<void> {
    // An edited message is not a new command: the command ran when it was first sent.
    if (event.edited || event.subtype === 'message_changed') return;
    const channelId = stringField(event.channel);
    const userId = stringField(event.user);
    const ts = stringField(event.ts);
    if (!channelId || !userId || !ts) return;
    const incident = await this.comms.incidentForChannel(channelId);
    if (!incident) return;
    const botUserId = envelope?.botUserId || (await this.slack.botUserId());
    const parsed = parseMention(stringField(event.text), botUserId);
    const name = parsed.command || 'help';
    const origin = { incident, channelId, userId, ts };
    const command = this.registry.command(name);
    if (!command) {
      const context = this.contexts.command(origin, name, parsed.text);
      await context.whisper(UNKNOWN_COMMAND);
      await context.react(Reactions.failed);
      return;
    }
    const context = this.contexts.command(origin, name, parsed.text);
    const handled = await this.run(command.run, context);
    await context.react(handled ? Reactions.done : Reactions.failed);
    await context.unreact(handled ? Reactions.failed : Reactions.done);
  }

  /** Runs a command: false when it says it failed or refuses with a domain or Slack error. */
  private async run(
    handler: (context: CommandContext) => Promise<boolean | void>,
    context: CommandContext,
  ): Promise<boolean> {
    try {
      return (await handler(context)) !== false;
    } catch (error) {
      if (error instanceof DomainError || error instanceof SlackApiError) {
        this.logger.warn(
          `Command "${context.command}" in ${context.channelId} (incident ${context.incident.id}) failed: ${error.message}`,
        );
        await context.whisper(`Sorry, that didn't work: ${error.message}`);
        return false;
      }
      // Anything else (database or network trouble) is retried by the queue.
      throw error;
    }
  }
}

function stringField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
