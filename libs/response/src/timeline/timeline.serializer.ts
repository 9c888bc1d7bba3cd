import type { TimelineEntryDto } from '@response/contracts';
import { NO_NAMES, uiText, type UserNames } from '../users/slack-text.js';
import { UserSerializer } from '../users/user.serializer.js';
import type { TimelineEntry } from './timeline-entry.entity.js';

export const TimelineSerializer = {
  toDto(event: TimelineEntry, names: UserNames = NO_NAMES): TimelineEntryDto {
    return {
      id: event.id,
      timestamp: event.timestamp.toISOString(),
      text: event.text,
      text_ui: uiText(event.text, names),
      event_type: event.eventType,
      metadata: event.metadata,
      version: event.version,
      updated_by: UserSerializer.toDtoOrNull(event.updatedBy),
    };
  },
};
