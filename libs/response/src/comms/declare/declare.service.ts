import { Inject, Injectable, Logger } from '@nestjs/common';
import { decodeEntities, isBlankText, isSeverity, Limits } from '@response/contracts';
import { ValidationError } from '../../common/errors.js';
import { CONFIG, type Config } from '../../config/config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { IncidentsService } from '../../incidents/incidents.service.js';
import { Field, ModalIds, PRIVATE_CHOICE, reportModal } from './incident-modals.js';
import { ModalMetadata } from '../../slack/modal-metadata.js';
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

/** Checks the report text the way Slack users see it: before any escaping; invisible text is no report. */
export function reportErrors(report: string): Record<string, string> | null {
  if (isBlankText(report)) return { [Field.Report]: 'Please describe the incident' };
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
    private readonly modalMetadata: ModalMetadata,
  ) {}

  /** `/incident [text]`: opens the modal at once (the trigger id lives 3 s). A string answer is shown to the user. */
  @SlackSlashCommand()
  async openModal(command: SlashCommandPayload): Promise<string | undefined> {
    const origin: DeclareOrigin = {
      channel_id: command.channel_id,
      // The command's response_url (valid 30 min) answers the reporter even where the app is not a member.
      ...(command.response_url ? { response_url: command.response_url } : {}),
    };
    const view = reportModal({
      // Slack escapes `&`, `<` and `>` in command text; the input shows what was typed.
      text: [...decodeEntities(command.text.trim())].slice(0, Limits.reportLength).join(''),
      metadata: this.modalMetadata.seal(origin, command.user_id),
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
    const origin = context.metadata as DeclareOrigin | null;
    if (!origin)
      return {
        response_action: 'errors',
        errors: { [Field.Report]: 'This form is not valid any more: type /incident again' },
      };
    const values = context.values;
    const report = values[Field.Report] ?? '';
    const invalid = reportErrors(report);
    if (invalid) return { response_action: 'errors', errors: invalid };
    const isPrivate = (values[Field.Private] ?? '').split(',').includes(PRIVATE_CHOICE);
    const severity = values[Field.Severity];
    const reportOnly =
      Boolean(this.config.slack.reportChannelId) && values[Field.Kind] === 'report';

    const reporter = await this.directory.ensureUser(context.userId);
    const leadId = values[Field.Lead];
    const lead = leadId ? await this.directory.ensureUser(leadId) : null;
    const channelId = originChannel(origin);
    const responseUrl = originResponseUrl(origin);

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
            private: isPrivate,
          },
          context.userId,
          manager,
        );
        if (channelId) {
          const headlineChannel = reportOnly
            ? this.config.slack.reportChannelId!
            : this.config.slack.incidentChannelId;
          const text = isPrivate
            ? 'Thanks for raising the incident 🙏 It is private: a private channel is being made for it, and you will be invited.'
            : `Thanks for raising the incident 🙏 Head over to <#${headlineChannel}> to follow it and to create a comms channel.`;
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

/** Where `/incident` was typed, sealed in the declare modal's private_metadata. */
interface DeclareOrigin {
  channel_id?: string;
  response_url?: string;
}

/** The channel the command was typed in. */
function originChannel(origin: DeclareOrigin): string | null {
  const channel = origin.channel_id;
  return typeof channel === 'string' && /^[CGD][A-Z0-9]+$/.test(channel) ? channel : null;
}

/** The slash command's response_url (an http(s) URL), if any. */
function originResponseUrl(origin: DeclareOrigin): string | null {
  try {
    const url = typeof origin.response_url === 'string' ? new URL(origin.response_url) : null;
    return url && (url.protocol === 'https:' || url.protocol === 'http:') ? url.toString() : null;
  } catch {
    return null;
  }
}
