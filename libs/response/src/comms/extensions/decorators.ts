import { SetMetadata } from '@nestjs/common';

/**
 * Incident-level extension points of the comms features. Put these on methods
 * of any provider; the extension registry finds them at boot through
 * DiscoveryService. Two handlers claiming the same command, alias or
 * notification key stop startup.
 */

export const INCIDENT_COMMAND = Symbol('INCIDENT_COMMAND');
export const HEADLINE_POST_ACTION = Symbol('HEADLINE_POST_ACTION');
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

/** Runs for channel messages in a comms channel containing one of these words. */
export const KeywordHandler = (words: string[]): MethodDecorator =>
  SetMetadata<symbol, string[]>(KEYWORD_HANDLER, words);

/**
 * A reminder sent for open incidents with a comms channel. The method receives
 * the incident and a ReminderContext, and returns whether it applies now.
 */
export const RecurringNotification = (meta: RecurringNotificationMeta): MethodDecorator =>
  SetMetadata<symbol, RecurringNotificationMeta>(RECURRING_NOTIFICATION, meta);
