import { Injectable, Logger } from '@nestjs/common';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import { IncidentRepository } from '../../incidents/incident.repository.js';
import type { BlockActionContext } from '../../slack/handlers/handler-registry.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import { HeadlinePostRepository } from '../headline/headline-post.repository.js';

export const NOT_THIS_INCIDENT = "This button doesn't belong to that incident.";

/** How long a click on a headline post being recorded waits for it (Slack waits 3 s for the ack). */
const POSTING_LOOKS = 5;
const POSTING_WAIT_MS = 200;

/**
 * A button acts on incident N only when it was clicked on a message of N: its
 * headline post, or a message in N's comms channel. A click anywhere else (a
 * payload replayed from a log, a value changed by hand) changes nothing; the
 * clicker is told, privately and without a word about the incident. Slack
 * shows a private incident's messages only to the members of its channel, so
 * only they can act on it.
 */
@Injectable()
export class ClickGuard {
  private readonly logger = new Logger(ClickGuard.name);

  constructor(
    private readonly incidents: IncidentRepository,
    private readonly posts: HeadlinePostRepository,
    private readonly slack: SlackClientService,
  ) {}

  /** The incident when the click came from one of its messages; otherwise null (the clicker was told). */
  async incidentOf(
    incidentId: number,
    click: BlockActionContext,
  ): Promise<IncidentWithChannel | null> {
    const incident = await this.incidents.findWithChannel(incidentId);
    if (incident && (await this.clickedOn(incident, click))) return incident;
    this.logger.warn(
      `Refused ${click.actionId} by ${click.userId} for incident ${incidentId}: clicked in ${click.channelId ?? '-'} on ${click.messageTs ?? '-'}`,
    );
    await this.tell(click, NOT_THIS_INCIDENT);
    return null;
  }

  /** Tells the clicker something privately: through the click's response_url, else ephemerally. */
  async tell(click: BlockActionContext, text: string): Promise<void> {
    if (click.responseUrl && (await this.slack.respond(click.responseUrl, text))) return;
    if (!click.channelId) return;
    await this.slack.enqueue(null, {
      method: 'chat.postEphemeral',
      args: { channel: click.channelId, user: click.userId, text },
      key: `click-refused:${click.channelId}:${click.messageTs ?? '-'}:${click.userId}:${Date.now()}`,
      channel: click.channelId,
    });
  }

  private async clickedOn(
    incident: IncidentWithChannel,
    click: BlockActionContext,
  ): Promise<boolean> {
    if (!click.channelId) return false;
    if (incident.commsChannel && click.channelId === incident.commsChannel.channelId) return true;
    for (let look = 0; ; look++) {
      const post = await this.posts.find(incident.id);
      if (post?.messageTs)
        return post.channelId === click.channelId && post.messageTs === click.messageTs;
      // Slack shows a new post a moment before its answer is recorded here: a click that
      // quick, in the post's channel, is given that moment.
      if (post?.channelId !== click.channelId || look >= POSTING_LOOKS) return false;
      await new Promise((resolve) => setTimeout(resolve, POSTING_WAIT_MS));
    }
  }
}
