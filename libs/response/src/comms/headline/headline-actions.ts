import { Injectable, Logger } from '@nestjs/common';
import { AppId, decodeEntities, isSeverity, SlackJob } from '@response/contracts';
import { NotFoundError, ValidationError } from '../../common/errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { IncidentsService } from '../../incidents/incidents.service.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { HeadlineActionIds } from './headline-blocks.js';
import { editModal, Field, ModalIds } from '../declare/incident-modals.js';
import { reportErrors, toModalErrors } from '../declare/declare.service.js';
import { SlackActionHandler, SlackViewHandler } from '../../slack/handlers/decorators.js';
import type {
  BlockActionContext,
  ViewResponse,
  ViewSubmissionContext,
} from '../../slack/handlers/handler-registry.js';
import { SLACK_JOB_ATTEMPTS, SlackClientService } from '../../slack/slack-client.service.js';
import { SlackUserDirectory } from '../slack-users/slack-user-directory.js';

function incidentIdOf(value: string | null): number | null {
  if (!value || !/^\d{1,10}$/.test(value)) return null;
  const id = Number(value);
  return id > 0 && id <= 2_147_483_647 ? id : null;
}

/** The headline post's buttons and the edit modal. */
@Injectable()
export class HeadlineActions {
  private readonly logger = new Logger(HeadlineActions.name);

  constructor(
    private readonly incidents: IncidentsService,
    private readonly slack: SlackClientService,
    private readonly outbox: OutboxService,
    private readonly unitOfWork: UnitOfWork,
    private readonly directory: SlackUserDirectory,
  ) {}

  /** Queued, so the click is acked at once; the job's lock and channel check make concurrent clicks create one channel. */
  @SlackActionHandler(HeadlineActionIds.CreateCommsChannel)
  async createCommsChannel(context: BlockActionContext): Promise<void> {
    const incidentId = incidentIdOf(context.value);
    if (!incidentId) return;
    await this.unitOfWork.run((manager) =>
      this.outbox.push(manager, {
        name: SlackJob.CreateCommsChannel,
        data: { incidentId, requestedBy: context.userId, channelId: context.channelId },
        // Per clicker: a double click is one job, and each person who clicks is invited.
        key: `comms-create:${incidentId}:${context.userId}`,
        attempts: SLACK_JOB_ATTEMPTS,
      }),
    );
  }

  @SlackActionHandler(HeadlineActionIds.Edit)
  async edit(context: BlockActionContext): Promise<void> {
    const incidentId = incidentIdOf(context.value);
    if (!incidentId) return;
    const incident = await this.incidents.findOne(incidentId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (!incident) {
      this.logger.warn(`Edit clicked for unknown incident ${incidentId}`);
      return;
    }
    const view = editModal({
      incidentId,
      report: decodeEntities(incident.report),
      summary: decodeEntities(incident.summary),
      impact: decodeEntities(incident.impact),
      leadSlackId: incident.lead?.appId === AppId.Slack ? incident.lead.externalId : null,
      severity: incident.severity,
    });
    await this.slack.call('views.open', { trigger_id: context.triggerId, view }, { incidentId });
  }

  @SlackViewHandler(ModalIds.Edit)
  async saveEdit(context: ViewSubmissionContext): Promise<ViewResponse> {
    const incidentId = incidentIdOf(context.privateMetadata);
    if (!incidentId)
      return {
        response_action: 'errors',
        errors: { [Field.Report]: 'This form no longer matches an incident' },
      };
    const values = context.values;
    const report = values[Field.Report] ?? '';
    const invalid = reportErrors(report);
    if (invalid) return { response_action: 'errors', errors: invalid };
    const severity = values[Field.Severity];
    const leadSlackId = values[Field.Lead];
    const lead = leadSlackId ? await this.directory.ensureUser(leadSlackId) : null;
    try {
      const current = await this.incidents.findOne(incidentId);
      if (current.severity && !isSeverity(severity)) {
        return {
          response_action: 'errors',
          errors: { [Field.Severity]: 'The severity cannot be unset once it has been set' },
        };
      }
      await this.incidents.update(
        incidentId,
        {
          report,
          summary: values[Field.Summary] ?? null,
          impact: values[Field.Impact] ?? null,
          leadId: lead?.id ?? null,
          ...(isSeverity(severity) ? { severity } : {}),
        },
        context.userId,
      );
    } catch (error) {
      if (error instanceof ValidationError)
        return { response_action: 'errors', errors: toModalErrors(error) };
      if (error instanceof NotFoundError)
        return {
          response_action: 'errors',
          errors: { [Field.Report]: 'This incident no longer exists' },
        };
      throw error;
    }
    return undefined;
  }

  /** Closing is one short transaction; the headline update and the close flow follow from the domain event. */
  @SlackActionHandler(HeadlineActionIds.Close)
  async close(context: BlockActionContext): Promise<void> {
    const incidentId = incidentIdOf(context.value);
    if (!incidentId) return;
    try {
      const { alreadyClosed } = await this.incidents.close(incidentId, context.userId);
      this.logger.log(
        `Incident ${incidentId} ${alreadyClosed ? 'was already closed' : 'closed'} from Slack by ${context.userId}`,
      );
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
  }
}
