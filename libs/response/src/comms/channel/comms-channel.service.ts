import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppId, decodeEntities, incidentDocUrl, SlackJob, toMrkdwn } from '@response/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { CONFIG, type Config } from '../../config/config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import { Incident } from '../../incidents/incident.entity.js';
import { IncidentRepository } from '../../incidents/incident.repository.js';
import { IncidentRolesService } from '../../incidents/incident-roles.service.js';
import { OnEvent } from '@nestjs/event-emitter';
import { DomainEvents, type IncidentChangedEvent } from '../../common/domain-events.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { PermanentJobError, type Job } from '../../queue/queue.types.js';
import { HeadlineService } from '../headline/headline.service.js';
import {
  SLACK_JOB_ATTEMPTS,
  SlackApiError,
  SlackClientService,
} from '../../slack/slack-client.service.js';
import type { ExternalUser } from '../../users/external-user.entity.js';
import { isSlackUser } from '../slack-users/slack-user.js';
import { channelName, slugify, withSuffix } from './channel-name.js';
import { CommsChannel } from '../../incidents/comms-channel.entity.js';

/** The outcome of a rename asked for in Slack. */
export type RenameResult =
  { ok: true; name: string } | { ok: false; name: string; message: string };

/** Namespace of the advisory lock that serialises channel creation per incident. */
const CREATE_LOCK = 0x636f6d6d; // "comm"
/** Tries with `-2`, `-3`, … after `name_taken` before giving up. */
const MAX_NAME_TRIES = 20;
/** Invite answers that mean there is nothing to do for that user. */
const INVITE_NOOP = ['already_in_channel', 'cant_invite_self'];
/** Invite answers for users who cannot join (bots, deactivated or foreign users): skipped. */
const INVITE_SKIP = [
  'user_not_found',
  'cant_invite',
  'user_is_bot',
  'user_is_restricted',
  'user_disabled',
  'user_is_ultra_restricted',
];
/** Slack's longest channel topic. */
const TOPIC_MAX = 250;

const RENAME_REFUSALS: Record<string, string> = {
  name_taken: 'that name is already taken',
  invalid_name: 'that name is not allowed',
  invalid_name_specials: 'that name is not allowed',
  invalid_name_punctuation: 'that name is not allowed',
  invalid_name_required: 'the new name is empty',
  invalid_name_maxlength: 'that name is too long',
  not_authorized: "I'm not allowed to rename this channel",
  not_in_channel: "I'm not a member of this channel",
  is_archived: 'the channel is archived',
};

/**
 * The comms channel of an incident: creating it (as a queue job, guarded
 * against double clicks and concurrent workers), renaming it, finding the
 * incident of a channel. Every Slack call goes through SlackClientService.
 */
@Injectable()
export class CommsChannelService {
  private readonly logger = new Logger(CommsChannelService.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly slack: SlackClientService,
    private readonly headline: HeadlineService,
    private readonly incidents: IncidentRepository,
    private readonly outbox: OutboxService,
    private readonly roles: IncidentRolesService,
  ) {}

  /**
   * A private incident gets its (private) channel at once, when it is declared
   * or made private: its headline post lives there, never in a shared channel.
   */
  @OnEvent(DomainEvents.IncidentCreated, { suppressErrors: false })
  @OnEvent(DomainEvents.IncidentUpdated, { suppressErrors: false })
  async onIncidentChanged(event: IncidentChangedEvent): Promise<void> {
    if (!this.config.slack.enabled) return;
    if (!event.created && !event.changed.includes('private') && !event.changed.includes('lead'))
      return;
    const incident = await this.incidents.findWithChannel(event.incidentId, event.manager);
    if (!incident) return;
    if (incident.private && !incident.commsChannel) {
      await this.outbox.push(event.manager, {
        name: SlackJob.CreateCommsChannel,
        data: { incidentId: incident.id, requestedBy: null },
        key: `comms-create:${incident.id}:private`,
        attempts: SLACK_JOB_ATTEMPTS,
      });
    } else if (
      incident.commsChannel &&
      event.changed.includes('lead') &&
      isSlackUser(incident.lead)
    ) {
      // A new lead joins the channel (the only way into a private one).
      await this.slack.enqueue(event.manager, {
        method: 'conversations.invite',
        args: { channel: incident.commsChannel.channelId, users: incident.lead.externalId },
        key: `invite:${incident.commsChannel.channelId}:${incident.lead.externalId}:v${event.version}`,
        incidentId: incident.id,
      });
    }
  }

  /** The create-comms-channel button queues this job (keyed per incident, so a double click is one job). */
  @JobHandler(SlackJob.CreateCommsChannel)
  async handleCreateJob(job: Job<typeof SlackJob.CreateCommsChannel>): Promise<void> {
    try {
      await this.createChannel(
        job.data.incidentId,
        job.data.requestedBy ?? null,
        job.attemptsMade > 0,
      );
    } catch (error) {
      const final =
        error instanceof PermanentJobError || job.attemptsMade + 1 >= SLACK_JOB_ATTEMPTS;
      if (final) await this.tellCreateFailed(job, error as Error);
      throw error;
    }
  }

