/** Queue and job names shared by producers and processors. */

export const SLACK_QUEUE = 'slack';

export const SlackJob = {
  /** Post or update the headline post of an incident from its latest state. */
  RefreshHeadline: 'refresh-headline',
  /** Create the comms channel of an incident. */
  CreateCommsChannel: 'create-comms-channel',
  /** Post a message (channel or DM) identified by an idempotency key. */
  PostMessage: 'post-message',
  /** Add or remove a reaction. */
  React: 'react',
  /** Sync the user cache from `users.list`. */
  SyncUsers: 'sync-users',
  /** Check reminders for open incidents. */
  Reminders: 'reminders',
  /** Run one registered handler for one Events API event taken in by `/slack/event`. */
  HandleEvent: 'handle-event',
  /** Forget Slack event ids older than the dedup window. */
  PurgeProcessedEvents: 'purge-processed-events',
  /** Fill in the names of a Slack user first seen in a request (`users.info`). */
  FillUserProfile: 'fill-user-profile',
} as const;
export type SlackJob = (typeof SlackJob)[keyof typeof SlackJob];
