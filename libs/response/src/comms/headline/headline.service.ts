import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { SlackJob } from '@response/contracts';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { CONFIG, type Config } from '../../config/config.js';
import { DomainEvents, type IncidentChangedEvent } from '../../common/domain-events.js';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import { IncidentRepository } from '../../incidents/incident.repository.js';
import { IncidentRolesService } from '../../incidents/incident-roles.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import type { Job } from '../../queue/queue.types.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import type { ButtonElement } from '../../slack/block-kit.js';
import { headlineBlocks, headlineText } from './headline-blocks.js';
import { ExtensionRegistry } from '../extensions/extension-registry.js';
import type { HeadlinePost } from './headline-post.entity.js';
import { HeadlinePostRepository } from './headline-post.repository.js';
import { SlackDeliveryCondition } from '../../slack/handlers/decorators.js';
import {
  SLACK_JOB_ATTEMPTS,
  SlackApiError,
  SlackClientService,
} from '../../slack/slack-client.service.js';

/** Slack message metadata type of headline posts (its payload carries the incident id). */
export const HEADLINE_EVENT = 'response_headline';

const HEADLINE_SHOWS = 'headline-shows-version';

/** The `after.condition` of a Slack call that must wait until the headline shows `version`. */
export function headlineShows(
  incidentId: number,
  version: number,
): { name: string; params: Record<string, unknown> } {
  return { name: HEADLINE_SHOWS, params: { incidentId, version } };
}

/**
 * The headline post: one message per incident, posted once and then updated
 * in place. Every change records a refresh job in the outbox inside the
 * change's transaction; the job renders the LATEST state under a
 * per-incident lock, so retries out of order never show an older state and
 * the message is never posted twice.
 */
@Injectable()
export class HeadlineService {
  private readonly logger = new Logger(HeadlineService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly outbox: OutboxService,
    private readonly slack: SlackClientService,
    private readonly registry: ExtensionRegistry,
    private readonly incidents: IncidentRepository,
    private readonly posts: HeadlinePostRepository,
    private readonly roles: IncidentRolesService,
  ) {}

  @OnEvent(DomainEvents.IncidentCreated, { suppressErrors: false })
  async onIncidentCreated(event: IncidentChangedEvent): Promise<void> {
    await this.requestRefresh(event.manager, event.incidentId, `v${event.version}`);
  }

  @OnEvent(DomainEvents.IncidentUpdated, { suppressErrors: false })
  async onIncidentUpdated(event: IncidentChangedEvent): Promise<void> {
    await this.requestRefresh(event.manager, event.incidentId, `v${event.version}`);
  }

  /**
   * Schedules a refresh of the headline post inside the caller's transaction.
   * Call it after changes that do not go through IncidentsService (e.g. the
   * comms channel was created or renamed), with a reason unique to the change.
   */
  async requestRefresh(manager: EntityManager, incidentId: number, reason: string): Promise<void> {
    if (!this.config.slack.enabled) return;
    await this.outbox.push(manager, {
      name: SlackJob.RefreshHeadline,
      data: { incidentId, reason },
      key: `headline:${incidentId}:${reason}`.slice(0, 200),
      attempts: SLACK_JOB_ATTEMPTS,
    });
  }

  @JobHandler(SlackJob.RefreshHeadline)
  async refresh(job: Job<typeof SlackJob.RefreshHeadline>): Promise<void> {
    await this.render(job.data.incidentId, job.id);
  }

