import type { EventDto } from '@response/contracts';
import type { Event } from './event.entity.js';

export const EventSerializer = {
  toDto(event: Event): EventDto {
    return {
      id: event.id,
      timestamp: event.timestamp.toISOString(),
      event_type: event.eventType,
      payload: event.payload,
    };
  },
};
