/**
 * Building blocks of the `/core` schemas. Error messages are short sentences
 * that end up in the field → message map of a 400.
 */
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../domain.js';
import { textLength } from '../text/length.js';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an ISO 8601 date or date-time. A time without a zone is taken as UTC,
 * a bare date as midnight UTC. Impossible dates (Feb 30, hour 25) are rejected.
 */
export function parseIsoDate(value: string): Date | null {
  return parseIsoDateFrom(value, 1970);
}

function parseIsoDateFrom(value: string, minYear: number): Date | null {
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < minYear || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  let text = value.trim().replace(' ', 'T');
  if (!m[4]) text = `${y}-${mo}-${d}T00:00:00`;
  if (!zone) text += 'Z';
  else if (/^[+-]\d{2}$/.test(zone)) text += ':00';
  else if (/^[+-]\d{4}$/.test(zone)) text = text.slice(0, -2) + ':' + text.slice(-2);
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** An ISO 8601 date or date-time in a request, parsed to a Date (see {@link parseIsoDate}). */
export const isoDate = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'is required' : 'must be an ISO 8601 date-time string',
  })
  .transform((value, ctx) => {
    const date = parseIsoDate(value);
    if (!date) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a valid ISO 8601 date-time, e.g. 2024-05-01T12:00:00Z',
      });
      return z.NEVER;
    }
    return date;
  });

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When an incident started or ended: an ISO 8601 date-time (as {@link isoDate})
 * from 1970 to one day after now. The day ahead allows for clocks a little off;
 * anything later (year 9999) is a typo.
 */
export const incidentTime = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'is required' : 'must be an ISO 8601 date-time string',
  })
  .transform((value, ctx) => {
    const date = parseIsoDateFrom(value, 0);
    if (!date) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a valid ISO 8601 date-time, e.g. 2024-05-01T12:00:00Z',
      });
      return z.NEVER;
    }
    if (date.getTime() < 0 || date.getTime() > Date.now() + DAY_MS) {
      ctx.addIssue({ code: 'custom', message: 'must be between 1970 and one day from now' });
      return z.NEVER;
    }
    return date;
  });

/**
 * The version a write expects to change (as GET returned it); a write whose
 * version is not the current one is refused with 412.
 */
export const expectedVersion = z
  .number({ error: 'must be the version number the object had when you read it' })
  .int('must be the version number the object had when you read it')
  .min(1, 'must be the version number the object had when you read it')
  .max(2_147_483_647, 'must be the version number the object had when you read it');

/** A severity `"1"`..`"4"`; the numbers 1..4 are accepted too. */
export const severity = z
  .union([z.string(), z.number()], { error: 'must be one of "1", "2", "3", "4"' })
  .transform((value, ctx): Severity => {
    const text = String(value);
    if (!(SEVERITIES as readonly string[]).includes(text)) {
      ctx.addIssue({ code: 'custom', message: 'must be one of "1", "2", "3", "4"' });
      return z.NEVER;
    }
    return text as Severity;
  });

/** `"1"`..`"n"` enumerations (action priority and type); numbers accepted too. */
export function codeEnum<T extends string>(values: readonly T[]) {
  const message = `must be one of ${values.map((v) => `"${v}"`).join(', ')}`;
  return z.union([z.string(), z.number()], { error: message }).transform((value, ctx): T => {
    const text = String(value);
    if (!(values as readonly string[]).includes(text)) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return text as T;
  });
}

/** A user named in a request: `{external_id}` or a whole User as the API returns it. */
export const userRef = z.object(
  {
    external_id: z
      .string({ error: 'external_id must be a string' })
      .trim()
      .min(1, 'external_id is required')
      .max(50),
    app_id: z.string().max(50).optional(),
  },
  { error: 'must be a user object such as {"external_id": "U123"}' },
);

/**
 * Text with a length limit on what was typed (Unicode code points), sanitised
 * later by the server; the stored, escaped form may be longer.
 */
export const limitedText = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .refine((text) => textLength(text) <= max, `must be at most ${max} characters`);

/** A JSON object body; anything else (array, string, number) is a 400 on `body`. */
export function body<T extends z.ZodRawShape>(shape: T) {
  return z.object(shape, { error: 'the request body must be a JSON object' });
}

/** A date-time the server sends: ISO 8601 in UTC with milliseconds (`Date.toISOString()`). */
export const isoTimestamp = z.iso.datetime();