  /** The clicker learns (ephemeral, where they clicked) that no channel was made and that a click tries again. */
  private async tellCreateFailed(
    job: Job<typeof SlackJob.CreateCommsChannel>,
    error: Error,
  ): Promise<void> {
    const { incidentId, requestedBy, channelId, responseUrl } = job.data;
    this.logger.error(
      `Comms channel of incident ${incidentId} not created (job ${job.id}): ${error.message}`,
    );
    if (!channelId || !requestedBy) return;
    const reason = error instanceof SlackApiError ? ` (Slack said \`${error.code}\`)` : '';
    try {
      await this.slack.enqueue(null, {
        method: 'chat.postEphemeral',
        args: {
          channel: channelId,
          user: requestedBy,
          text: `:warning: I couldn't create the comms channel for incident ${incidentId}${reason}. Click *Create comms channel* again to retry.`,
        },
        key: `comms-create-failed:${incidentId}:${requestedBy}:${Date.now()}`,
        incidentId,
        channel: channelId,
        // Through the click's response_url first: it reaches the clicker wherever they clicked.
        ...(responseUrl ? { responseUrl } : {}),
      });
    } catch (notifyError) {
      this.logger.warn(`Could not tell ${requestedBy} about it: ${(notifyError as Error).message}`);
    }
  }

