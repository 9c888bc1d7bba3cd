import { Injectable, Logger } from '@nestjs/common';
import { AppId } from '@response/contracts';
import { CommsChannelService } from '../channel/comms-channel.service.js';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import { UsersService } from '../../users/users.service.js';
import { SlackEventHandler } from '../../slack/handlers/decorators.js';
import { ExtensionRegistry } from '../extensions/extension-registry.js';
import { MessageContextFactory } from '../extensions/message-context.js';
import type { SlackEvent } from '../../slack/payloads.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import { UserStatsRepository } from './user-stats.repository.js';
import { PinsService, slackTsToDate, type PinnedSlackMessage } from './pins.service.js';

/** The reaction that pins a message to the timeline. */
export const PIN_REACTION = 'pushpin';

/** Message subtypes written by a person; others (joins, edits, deletions, topic changes) are not counted. */
const PERSON_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message']);

interface SlackMessageJson {
  ts?: unknown;
  text?: unknown;
  user?: unknown;
}

/**
 * Events of comms channels: pins and 📌 reactions become timeline entries,
 * messages count towards each person's participation and run the keyword
 * handlers, and renames update the stored channel name.
 */
@Injectable()
export class ChannelEvents {
  private readonly logger = new Logger(ChannelEvents.name);

  constructor(
    private readonly stats: UserStatsRepository,
    private readonly comms: CommsChannelService,
    private readonly pins: PinsService,
    private readonly users: UsersService,
    private readonly slack: SlackClientService,
    private readonly registry: ExtensionRegistry,
    private readonly contexts: MessageContextFactory,
  ) {}

  @SlackEventHandler('pin_added')
  async onPinAdded(event: SlackEvent): Promise<void> {
    const item = record(event.item);
    const channelId = str(event.channel_id) || str(item.channel);
    const message = record(item.message);
    const ts = str(message.ts);
    if (!channelId || !ts || (item.type !== undefined && item.type !== 'message')) return;
    const incident = await this.comms.incidentForChannel(channelId);
    if (!incident) return;
    await this.pins.pin(
      incident.id,
      {
        channelId,
        ts,
        text: str(message.text),
        user: str(message.user) || null,
      },
      'pin',
    );
  }

  @SlackEventHandler('pin_removed')
  async onPinRemoved(event: SlackEvent): Promise<void> {
    const item = record(event.item);
    const channelId = str(event.channel_id) || str(item.channel);
    const ts = str(record(item.message).ts);
    if (!channelId || !ts) return;
    const incident = await this.comms.incidentForChannel(channelId);
    if (incident) await this.pins.unpin(incident.id, ts, 'pin');
  }

  @SlackEventHandler('reaction_added')
  async onReactionAdded(event: SlackEvent): Promise<void> {
    const target = await this.pinReactionTarget(event);
    if (!target) return;
    const message = await this.fetchMessage(target.incident, target.channelId, target.ts);
    if (!message) {
      this.logger.warn(
        `📌 on ${target.ts} in ${target.channelId}: message not found (incident ${target.incident.id})`,
      );
      return;
    }
    await this.pins.pin(target.incident.id, message, 'reaction');
  }

  @SlackEventHandler('reaction_removed')
  async onReactionRemoved(event: SlackEvent): Promise<void> {
    const target = await this.pinReactionTarget(event);
    if (target) await this.pins.unpin(target.incident.id, target.ts, 'reaction');
  }

  @SlackEventHandler('message')
  async onMessage(event: SlackEvent): Promise<void> {
    const subtype = str(event.subtype);
    if (subtype && !PERSON_SUBTYPES.has(subtype)) return;
    const channelId = str(event.channel);
    const userId = str(event.user);
    const ts = str(event.ts);
    const joined = slackTsToDate(ts);
    if (!channelId || !userId || !joined) return;
    const incident = await this.comms.incidentForChannel(channelId);
    if (!incident) return;
    await this.countMessage(incident.id, userId, joined);
    await this.runKeywordHandlers({ incident, channelId, userId, ts }, str(event.text));
  }

  /** A channel renamed in Slack: `channel_rename`, or `group_rename` for a private one. */
  @SlackEventHandler('channel_rename')
  @SlackEventHandler('group_rename')
  async onChannelRename(event: SlackEvent): Promise<void> {
    const channel = record(event.channel);
    const id = str(channel.id);
    const name = str(channel.name);
    if (id && name) await this.comms.renamed(id, name);
  }

  /** One more message from this person; their join time is their first message. */
  private async countMessage(incidentId: number, slackId: string, at: Date): Promise<void> {
    let user;
    try {
      user = await this.users.resolveRef({ external_id: slackId, app_id: AppId.Slack }, 'user');
    } catch {
      this.logger.debug(
        `Message from unknown user ${slackId} not counted (incident ${incidentId})`,
      );
      return;
    }
    await this.stats.countMessage(incidentId, user!.id, at);
  }

  /**
   * Keyword plug-ins run after the message is counted. One failing never
   * fails the event (which would count the message again on retry).
   */
  private async runKeywordHandlers(
    origin: { incident: IncidentWithChannel; channelId: string; userId: string; ts: string },
    text: string,
  ): Promise<void> {
    if (!text) return;
    for (const { handler, keyword } of this.registry.keywordHandlers(text)) {
      try {
        await handler.run(this.contexts.keyword(origin, keyword, text, handler.id));
      } catch (error) {
        this.logger.error(
          `Keyword handler ${handler.id} failed on ${origin.ts} in ${origin.channelId}: ${(error as Error).message}`,
        );
      }
    }
  }

  private async pinReactionTarget(
    event: SlackEvent,
  ): Promise<{ incident: IncidentWithChannel; channelId: string; ts: string } | null> {
    if (event.reaction !== PIN_REACTION) return null;
    const item = record(event.item);
    const channelId = str(item.channel);
    const ts = str(item.ts);
    if (item.type !== 'message' || !channelId || !ts) return null;
    const incident = await this.comms.incidentForChannel(channelId);
    return incident ? { incident, channelId, ts } : null;
  }

  /** The message at `ts`: from the channel history, or from its thread when it is a reply. */
  private async fetchMessage(
    incident: IncidentWithChannel,
    channelId: string,
    ts: string,
  ): Promise<PinnedSlackMessage | null> {
    const context = { incidentId: incident.id };
    const history = await this.slack.call<{ messages?: SlackMessageJson[] }>(
      'conversations.history',
      { channel: channelId, latest: ts, inclusive: true, limit: 1 },
      context,
    );
    let found = (history.messages ?? []).find((message) => message.ts === ts);
    if (!found) {
      const replies = await this.slack.call<{ ok: boolean; messages?: SlackMessageJson[] }>(
        'conversations.replies',
        { channel: channelId, ts, latest: ts, inclusive: true, limit: 1 },
        { ...context, accept: ['thread_not_found', 'message_not_found'] },
      );
      found = (replies.messages ?? []).find((message) => message.ts === ts);
    }
    if (!found) return null;
    return { channelId, ts, text: str(found.text), user: str(found.user) || null };
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