  /** Posts or updates the headline post from the incident as it is now. */
  async render(incidentId: number, jobId?: string): Promise<void> {
    // Waiting for a turn in the channel happens before the transaction and its lock,
    // and only when the post is out of date (a refresh with nothing new uses no turn).
    const before = await this.plan(this.dataSource.manager, incidentId);
    if (!before) return;
    const paced = before.channelId;
    await this.slack.paceChannel(paced);
    await this.dataSource.transaction(async (manager) => {
      await this.posts.lock(manager, incidentId);
      const planned = await this.plan(manager, incidentId, jobId);
      if (!planned) return;
      const { incident, blocks, text, hash } = planned;
      let post = planned.post;
      const target = this.channelFor(incident);
      if (incident.private && post && post.channelId !== target) {
        // Made private: the post leaves the shared channel, and comes back in its own channel.
        if (post.messageTs) await this.withdraw(incident.id, post.channelId, post.messageTs);
        await this.posts.update(manager, incidentId, {
          channelId: target ?? post.channelId,
          messageTs: null,
          renderedVersion: 0,
          renderedHash: null,
        });
        post = { ...post, channelId: target ?? post.channelId, messageTs: null };
      }
      // A private incident's headline waits for its channel; creating it asks for a refresh.
      if (!target) return;

      let ts = post?.messageTs ?? null;
      let channelId = post?.channelId ?? target;
      if (!ts && post) {
        // An earlier try started posting and never recorded the answer (a crash, or
        // a lost answer): if Slack did post, update that message instead of posting again.
        const found = await this.slack.findPostedMessage(
          post.channelId,
          (meta) =>
            meta.event_type === HEADLINE_EVENT &&
            Number(meta.event_payload?.incident_id) === incidentId,
        );
        if (found) {
          this.logger.log(
            `Headline of incident ${incidentId} had already been posted (ts ${found.ts})`,
          );
          ts = found.ts;
          channelId = found.channel;
          await this.posts.update(manager, incidentId, { messageTs: ts, channelId });
        }
      }

      if (ts) {
        try {
          await this.slack.call(
            'chat.update',
            { channel: channelId, ts, text, blocks },
            { incidentId, jobId, paced: channelId === paced },
          );
          await this.posts.update(manager, incidentId, {
            renderedVersion: incident.version,
            renderedHash: hash,
          });
          return;
        } catch (error) {
          if (!(error instanceof SlackApiError && error.code === 'message_not_found')) throw error;
          this.logger.warn(
            `Headline post of incident ${incidentId} was deleted in Slack; posting it again`,
          );
          channelId = target;
        }
      }
      if (!post) {
        // Marks the post as started, outside this transaction so that it survives a crash.
        await this.posts.markStarted(incidentId, channelId);
      }
      const posted = await this.slack.call<{ ts: string; channel: string }>(
        'chat.postMessage',
        {
          channel: channelId,
          text,
          blocks,
          unfurl_links: false,
          metadata: { event_type: HEADLINE_EVENT, event_payload: { incident_id: incidentId } },
        },
        { incidentId, jobId, paced: channelId === paced },
      );
      await this.posts.update(manager, incidentId, {
        messageTs: posted.ts,
        channelId: posted.channel ?? channelId,
        renderedVersion: incident.version,
        renderedHash: hash,
      });
    });
  }

  /** What the headline post should show now, or null when it shows it already (or the incident is gone). */
  private async plan(manager: EntityManager, incidentId: number, jobId?: string) {
    const incident = await this.incidents.findWithChannel(incidentId, manager);
    if (!incident) {
      this.logger.log(
        `Incident ${incidentId} no longer exists; headline not refreshed (job ${jobId ?? '-'})`,
      );
      return null;
    }
    const post = await this.posts.find(incidentId, manager);
    if (post?.messageTs && post.renderedVersion > incident.version) return null;

    const blocks = headlineBlocks(
      incident,
      this.config.app.siteUrl,
      await this.pluginButtons(incident),
      await this.roles.holders(incidentId, manager),
    );
    const text = headlineText(incident);
    const hash = createHash('sha256')
      .update(JSON.stringify([text, blocks]))
      .digest('hex');
    const target = this.channelFor(incident);
    const moving = incident.private && post !== null && post.channelId !== target;
    if (
      !moving &&
      post?.messageTs &&
      post.renderedVersion === incident.version &&
      post.renderedHash === hash
    )
      return null;
    // Nothing to post and nothing to take down: a private incident still without its channel.
    if (!target && !(moving && post?.messageTs)) return null;
    return {
      incident,
      post,
      blocks,
      text,
      hash,
      channelId: post?.channelId ?? target ?? this.config.slack.incidentChannelId,
    };
  }

  /**
   * Where the headline post belongs: a private incident's own comms channel
   * (null until it exists), the report channel for report-only incidents when
   * there is one, else the incidents channel.
   */
  private channelFor(incident: IncidentWithChannel): string | null {
    if (incident.private) return incident.commsChannel?.channelId ?? null;
    return incident.reportOnly && this.config.slack.reportChannelId
      ? this.config.slack.reportChannelId
      : this.config.slack.incidentChannelId;
  }

  /** Deletes a headline post from a shared channel (gone already is fine). */
  private async withdraw(incidentId: number, channel: string, ts: string): Promise<void> {
    const result = await this.slack.call<{ ok: boolean; error?: string }>(
      'chat.delete',
      { channel, ts },
      { incidentId, accept: ['message_not_found', 'channel_not_found', 'cant_delete_message'] },
    );
    if (result.ok) this.logger.log(`Headline of incident ${incidentId} taken down from ${channel}`);
    else
      this.logger.warn(
        `Headline of incident ${incidentId} not deleted from ${channel}: ${result.error}`,
      );
  }

  /** The stored headline post of an incident, if it was posted. */
  find(incidentId: number): Promise<HeadlinePost | null> {
    return this.posts.find(incidentId);
  }

  /** For a queued call that must follow the headline (see `headlineShows`). */
  @SlackDeliveryCondition(HEADLINE_SHOWS)
  async showsVersion(params: Record<string, unknown>): Promise<boolean> {
    return this.posts.shows(Number(params.incidentId), Number(params.version));
  }

  private async pluginButtons(incident: IncidentWithChannel): Promise<ButtonElement[]> {
    const out: ButtonElement[] = [];
    for (const action of this.registry.headlineActions()) {
      try {
        const element = await action.run(incident);
        if (element) out.push(element);
      } catch (error) {
        this.logger.warn(
          `Headline action ${action.id} failed for incident ${incident.id}: ${(error as Error).message}`,
        );
      }
    }
    return out;
  }
}
