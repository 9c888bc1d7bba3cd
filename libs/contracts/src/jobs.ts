/**
 * The job catalogue: every queue job, the queue it runs on, and the type of its
 * data. The outbox, `JobQueue.add` and `@JobHandler` are typed from it, so a
 * job enqueued with the wrong data, or a handler expecting other data, does not
 * compile. This is the one place that lists every job.
 */

/** Queue names. */
export const SLACK_QUEUE = 'slack';
/** Webhook deliveries, apart so a slow receiver never holds up Slack. */
export const WEBHOOK_QUEUE = 'webhooks';
export type QueueName = typeof SLACK_QUEUE | typeof WEBHOOK_QUEUE;

/** Job names. */
export const SlackJob = {
  /** Post or update the headline post of an incident from its latest state. */
  RefreshHeadline: 'refresh-headline',
  /** Create the comms channel of an incident. */
  CreateCommsChannel: 'create-comms-channel',
  /** Make one Slack Web API call (post a message, DM, …) identified by an idempotency key. */
  PostMessage: 'post-message',
  /** Add or remove a reaction. */
  React: 'react',
  /** Sync the user cache from `users.list`. */
  SyncUsers: 'sync-users',
  /** Check reminders for open incidents. */
  Reminders: 'reminders',
  /** Run one registered handler for one Events API event taken in by `/slack/event`. */
  HandleEvent: 'handle-event',
  /** Forget Slack event ids older than the dedup window, and old delivery keys. */
  PurgeProcessedEvents: 'purge-processed-events',
  /** Fill in the names of a Slack user first seen in a request (`users.info`). */
  FillUserProfile: 'fill-user-profile',
  /** Forget the messages of incidents closed longer ago than MESSAGE_RETENTION_DAYS. */
  PurgeMessages: 'purge-messages',
  /** Warn, then archive, the channels of incidents closed longer ago than ARCHIVE_AFTER. */
  ArchiveChannels: 'archive-channels',
  /** Send a status update where it goes in Slack (comms channel, headline thread, stakeholders). */
  PostStatusUpdate: 'post-status-update',
  /** Remind the lead of incidents whose status update is due (`STATUS_UPDATE_CADENCE`). */
  StatusUpdateReminders: 'status-update-reminders',
} as const;
export type SlackJob = (typeof SlackJob)[keyof typeof SlackJob];

export const WebhookJob = {
  /** Try to send one webhook delivery (when it is due and first in line for its incident). */
  Deliver: 'deliver-webhook',
  /** Pick up deliveries whose job was lost, and forget old finished ones. */
  Housekeeping: 'webhook-housekeeping',
} as const;
export type WebhookJob = (typeof WebhookJob)[keyof typeof WebhookJob];

/** Every job name. */
export type JobName = SlackJob | WebhookJob;

/** A Slack Web API call to make from the queue, once per key. */
export interface SlackCallJob {
  method: string;
  args: Record<string, unknown>;
  /** Idempotency key of the logical message (e.g. `intro:42`); the call is made at most once per key. */
  key: string;
  incidentId?: number | null;
  /** Channel the call posts to, for the per-channel limiter and logs. */
  channel?: string;
  /**
   * For an ephemeral answer to a slash command: its response_url, tried first
   * (it works where the app is not a member); the call above is the fallback.
   */
  responseUrl?: string;
  /**
   * Sent only once these hold, checked before each try for a few seconds: an
   * earlier key was delivered, and a named delivery condition (a
   * `@SlackDeliveryCondition` method, e.g. "the headline shows version 7") is true.
   */
  after?: {
    delivered?: string;
    condition?: { name: string; params: Record<string, unknown> };
  };
}

export interface RefreshHeadlineJob {
  incidentId: number;
  /** Why (e.g. `v7` for incident version 7, `comms:C123`); part of the job key. */
  reason: string;
}

