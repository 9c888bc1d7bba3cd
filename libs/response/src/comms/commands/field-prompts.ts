import { Inject, Injectable, Logger } from '@nestjs/common';
import { decodeEntities, incidentDocUrl, isBlankText, toMrkdwn } from '@response/contracts';
import { CONFIG, type Config } from '../../config/config.js';
import {
  BlockLimits,
  actions,
  button,
  input,
  modal,
  section,
  textInput,
  truncate,
  type Block,
  type ButtonElement,
} from '../../slack/block-kit.js';
import { IncidentsService } from '../../incidents/incidents.service.js';
import { SlackActionHandler, SlackViewHandler } from '../../slack/handlers/decorators.js';
import type {
  BlockActionContext,
  ViewResponse,
  ViewSubmissionContext,
} from '../../slack/handlers/handler-registry.js';
import type { CommandContext } from '../extensions/extension-registry.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import { ModalMetadata } from '../../slack/modal-metadata.js';
import { ClickGuard } from '../channel/click-guard.js';

/** The incident texts that `@incident summary` and `@incident impact` show and set. */
export type PromptField = 'summary' | 'impact';

/** Action ids of the buttons under a shown summary or impact, and callback ids of their modals. */
export const FieldPromptIds = {
  change: { summary: 'change-summary-button', impact: 'change-impact-button' },
  accept: { summary: 'accept-summary-button', impact: 'accept-impact-button' },
  modal: { summary: 'incident-summary-edit', impact: 'incident-impact-edit' },
  /** Block (and action) id of the text input in the modal. */
  input: 'value',
} as const;

/** Longest text the modal input takes (Slack's limit for plain text inputs). */
const INPUT_MAX = 3000;

interface ButtonValue {
  incident: number;
  text?: string;
}

/** What a field modal is opened for, sealed in its private_metadata. */
interface FieldModalMetadata {
  incident: number;
  channel: string | null;
}

/** `*The summary has been updated to:*\n<text>`, from the text as stored. */
export function updatedMessage(field: PromptField, stored: string | null): string {
  return `*The ${field} has been updated to:*\n${toMrkdwn(stored)}`;
}

/**
 * `summary [text]` and `impact [text]`: sets the text when there is none yet,
 * otherwise shows the current one with a **Change** button (a modal) and, when
 * a new text was proposed, a **Yes** button that accepts it.
 */
@Injectable()
export class FieldPrompts {
  private readonly logger = new Logger(FieldPrompts.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly incidents: IncidentsService,
    private readonly slack: SlackClientService,
    private readonly guard: ClickGuard,
    private readonly modalMetadata: ModalMetadata,
  ) {}

  async command(context: CommandContext, field: PromptField): Promise<boolean> {
    const incident = await this.incidents.findOne(context.incident.id);
    const current = incident[field];
    // Written in a Slack message: its mentions and links are Slack's own.
    const proposed = isBlankText(context.text) ? '' : context.text;
    if (!current && proposed) {
      const saved = await this.incidents.update(
        incident.id,
        { [field]: proposed, fromSlack: true },
        context.userId,
      );
      await context.say(updatedMessage(field, saved[field]));
      return true;
    }
    const blocks: Block[] = [
      section(
        undefined,
        current
          ? `*The ${field} is currently:*\n${toMrkdwn(current)}`
          : `This incident has no ${field} yet.`,
      ),
    ];
    const buttons: ButtonElement[] = [];
    if (proposed) {
      const value = JSON.stringify({ incident: incident.id, text: proposed } satisfies ButtonValue);
      if (value.length <= BlockLimits.buttonValue) {
        blocks.push(section(undefined, `Do you want to change it to:\n${toMrkdwn(proposed)}`));
        buttons.push(button(FieldPromptIds.accept[field], 'Yes', value, 'primary'));
      } else {
        blocks.push(
          section(
            undefined,
            `That ${field} is too long to accept with a button: use *Change* to paste it.`,
          ),
        );
      }
    }
    buttons.push(
      button(
        FieldPromptIds.change[field],
        'Change',
        JSON.stringify({ incident: incident.id } satisfies ButtonValue),
      ),
    );
    blocks.push(actions(`${field}-prompt`, buttons));
    const fallback = current
      ? `The ${field} is currently: ${toMrkdwn(current)}`
      : `This incident has no ${field} yet.`;
    await context.say({ text: truncate(fallback, BlockLimits.sectionText), blocks });
    return true;
  }

  @SlackActionHandler(FieldPromptIds.change.summary)
  changeSummary(context: BlockActionContext): Promise<void> {
    return this.openModal(context, 'summary');
  }

  @SlackActionHandler(FieldPromptIds.change.impact)
  changeImpact(context: BlockActionContext): Promise<void> {
    return this.openModal(context, 'impact');
  }

  @SlackActionHandler(FieldPromptIds.accept.summary)
  acceptSummary(context: BlockActionContext): Promise<void> {
    return this.accept(context, 'summary');
  }

  @SlackActionHandler(FieldPromptIds.accept.impact)
  acceptImpact(context: BlockActionContext): Promise<void> {
    return this.accept(context, 'impact');
  }

