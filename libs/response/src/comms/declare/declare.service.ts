import { Inject, Injectable, Logger } from '@nestjs/common';
import { decodeEntities, isSeverity, Limits } from '@response/contracts';
import { ValidationError } from '../../common/errors.js';
import { CONFIG, type Config } from '../../config/config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { IncidentsService } from '../../incidents/incidents.service.js';
import { Field, ModalIds, reportModal } from './incident-modals.js';
import { SlackSlashCommand, SlackViewHandler } from '../../slack/handlers/decorators.js';
import type { ViewResponse, ViewSubmissionContext } from '../../slack/handlers/handler-registry.js';
import type { SlashCommandPayload } from '../../slack/payloads.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import { SlackUserDirectory } from '../slack-users/slack-user-directory.js';

/** Maps service validation errors (field names) onto the modal's block ids. */
export function toModalErrors(error: ValidationError): Record<string, string> {
  const known = new Set<string>(Object.values(Field));
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.errors)) {
    const blockId = field === 'lead_id' ? Field.Lead : field;
    errors[known.has(blockId) ? blockId : Field.Report] = message;
  }
  return errors;
}

/** Checks the report text the way Slack users see it: before any escaping. */
export function reportErrors(report: string): Record<string, string> | null {
  if (report.trim() === '') return { [Field.Report]: 'Please describe the incident' };
  const length = [...report].length;
  if (length > Limits.reportLength) {
    return {
      [Field.Report]: `Please keep the report to ${Limits.reportLength} characters (it has ${length})`,
    };
  }
  return null;
}

/** Declaring an incident from Slack: `/incident [text]`, its modal, and the submission. */
@Injectable()
export class DeclareService {
  private readonly logger = new Logger(DeclareService.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly slack: SlackClientService,
    private readonly incidents: IncidentsService,
    private readonly directory: SlackUserDirectory,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** `/incident [text]`: opens the modal at once (the trigger id lives 3 s). A string answer is shown to the user. */
  @SlackSlashCommand()
  async openModal(command: SlashCommandPayload): Promise<string | undefined> {
    const view = reportModal({
      // Slack escapes `&`, `<` and `>` in command text; the input shows what was typed.
      text: [...decodeEntities(command.text.trim())].slice(0, Limits.reportLength).join(''),
      channelId: command.channel_id,
      responseUrl: command.response_url,
      askLiveOrReport: Boolean(this.config.slack.reportChannelId),
    });
    try {
      await this.slack.call('views.open', { trigger_id: command.trigger_id, view });
      return undefined;
    } catch (error) {
      this.logger.warn(
        `Could not open the incident modal for ${command.user_id}: ${(error as Error).message}`,
      );
      return "Sorry, I couldn't open the incident form just now. Please try `/incident` again.";
    }
  }

  @SlackViewHandler(ModalIds.Report)
  async submit(context: ViewSubmissionContext): Promise<ViewResponse> {
    const values = context.values;
    const report = values[Field.Report] ?? '';
    const invalid = reportErrors(report);
    if (invalid) return { response_action: 'errors', errors: invalid };
    const severity = values[Field.Severity];
    const reportOnly =
      Boolean(this.config.slack.reportChannelId) && values[Field.Kind] === 'report';

    const reporter = await this.directory.ensureUser(context.userId);
    const leadId = values[Field.Lead];
    const lead = leadId ? await this.directory.ensureUser(leadId) : null;
    const channelId = originChannel(context.privateMetadata);
    const responseUrl = originResponseUrl(context.privateMetadata);

    try {
      await this.unitOfWork.run(async (manager) => {
        const incident = await this.incidents.create(
          {
            report,
            summary: values[Field.Summary],
            impact: values[Field.Impact],
            reporterId: reporter.id,
            leadId: lead?.id ?? null,
            severity: isSeverity(severity) ? severity : null,
            reportOnly,
          },
          context.userId,
          manager,
        );
        if (channelId) {
          const headlineChannel = reportOnly
            ? this.config.slack.reportChannelId!
            : this.config.slack.incidentChannelId;
          const text = `Thanks for raising the incident 🙏 Head over to <#${headlineChannel}> to follow it and to create a comms channel.`;
          await this.slack.enqueue(manager, {
            method: 'chat.postEphemeral',
            args: { channel: channelId, user: context.userId, text },
            key: `declare-thanks:${incident.id}`,
            incidentId: incident.id,
            channel: channelId,
            ...(responseUrl ? { responseUrl } : {}),
          });
        }
        this.logger.log(`Incident ${incident.id} declared from Slack by ${context.userId}`);
      });
    } catch (error) {
      if (error instanceof ValidationError)
        return { response_action: 'errors', errors: toModalErrors(error) };
      throw error;
    }
    return undefined;
  }
}

/** The channel the command was typed in, kept in the modal's private metadata. */
function originChannel(privateMetadata: string): string | null {
  try {
    const parsed = JSON.parse(privateMetadata) as { channel_id?: unknown };
    return typeof parsed.channel_id === 'string' && /^[CGD][A-Z0-9]+$/.test(parsed.channel_id)
      ? parsed.channel_id
      : null;
  } catch {
    return /^[CGD][A-Z0-9]+$/.test(privateMetadata) ? privateMetadata : null;
  }
}

/** The slash command's response_url kept in the modal's private metadata (an https URL), if any. */
function originResponseUrl(privateMetadata: string): string | null {
  try {
    const parsed = JSON.parse(privateMetadata) as { response_url?: unknown };
    const url = typeof parsed.response_url === 'string' ? new URL(parsed.response_url) : null;
    return url && (url.protocol === 'https:' || url.protocol === 'http:') ? url.toString() : null;
  } catch {
    return null;
  }
}
