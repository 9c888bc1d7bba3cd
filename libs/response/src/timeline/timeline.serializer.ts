import type { TimelineEventDto } from '@response/contracts';
import { NO_NAMES, uiText, type UserNames } from '../users/slack-text.js';
import type { TimelineEvent } from './timeline-event.entity.js';

export const TimelineSerializer = {
  toDto(event: TimelineEvent, names: UserNames = NO_NAMES): TimelineEventDto {
    return {
      id: event.id,
      timestamp: event.timestamp.toISOString(),
      text: event.text,
      text_ui: uiText(event.text, names),
      event_type: event.eventType,
      metadata: event.metadata,
    };
  },
};
