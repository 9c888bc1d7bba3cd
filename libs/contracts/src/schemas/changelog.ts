import { z } from 'zod';
import { ChangeLogEntryType } from '../domain.js';
import { isoDate, isoTimestamp } from './fields.js';

/** An empty `?from=` or `?to=` counts as absent. */
const windowBound = z.preprocess((value) => value || undefined, isoDate.optional());

/** `?from=&to=` of `/core/events`: the window of the change log to read. */
export const eventsWindowQuery = z.object({ from: windowBound, to: windowBound });

/** One entry of the change log (`/core/events`). */
export const changeLogEntryDtoSchema = z.strictObject({
  id: z.number().int(),
  timestamp: isoTimestamp,
  event_type: z.enum(ChangeLogEntryType),
  /** The incident (without actions) or the action as it was saved. */
  payload: z.record(z.string(), z.unknown()),
});
