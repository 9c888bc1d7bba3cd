import type { ChangeLogEntryDto } from '@response/contracts';
import type { ChangeLogEntry } from './changelog-entry.entity.js';

export const ChangeLogEntrySerializer = {
  toDto(entry: ChangeLogEntry): ChangeLogEntryDto {
    return {
      id: entry.id,
      timestamp: entry.timestamp.toISOString(),
      event_type: entry.eventType,
      payload: entry.payload,
    };
  },
};
