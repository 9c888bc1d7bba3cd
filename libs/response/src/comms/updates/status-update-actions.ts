import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG, type Config } from '../../config/config.js';
import { NotFoundError, ValidationError } from '../../common/errors.js';
import { SlackActionHandler, SlackViewHandler } from '../../slack/handlers/decorators.js';
import type {
  BlockActionContext,
  ViewResponse,
  ViewSubmissionContext,
} from '../../slack/handlers/handler-registry.js';
import { ModalMetadata } from '../../slack/modal-metadata.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import {
  statusUpdateTextErrors,
  StatusUpdatesService,
} from '../../updates/status-updates.service.js';
import { ClickGuard } from '../channel/click-guard.js';
import { HeadlineActionIds } from '../headline/headline-blocks.js';
import { SlackUserDirectory } from '../slack-users/slack-user-directory.js';
import {
  STATUS_UPDATE_INPUT,
  STATUS_UPDATE_MODAL,
  statusUpdateModal,
} from './status-update-messages.js';

/** What the status update modal is opened for, sealed in its private_metadata. */
interface UpdateModalMetadata {
  incident: number;
}

function incidentIdOf(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  if (!/^\d{1,10}$/.test(text)) return null;
  const id = Number(text);
  return id > 0 && id <= 2_147_483_647 ? id : null;
}

/**
 * **Post update**, on the headline post and on the update-due reminder: a
 * modal (callback id `status-update`) whose submission posts a status update
 * as the person who submitted it. The click acts only on the incident whose
 * message was clicked (ClickGuard); the submission only for whom it was opened.
 */
@Injectable()
export class StatusUpdateActions {
  private readonly logger = new Logger(StatusUpdateActions.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly updates: StatusUpdatesService,
    private readonly slack: SlackClientService,
    private readonly directory: SlackUserDirectory,
    private readonly guard: ClickGuard,
    private readonly modalMetadata: ModalMetadata,
  ) {}

  @SlackActionHandler(HeadlineActionIds.PostUpdate)
  async open(context: BlockActionContext): Promise<void> {
    const incidentId = incidentIdOf(context.value);
    if (!incidentId || !context.triggerId) return;
    const incident = await this.guard.incidentOf(incidentId, context);
    if (!incident) return;
    const latest = await this.updates.latest(incidentId);
    const view = statusUpdateModal({
      incidentId,
      metadata: this.modalMetadata.seal(
        { incident: incidentId } satisfies UpdateModalMetadata,
        context.userId,
      ),
      private: incident.private,
      stakeholders: Boolean(this.config.updates.channelId),
      latest: latest && {
        text: latest.text,
        author: latest.author,
        postedAt: latest.postedAt,
      },
    });
    await this.slack.call('views.open', { trigger_id: context.triggerId, view }, { incidentId });
  }

  @SlackViewHandler(STATUS_UPDATE_MODAL)
  async submit(context: ViewSubmissionContext): Promise<ViewResponse> {
    const incidentId = incidentIdOf((context.metadata as UpdateModalMetadata | null)?.incident);
    if (!incidentId) {
      this.logger.warn(
        `Modal ${context.callbackId} submitted with metadata not sealed for its user`,
      );
      return errors('This form is not valid any more: open it again from the incident');
    }
    const text = context.values[STATUS_UPDATE_INPUT] ?? '';
    const invalid = statusUpdateTextErrors(text, STATUS_UPDATE_INPUT);
    if (invalid) return { response_action: 'errors', errors: invalid };
    try {
      const author = await this.directory.ensureUser(context.userId);
      await this.updates.post(incidentId, {
        text,
        authorId: author.id,
        ...(context.payload.view.id ? { sourceKey: `slack-view:${context.payload.view.id}` } : {}),
      });
    } catch (error) {
      if (error instanceof ValidationError)
        return errors(Object.values(error.errors)[0] ?? error.message);
      if (error instanceof NotFoundError) return errors('This incident no longer exists');
      throw error;
    }
    this.logger.log(`Status update posted for incident ${incidentId} by ${context.userId}`);
    return undefined;
  }
}

function errors(message: string): ViewResponse {
  return { response_action: 'errors', errors: { [STATUS_UPDATE_INPUT]: message } };
}