export interface CreateCommsChannelJob {
  incidentId: number;
  /** Slack id of whoever clicked the button, invited with the reporter and the lead; null when none did. */
  requestedBy: string | null;
  /** Channel of the clicked headline post, where a failure is told to the clicker. */
  channelId?: string | null;
  /** The click's response_url, tried first for that (valid 30 minutes). */
  responseUrl?: string | null;
}

/** An Events API event as Slack sent it (`type` plus whatever the type carries). */
export type SlackEventPayload = Record<string, unknown> & { type: string };

/** Where an Events API event came from. */
export interface SlackEventEnvelope {
  eventId: string;
  eventTime: number | null;
  teamId: string | null;
  /** This app's bot user in the workspace (`authorizations[].user_id`), when Slack said. */
  botUserId?: string | null;
}

export interface HandleEventJob {
  /** Id of the registered handler (`Class.method`). */
  handler: string;
  envelope: SlackEventEnvelope;
  event: SlackEventPayload;
}

export interface SyncUsersJob {
  /** Where to resume `users.list` (a sync cut short by Slack's rate limit); none: from the start. */
  cursor?: string;
}

export interface FillUserProfileJob {
  externalId: string;
}

export interface DeliverWebhookJob {
  deliveryId: number;
}

export interface PostStatusUpdateJob {
  incidentId: number;
  /** The `status_update` row to send. */
  updateId: number;
}

/** A job that carries no data (schedules). */
export type NoJobData = Record<string, never>;

/** Job name → the type of its data. */
export interface JobCatalogue {
  [SlackJob.RefreshHeadline]: RefreshHeadlineJob;
  [SlackJob.CreateCommsChannel]: CreateCommsChannelJob;
  [SlackJob.PostMessage]: SlackCallJob;
  [SlackJob.React]: SlackCallJob;
  [SlackJob.SyncUsers]: SyncUsersJob;
  [SlackJob.Reminders]: NoJobData;
  [SlackJob.HandleEvent]: HandleEventJob;
  [SlackJob.PurgeProcessedEvents]: NoJobData;
  [SlackJob.FillUserProfile]: FillUserProfileJob;
  [SlackJob.PurgeMessages]: NoJobData;
  [SlackJob.ArchiveChannels]: NoJobData;
  [WebhookJob.Deliver]: DeliverWebhookJob;
  [WebhookJob.Housekeeping]: NoJobData;
  [SlackJob.PostStatusUpdate]: PostStatusUpdateJob;
  [SlackJob.StatusUpdateReminders]: NoJobData;
}

/** The data of job `N`. */
export type JobData<N extends JobName> = JobCatalogue[N];

/** Job name → the queue it runs on. */
export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  [SlackJob.RefreshHeadline]: SLACK_QUEUE,
  [SlackJob.CreateCommsChannel]: SLACK_QUEUE,
  [SlackJob.PostMessage]: SLACK_QUEUE,
  [SlackJob.React]: SLACK_QUEUE,
  [SlackJob.SyncUsers]: SLACK_QUEUE,
  [SlackJob.Reminders]: SLACK_QUEUE,
  [SlackJob.HandleEvent]: SLACK_QUEUE,
  [SlackJob.PurgeProcessedEvents]: SLACK_QUEUE,
  [SlackJob.FillUserProfile]: SLACK_QUEUE,
  [SlackJob.PurgeMessages]: SLACK_QUEUE,
  [SlackJob.ArchiveChannels]: SLACK_QUEUE,
  [WebhookJob.Deliver]: WEBHOOK_QUEUE,
  [WebhookJob.Housekeeping]: WEBHOOK_QUEUE,
  [SlackJob.PostStatusUpdate]: SLACK_QUEUE,
  [SlackJob.StatusUpdateReminders]: SLACK_QUEUE,
};

/** Every queue, for processors and dashboards. */
export const QUEUES: readonly QueueName[] = [...new Set(Object.values(JOB_QUEUE))];
