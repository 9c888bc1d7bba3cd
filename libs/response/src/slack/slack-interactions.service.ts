import { Injectable, Logger } from '@nestjs/common';
import { HandlerRegistry, type ViewResponse } from './handlers/handler-registry.js';
import { ModalMetadata } from './modal-metadata.js';
import {
  viewValues,
  type BlockActionPayload,
  type InteractionPayload,
  type SlashCommandPayload,
  type ViewSubmissionPayload,
} from './payloads.js';
import { ProcessedEventRepository } from './processed-event.repository.js';
import { SlackApiError } from './slack-client.service.js';

/**
 * Answers slash commands and interactivity requests. Button clicks and modal
 * submissions are dispatched to the `@SlackActionHandler` and
 * `@SlackViewHandler` methods that claim them.
 */
@Injectable()
export class SlackInteractionsService {
  private readonly logger = new Logger(SlackInteractionsService.name);

  constructor(
    private readonly registry: HandlerRegistry,
    private readonly processed: ProcessedEventRepository,
    private readonly modalMetadata: ModalMetadata,
  ) {}

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
      await this.blockAction(interaction.payload);
      return undefined;
    }
    return this.viewSubmission(interaction.payload);
  }

  /**
   * A click. One click is one action: a payload carrying several (which no
   * real click makes) has only its first one handled.
   */
  private async blockAction(payload: BlockActionPayload): Promise<void> {
    const [action] = payload.actions;
    if (payload.actions.length > 1)
      this.logger.warn(
        `A block_actions payload from ${payload.user.id} carried ${payload.actions.length} actions; only the first is handled`,
      );
    const handler = this.registry.actionHandler(action.action_id);
    if (!handler) {
      this.logger.debug(`No handler for Slack action ${action.action_id}`);
      return;
    }
    try {
      await handler({
        actionId: action.action_id,
        value: action.value ?? action.selected_option?.value ?? action.selected_user ?? null,
        userId: payload.user.id,
        channelId: payload.container?.channel_id ?? payload.channel?.id ?? null,
        messageTs: payload.container?.message_ts ?? payload.message?.ts ?? null,
        triggerId: payload.trigger_id,
        responseUrl: payload.response_url ?? null,
        payload,
      });
    } catch (error) {
      // Slack refused what the click asked for (e.g. the 3-second trigger id expired):
      // nothing to retry, and Slack shows the user an error for any answer but 200.
      if (!(error instanceof SlackApiError)) throw error;
      this.logger.warn(`Slack action ${action.action_id} by ${payload.user.id}: ${error.message}`);
    }
  }

  /**
   * A modal submission, processed once per view: a repeated submission of the
   * same `view.id` (a retry, a replayed payload) closes the modal and does
   * nothing. A submission answered with errors is not counted, so the user can
   * correct the form and submit again.
   */
  private async viewSubmission(payload: ViewSubmissionPayload): Promise<ViewResponse> {
    const handler = this.registry.viewHandler(payload.view.callback_id);
    if (!handler) {
      this.logger.warn(`No handler for modal ${payload.view.callback_id}`);
      return undefined;
    }
    const claim = payload.view.id ? `view:${payload.view.id}` : null;
    if (claim && !(await this.processed.claim(claim))) {
      this.logger.warn(`Ignored a repeated submission of modal ${payload.view.id}`);
      return undefined;
    }
    try {
      const response = await handler({
        callbackId: payload.view.callback_id,
        userId: payload.user.id,
        privateMetadata: payload.view.private_metadata,
        metadata: this.modalMetadata.open(payload.view.private_metadata, payload.user.id),
        values: viewValues(payload),
        payload,
      });
      if (claim && response && response.response_action === 'errors')
        await this.processed.release(claim);
      return response;
    } catch (error) {
      if (claim) await this.processed.release(claim);
      throw error;
    }
  }
}
