import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppId, decodeEntities, incidentDocUrl, isSeverity, SlackJob } from '@response/contracts';
import { CONFIG, type Config } from '../../config/config.js';
import { NotFoundError, ValidationError } from '../../common/errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { IncidentsService } from '../../incidents/incidents.service.js';
import { IncidentRolesService } from '../../incidents/incident-roles.service.js';
import type { ExternalUser } from '../../users/external-user.entity.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { HeadlineActionIds } from './headline-blocks.js';
import {
  editModal,
  Field,
  ModalIds,
  roleField,
  type ModalUser,
} from '../declare/incident-modals.js';
import { reportErrors, toModalErrors } from '../declare/declare.service.js';
import { SlackActionHandler, SlackViewHandler } from '../../slack/handlers/decorators.js';
import type {
  BlockActionContext,
  ViewResponse,
  ViewSubmissionContext,
} from '../../slack/handlers/handler-registry.js';
import { SLACK_JOB_ATTEMPTS, SlackClientService } from '../../slack/slack-client.service.js';
import { ModalMetadata } from '../../slack/modal-metadata.js';
import { ClickGuard } from '../channel/click-guard.js';
import { SlackUserDirectory } from '../slack-users/slack-user-directory.js';

function incidentIdOf(value: string | null): number | null {
  if (!value || !/^\d{1,10}$/.test(value)) return null;
  const id = Number(value);
  return id > 0 && id <= 2_147_483_647 ? id : null;
}

/** How the edit modal shows a person: a Slack user in a select, a web account by name. */
function modalUser(user: ExternalUser | null): ModalUser {
  if (!user) return null;
  return user.appId === AppId.Slack
    ? { slackId: user.externalId }
    : { name: user.displayName || user.fullName || user.externalId };
}

/** What the edit modal is opened for, sealed in its private_metadata. */
interface EditMetadata {
  incident: number;
}

/**
 * The headline post's buttons and the edit modal. Each click acts only on the
 * incident whose message was clicked (ClickGuard).
 */
@Injectable()
export class HeadlineActions {
  private readonly logger = new Logger(HeadlineActions.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly incidents: IncidentsService,
    private readonly slack: SlackClientService,
    private readonly outbox: OutboxService,
    private readonly unitOfWork: UnitOfWork,
    private readonly directory: SlackUserDirectory,
    private readonly guard: ClickGuard,
    private readonly modalMetadata: ModalMetadata,
    private readonly roles: IncidentRolesService,
  ) {}

  /** Queued, so the click is acked at once; the job's lock and channel check make concurrent clicks create one channel. */
  @SlackActionHandler(HeadlineActionIds.CreateCommsChannel)
  async createCommsChannel(context: BlockActionContext): Promise<void> {
    const incidentId = incidentIdOf(context.value);
    if (!incidentId || !(await this.guard.incidentOf(incidentId, context))) return;
    await this.unitOfWork.run((manager) =>
      this.outbox.push(manager, {
        name: SlackJob.CreateCommsChannel,
        data: {
          incidentId,
          requestedBy: context.userId,
          channelId: context.channelId,
          responseUrl: context.responseUrl,
        },
        // Per clicker: a double click is one job, and each person who clicks is invited.
        key: `comms-create:${incidentId}:${context.userId}`,
        attempts: SLACK_JOB_ATTEMPTS,
      }),
    );
  }

  @SlackActionHandler(HeadlineActionIds.Edit)
  async edit(context: BlockActionContext): Promise<void> {
    const incidentId = incidentIdOf(context.value);
    if (!incidentId || !(await this.guard.incidentOf(incidentId, context))) return;
    const incident = await this.incidents.findOne(incidentId);
    const lead = modalUser(incident.lead);
    const holders = await this.roles.holders(incidentId);
    const view = editModal({
      incidentId,
      metadata: this.modalMetadata.seal(
        { incident: incidentId } satisfies EditMetadata,
        context.userId,
      ),
      docUrl: incidentDocUrl(this.config.app.siteUrl, incidentId),
      report: decodeEntities(incident.report),
      summary: decodeEntities(incident.summary),
      impact: decodeEntities(incident.impact),
      lead,
      severity: incident.severity,
      roles: this.roles.definitions().map((role) => ({
        key: role.key,
        name: role.name,
        holder: modalUser(holders.find((h) => h.role.key === role.key)?.user ?? null),
      })),
    });
    await this.slack.call('views.open', { trigger_id: context.triggerId, view }, { incidentId });
  }

  @SlackViewHandler(ModalIds.Edit)
  async saveEdit(context: ViewSubmissionContext): Promise<ViewResponse> {
    const incidentId = incidentIdOf(
      String((context.metadata as EditMetadata | null)?.incident ?? ''),
    );
    if (!incidentId)
      return {
        response_action: 'errors',
        errors: {
          [Field.Report]: 'This form is not valid any more: open it again from the incident',
        },
      };
    const values = context.values;
    const report = values[Field.Report] ?? '';
    const invalid = reportErrors(report);
    if (invalid) return { response_action: 'errors', errors: invalid };
    const severity = values[Field.Severity];
    try {
      const current = await this.incidents.findOne(incidentId);
      if (current.severity && !isSeverity(severity)) {
        return {
          response_action: 'errors',
          errors: { [Field.Severity]: 'The severity cannot be unset once it has been set' },
        };
      }
      // A field the modal showed read-only (not an input) is absent and stays as it is.
      const shown = (field: string) => Object.hasOwn(values, field);
      let leadId: number | null | undefined;
      if (shown(Field.Lead)) {
        const leadSlackId = values[Field.Lead];
        leadId = leadSlackId ? (await this.directory.ensureUser(leadSlackId)).id : null;
      }
      // Roles the form showed as a select, with whoever was picked (or nobody).
      const roles: { key: string; userId: number | null }[] = [];
      for (const role of this.roles.definitions()) {
        if (!shown(roleField(role.key))) continue;
        const slackId = values[roleField(role.key)];
        roles.push({
          key: role.key,
          userId: slackId ? (await this.directory.ensureUser(slackId)).id : null,
        });
      }
      const actor = roles.length > 0 ? await this.directory.ensureUser(context.userId) : null;
      await this.unitOfWork.run(async (m) => {
        await this.incidents.update(
          incidentId,
          {
            report,
            ...(shown(Field.Summary) ? { summary: values[Field.Summary] ?? null } : {}),
            ...(shown(Field.Impact) ? { impact: values[Field.Impact] ?? null } : {}),
            ...(leadId !== undefined ? { leadId } : {}),
            ...(isSeverity(severity) ? { severity } : {}),
          },
          context.userId,
          m,
        );
        for (const role of roles)
          await this.roles.assign(incidentId, role.key, role.userId, actor, m);
      });
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
    if (!incidentId || !(await this.guard.incidentOf(incidentId, context))) return;
    const { alreadyClosed } = await this.incidents.close(incidentId, context.userId);
    this.logger.log(
      `Incident ${incidentId} ${alreadyClosed ? 'was already closed' : 'closed'} from Slack by ${context.userId}`,
    );
  }
}
