import type { CreateTimelineEntryBody, PatchTimelineEntryBody } from '@response/contracts';
import type { VersionPrecondition } from '../common/versioning.js';

/** What TimelineService takes, and how the `/core` API's snake_case bodies map onto it. */

export interface CreateTimelineEntryInput {
  timestamp: Date;
  text: string;
  eventType?: string;
  metadata?: Record<string, unknown> | null;
  /**
   * The text was written in a Slack message: its Slack mark-up
   * (mentions, links) is kept. Text from anywhere else keeps it as typed.
   */
  fromSlack?: boolean;
}

export type UpdateTimelineEntryInput = Partial<CreateTimelineEntryInput> & {
  /** The version the change was made on; by default whatever is current (last write wins). */
  expected?: VersionPrecondition;
};

/** A new entry from a `POST` body. */
export function createTimelineEntryInput(body: CreateTimelineEntryBody): CreateTimelineEntryInput {
  return { ...updateTimelineEntryInput(body), timestamp: body.timestamp, text: body.text };
}

/** The changes of a PUT or PATCH. */
export function updateTimelineEntryInput(body: PatchTimelineEntryBody): UpdateTimelineEntryInput {
  return {
    timestamp: body.timestamp,
    text: body.text,
    eventType: body.event_type,
    metadata: body.metadata,
  };
}
