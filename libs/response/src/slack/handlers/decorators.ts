import { SetMetadata } from '@nestjs/common';

/**
 * Extension points of the Slack integration. Put these on methods of any
 * provider; the handler registry finds them at boot through DiscoveryService.
 * Two handlers claiming the same command, alias or notification key stop startup.
 */

export const INCIDENT_COMMAND = Symbol('INCIDENT_COMMAND');
export const HEADLINE_POST_ACTION = Symbol('HEADLINE_POST_ACTION');
export const SLACK_EVENT_HANDLER = Symbol('SLACK_EVENT_HANDLER');
export const KEYWORD_HANDLER = Symbol('KEYWORD_HANDLER');
export const RECURRING_NOTIFICATION = Symbol('RECURRING_NOTIFICATION');

export interface IncidentCommandMeta {
  names: string[];
  help: string;
}

export interface RecurringNotificationMeta {
  /** Unique key, stored in the notification table. */
  key: string;
  /** Minutes between two sends (the first one comes after one interval). */
  intervalMins: number;
  /** Sends at most this many times per incident. */
  maxNotifications: number;
}

/** `@incident <name> [text]` in a comms channel. The method receives a CommandContext. */
export const IncidentCommand = (names: string[], help: string): MethodDecorator =>
  SetMetadata<symbol, IncidentCommandMeta>(INCIDENT_COMMAND, { names, help });

/** Adds a button to the headline post: the method receives the incident and returns a button element or null. */
export const HeadlinePostAction = (order: number): MethodDecorator =>
  SetMetadata<symbol, number>(HEADLINE_POST_ACTION, order);

/** Runs for every Events API event of this type (`pin_added`, `message`, …). */
export const SlackEventHandler = (type: string): MethodDecorator =>
  SetMetadata<symbol, string>(SLACK_EVENT_HANDLER, type);

/** Runs for channel messages in a comms channel containing one of these words. */
export const KeywordHandler = (words: string[]): MethodDecorator =>
  SetMetadata<symbol, string[]>(KEYWORD_HANDLER, words);

/** A reminder sent for open incidents with a comms channel; the method returns whether it applies now. */
export const RecurringNotification = (meta: RecurringNotificationMeta): MethodDecorator =>
  SetMetadata<symbol, RecurringNotificationMeta>(RECURRING_NOTIFICATION, meta);

export const SLACK_ACTION_HANDLER = Symbol('SLACK_ACTION_HANDLER');
export const SLACK_VIEW_HANDLER = Symbol('SLACK_VIEW_HANDLER');

/**
 * Handles a `block_actions` click on a button or menu with this `action_id`
 * (e.g. a button added by a plug-in). The method receives a BlockActionContext.
 */
export const SlackActionHandler = (actionId: string): MethodDecorator =>
  SetMetadata<symbol, string>(SLACK_ACTION_HANDLER, actionId);

/**
 * Handles the `view_submission` of a modal with this `callback_id`. The method
 * receives a ViewSubmissionContext and may return `{response_action: 'errors', …}`.
 */
export const SlackViewHandler = (callbackId: string): MethodDecorator =>
  SetMetadata<symbol, string>(SLACK_VIEW_HANDLER, callbackId);
