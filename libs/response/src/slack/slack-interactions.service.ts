import { Injectable, Logger } from '@nestjs/common';
import { HandlerRegistry, type ViewResponse } from './handlers/handler-registry.js';
import { viewValues, type InteractionPayload, type SlashCommandPayload } from './payloads.js';
import { SlackApiError } from './slack-client.service.js';

/**
 * Answers slash commands and interactivity requests. Button clicks and modal
 * submissions are dispatched to the `@SlackActionHandler` and
 * `@SlackViewHandler` methods that claim them.
 */
@Injectable()
export class SlackInteractionsService {
  private readonly logger = new Logger(SlackInteractionsService.name);

  constructor(private readonly registry: HandlerRegistry) {}

  /** A slash command (`/incident [text]`), to its `@SlackSlashCommand`. A string answer is shown to the user. */
  async slashCommand(payload: SlashCommandPayload): Promise<string | undefined> {
    const handler = this.registry.slashCommand(payload.command);
    if (!handler) {
      this.logger.warn(`No handler for the slash command ${payload.command}`);
      return `Sorry, I don't know the command ${payload.command}.`;
    }
    return handler(payload);
  }

  async interaction(interaction: InteractionPayload): Promise<ViewResponse> {
    if (interaction.kind === 'ignored') return undefined;
    if (interaction.kind === 'block_actions') {
      const payload = interaction.payload;
      for (const action of payload.actions) {
        const handler = this.registry.actionHandler(action.action_id);
        if (!handler) {
          this.logger.debug(`No handler for Slack action ${action.action_id}`);
          continue;
        }
        try {
          await handler({
            actionId: action.action_id,
            value: action.value ?? action.selected_option?.value ?? action.selected_user ?? null,
            userId: payload.user.id,
            channelId: payload.container?.channel_id ?? payload.channel?.id ?? null,
            messageTs: payload.container?.message_ts ?? payload.message?.ts ?? null,
            triggerId: payload.trigger_id,
            payload,
          });
        } catch (error) {
          // Slack refused what the click asked for (e.g. the 3-second trigger id expired):
          // nothing to retry, and Slack shows the user an error for any answer but 200.
          if (!(error instanceof SlackApiError)) throw error;
          this.logger.warn(
            `Slack action ${action.action_id} by ${payload.user.id}: ${error.message}`,
          );
        }
      }
      return undefined;
    }
    const payload = interaction.payload;
    const handler = this.registry.viewHandler(payload.view.callback_id);
    if (!handler) {
      this.logger.warn(`No handler for modal ${payload.view.callback_id}`);
      return undefined;
    }
    return handler({
      callbackId: payload.view.callback_id,
      userId: payload.user.id,
      privateMetadata: payload.view.private_metadata,
      values: viewValues(payload),
      payload,
    });
  }
}