  @SlackViewHandler(FieldPromptIds.modal.summary)
  submitSummary(context: ViewSubmissionContext): Promise<ViewResponse> {
    return this.submit(context, 'summary');
  }

  @SlackViewHandler(FieldPromptIds.modal.impact)
  submitImpact(context: ViewSubmissionContext): Promise<ViewResponse> {
    return this.submit(context, 'impact');
  }

  private async openModal(context: BlockActionContext, field: PromptField): Promise<void> {
    const value = parseValue(context.value);
    if (!value || !context.triggerId || !(await this.guard.incidentOf(value.incident, context)))
      return;
    const incident = await this.incidents.findOne(value.incident);
    const current = decodeEntities(incident[field]);
    if ([...current].length > INPUT_MAX) {
      // Slack's input would cut it: the whole text is edited in the doc instead.
      await this.guard.tell(
        context,
        `The ${field} is longer than Slack's form can show: edit it in the incident doc, ${incidentDocUrl(this.config.app.siteUrl, incident.id)}`,
      );
      return;
    }
    const metadata: FieldModalMetadata = { incident: incident.id, channel: context.channelId };
    const view = modal({
      callbackId: FieldPromptIds.modal[field],
      title: field === 'summary' ? 'Edit summary' : 'Edit impact',
      submit: 'Save',
      privateMetadata: this.modalMetadata.seal(metadata, context.userId),
      blocks: [
        input(
          FieldPromptIds.input,
          field === 'summary' ? 'Summary' : 'Impact',
          textInput({
            initial: current,
            multiline: true,
            maxLength: INPUT_MAX,
          }),
        ),
      ],
    });
    await this.slack.call(
      'views.open',
      { trigger_id: context.triggerId, view },
      { incidentId: incident.id },
    );
  }

  private async accept(context: BlockActionContext, field: PromptField): Promise<void> {
    const value = parseValue(context.value);
    if (!value?.text || !(await this.guard.incidentOf(value.incident, context))) return;
    // The proposal was written in a Slack message and carried by the button.
    const saved = await this.incidents.update(
      value.incident,
      { [field]: value.text, fromSlack: true },
      context.userId,
    );
    if (!context.channelId) return;
    await this.announce(saved.id, saved.version, context.channelId, field, saved[field]);
    if (context.messageTs) {
      await this.slack.enqueue(null, {
        method: 'chat.update',
        args: {
          channel: context.channelId,
          ts: context.messageTs,
          text: `<@${context.userId}> accepted the new ${field}.`,
          blocks: [
            section(
              undefined,
              `:white_check_mark: <@${context.userId}> accepted the new ${field}.`,
            ),
          ],
        },
        key: `${field}-accepted:${context.channelId}:${context.messageTs}`,
        incidentId: saved.id,
        channel: context.channelId,
      });
    }
  }

  private async submit(context: ViewSubmissionContext, field: PromptField): Promise<ViewResponse> {
    const metadata = parseMetadata(context.metadata);
    if (!metadata) {
      this.logger.warn(
        `Modal ${context.callbackId} submitted with metadata not sealed for its user`,
      );
      return {
        response_action: 'errors',
        errors: {
          [FieldPromptIds.input]: 'This form is not valid any more: open it again from the channel',
        },
      };
    }
    // Typed in a form, not a message: any mark-up in it is shown as typed.
    const text = (context.values[FieldPromptIds.input] ?? '').trim();
    if (isBlankText(text))
      return {
        response_action: 'errors',
        errors: { [FieldPromptIds.input]: `Please write the ${field}.` },
      };
    const saved = await this.incidents.update(metadata.incident, { [field]: text }, context.userId);
    if (metadata.channel)
      await this.announce(saved.id, saved.version, metadata.channel, field, saved[field]);
    return undefined;
  }

  /** Posts the new text once per saved version, whichever button or modal saved it. */
  private async announce(
    incidentId: number,
    version: number,
    channel: string,
    field: PromptField,
    stored: string | null,
  ): Promise<void> {
    await this.slack.enqueue(null, {
      method: 'chat.postMessage',
      args: { channel, text: updatedMessage(field, stored) },
      key: `${field}-updated:${incidentId}:${version}`,
      incidentId,
      channel,
    });
  }
}

function parseValue(raw: string | null): ButtonValue | null {
  try {
    const value = JSON.parse(raw ?? '') as Partial<ButtonValue>;
    if (!Number.isSafeInteger(value.incident) || (value.incident ?? 0) <= 0) return null;
    return {
      incident: value.incident!,
      text: typeof value.text === 'string' ? value.text : undefined,
    };
  } catch {
    return null;
  }
}

function parseMetadata(sealed: unknown): FieldModalMetadata | null {
  const value = (sealed ?? {}) as Partial<FieldModalMetadata>;
  if (!Number.isSafeInteger(value.incident) || (value.incident ?? 0) <= 0) return null;
  return {
    incident: value.incident!,
    channel: typeof value.channel === 'string' && value.channel ? value.channel : null,
  };
}