  /**
   * Creates the channel of an incident: `conversations.create` (with a suffix on
   * `name_taken`), then join, topic, invites and the intro message. An
   * advisory lock per incident and the unique `comms_channel.incident_id` mean
   * two clicks or two workers never make two channels: whoever comes second
   * finds the stored channel. A retried job (`resume`) finishes the set-up of
   * a channel it already stored.
   */
  async createChannel(
    incidentId: number,
    clickerSlackId: string | null,
    resume = false,
  ): Promise<CommsChannel | null> {
    const outcome = await this.uow.run(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1, $2)', [CREATE_LOCK, incidentId]);
      const incident = await m.findOne(Incident, {
        where: { id: incidentId },
        relations: { reporter: true, lead: true },
      });
      if (!incident) return null;
      const existing = await m.findOne(CommsChannel, { where: { incidentId } });
      if (existing) return { incident, channel: existing, created: false };
      const { id, name } = await this.createSlackChannel(incident);
      const channel = await m.save(
        m.create(CommsChannel, { incidentId, channelId: id, channelName: name }),
      );
      await this.slack.enqueue(m, {
        method: 'chat.postMessage',
        args: { channel: id, ...this.introMessage(incident) },
        key: `comms-intro:${incidentId}`,
        incidentId,
        channel: id,
      });
      await this.headline.requestRefresh(m, incidentId, `comms:${id}`);
      this.logger.log(`Created comms channel ${id} (#${name}) for incident ${incidentId}`);
      return { incident, channel, created: true };
    });
    if (!outcome) {
      this.logger.warn(`No comms channel for incident ${incidentId}: the incident does not exist`);
      return null;
    }
    if (outcome.created || resume)
      await this.setUp(outcome.incident, outcome.channel, clickerSlackId);
    // Someone else's click made the channel: this clicker is invited too.
    else if (clickerSlackId)
      await this.invite(outcome.incident.id, outcome.channel, clickerSlackId);
    return outcome.channel;
  }

  /** Renames the channel to `<prefix>-<slug of name>`; Slack's refusal comes back as a friendly message. */
  async rename(channelId: string, requested: string, incidentId?: number): Promise<RenameResult> {
    const prefix = this.config.slack.channelPrefix;
    // `rename inc-payments` means `inc-payments`, not `inc-inc-payments`.
    const slug = slugify(requested);
    const name = channelName(
      prefix,
      slug.startsWith(`${prefix}-`) ? slug.slice(prefix.length + 1) : slug,
    );
    if (name === channelName(prefix)) {
      return {
        ok: false,
        name,
        message:
          'Please give the channel a name with some letters or digits, e.g. `rename card payments outage`.',
      };
    }
    const result = await this.slack.call<{
      ok: boolean;
      error?: string;
      channel?: { name?: string };
    }>(
      'conversations.rename',
      { channel: channelId, name },
      { incidentId, accept: Object.keys(RENAME_REFUSALS) },
    );
    if (!result.ok) {
      const reason = RENAME_REFUSALS[result.error ?? ''] ?? 'Slack refused it';
      return {
        ok: false,
        name,
        message: `Sorry, I couldn't rename this channel to \`${name}\`: ${reason}.`,
      };
    }
    const stored = result.channel?.name ?? name;
    await this.renamed(channelId, stored);
    return { ok: true, name: stored };
  }

  /** Records a channel's new name (after a rename here or in Slack). */
  async renamed(channelId: string, name: string): Promise<boolean> {
    const result = await this.dataSource.manager.update(
      CommsChannel,
      { channelId },
      { channelName: name.slice(0, 100) },
    );
    return (result.affected ?? 0) > 0;
  }

  /** The incident worked on in a channel, or null when the channel is not a comms channel. */
  async incidentForChannel(
    channelId: string,
    manager?: EntityManager,
  ): Promise<IncidentWithChannel | null> {
    if (!channelId) return null;
    return this.incidents.findByChannel(channelId, manager);
  }

  private async createSlackChannel(incident: Incident): Promise<{ id: string; name: string }> {
    // A private incident's channel is private, and its name says nothing of the report.
    const base = incident.private
      ? channelName(this.config.slack.channelPrefix, incident.id)
      : channelName(this.config.slack.channelPrefix, incident.id, incident.report);
    for (let attempt = 1; attempt <= MAX_NAME_TRIES; attempt++) {
      const name = attempt === 1 ? base : withSuffix(base, attempt);
      const result = await this.slack.call<{
        ok: boolean;
        error?: string;
        channel?: { id: string; name: string };
      }>(
        'conversations.create',
        { name, is_private: incident.private },
        { incidentId: incident.id, accept: ['name_taken'] },
      );
      if (result.ok && result.channel)
        return { id: result.channel.id, name: result.channel.name ?? name };
    }
    throw new SlackApiError('conversations.create', 'name_taken');
  }

  /** Join, topic and invites: each is harmless to repeat, so a retried job simply runs them again. */
  private async setUp(
    incident: Incident,
    channel: CommsChannel,
    clickerSlackId: string | null,
  ): Promise<void> {
    const context = { incidentId: incident.id };
    await this.slack.call(
      'conversations.join',
      { channel: channel.channelId },
      { ...context, accept: ['already_in_channel', 'method_not_supported_for_channel_type'] },
    );
    // Plain text: Slack shows a topic as sent, so the stored escaping is undone. A private
    // incident's topic is the doc link only: a topic shows in places a message does not.
    const docUrl = incidentDocUrl(this.config.app.siteUrl, incident.id);
    const topic = incident.private ? docUrl : `${decodeEntities(incident.report)} - ${docUrl}`;
    const result = await this.slack.call<{ ok: boolean; error?: string }>(
      'conversations.setTopic',
      { channel: channel.channelId, topic: truncateTopic(topic, docUrl) },
      { ...context, accept: ['too_long', 'not_in_channel', 'is_archived'] },
    );
    if (!result.ok)
      this.logger.warn(
        `Could not set the topic of ${channel.channelId} (incident ${incident.id}): ${result.error}`,
      );

    // The reporter, the lead and whoever holds a role join, with the clicker.
    const invitees = new Set<string>();
    const holders = (await this.roles.holders(incident.id)).map((held) => held.user);
    for (const user of [incident.reporter, incident.lead, ...holders])
      if (isSlackUser(user)) invitees.add(user.externalId);
    if (clickerSlackId && /^[UW][A-Z0-9]+$/.test(clickerSlackId)) invitees.add(clickerSlackId);
    for (const user of invitees) await this.invite(incident.id, channel, user);
  }

  /** Invites one person; people who are in already or cannot join are skipped. */
  private async invite(incidentId: number, channel: CommsChannel, user: string): Promise<void> {
    if (!/^[UW][A-Z0-9]+$/.test(user)) return;
    const invited = await this.slack.call<{ ok: boolean; error?: string }>(
      'conversations.invite',
      { channel: channel.channelId, users: user },
      { incidentId, accept: [...INVITE_NOOP, ...INVITE_SKIP] },
    );
    if (!invited.ok && !INVITE_NOOP.includes(invited.error ?? '')) {
      this.logger.warn(
        `Did not invite ${user} to ${channel.channelId} (incident ${incidentId}): ${invited.error}`,
      );
    }
  }

  private introMessage(incident: Incident): { text: string; blocks: Record<string, unknown>[] } {
    const mention = (user: ExternalUser | null): string => {
      if (!user) return 'unknown';
      return user.appId === AppId.Slack
        ? `<@${user.externalId}>`
        : user.displayName || user.fullName || user.externalId;
    };
    const lines = [
      `:wave: This channel is for working on *${toMrkdwn(incident.report)}*.`,
      `*Reporter:* ${mention(incident.reporter)}   *Lead:* ${incident.lead ? mention(incident.lead) : 'nobody yet — take it with `@incident lead`'}`,
      `:page_facing_up: The incident doc: ${incidentDocUrl(this.config.app.siteUrl, incident.id)}`,
      ':pushpin: Pin messages (or react with :pushpin:) to add them to the timeline. Type `@incident help` to see what I can do.',
    ];
    const text = lines.join('\n');
    return {
      text,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }],
    };
  }
}

/** `<report> - <url>` within Slack's 250 characters: the report is shortened, the link kept. */
function truncateTopic(topic: string, url: string): string {
  if (topic.length <= TOPIC_MAX) return topic;
  const room = TOPIC_MAX - url.length - 4;
  return room > 0 ? `${topic.slice(0, room)}… - ${url}` : topic.slice(0, TOPIC_MAX);
}
