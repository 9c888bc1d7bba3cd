import { hasLoneSurrogate, type SlackEventPayload } from '@response/contracts';
import { z } from 'zod';
import { ValidationError } from '../common/errors.js';
import { MAX_DEPTH, nestedDeeperThan } from '../common/reject-nul.pipe.js';
import { zodErrors } from '../common/zod-validation.pipe.js';

/**
 * Shapes of what Slack POSTs to the app (slash commands, interactivity and the
 * Events API), checked loosely: the fields the app reads must be there and
 * have the right type; anything else Slack adds passes through.
 */

/** Slack ids (users, channels) are short; the tables keep 50 characters. */
const id = z.string().min(1).max(50);

export const slashCommandSchema = z.looseObject({
  command: z.string().min(1).max(100),
  text: z.string().max(10_000).default(''),
  user_id: id,
  channel_id: id,
  trigger_id: z.string().min(1).max(500),
  team_id: z.string().max(255).optional(),
  response_url: z.string().max(1000).optional().catch(undefined),
});
export type SlashCommandPayload = z.output<typeof slashCommandSchema>;

const user = z.looseObject({ id });

const actionSchema = z.looseObject({
  action_id: z.string().min(1).max(255),
  block_id: z.string().max(255).optional(),
  value: z.string().max(2000).optional(),
  selected_option: z.looseObject({ value: z.string() }).nullish(),
  selected_user: z.string().nullish(),
});

export const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user,
  trigger_id: z.string().max(500).default(''),
  actions: z.array(actionSchema).min(1).max(25),
  container: z
    .looseObject({ channel_id: z.string().optional(), message_ts: z.string().optional() })
    .optional(),
  channel: z.looseObject({ id }).nullish(),
  message: z.looseObject({ ts: z.string() }).nullish(),
  response_url: z.string().max(1000).optional().catch(undefined),
});
export type BlockActionPayload = z.output<typeof blockActionsSchema>;

const stateValue = z.looseObject({
  type: z.string().optional(),
  value: z.string().nullish(),
  selected_option: z.looseObject({ value: z.string() }).nullish(),
  selected_options: z
    .array(z.looseObject({ value: z.string() }))
    .max(100)
    .nullish(),
  selected_user: z.string().nullish(),
  selected_conversation: z.string().nullish(),
  selected_channel: z.string().nullish(),
  selected_date: z.string().nullish(),
});

export const viewSubmissionSchema = z.looseObject({
  type: z.literal('view_submission'),
  user,
  view: z.looseObject({
    id: z.string().max(90).optional(),
    callback_id: z.string().max(255).default(''),
    private_metadata: z.string().max(3000).default(''),
    state: z
      .looseObject({ values: z.record(z.string(), z.record(z.string(), stateValue)) })
      .default({ values: {} }),
  }),
});
export type ViewSubmissionPayload = z.output<typeof viewSubmissionSchema>;

/** Interactivity types the app answers with a plain 200 and no work. */
const IGNORED_INTERACTIONS = new Set([
  'view_closed',
  'shortcut',
  'message_action',
  'block_suggestion',
  'interactive_message',
]);

export type InteractionPayload =
  | { kind: 'block_actions'; payload: BlockActionPayload }
  | { kind: 'view_submission'; payload: ViewSubmissionPayload }
  | { kind: 'ignored'; type: string };

/** Parses the `payload=<json>` form body of an interactivity request. */
export function parseInteraction(body: unknown): InteractionPayload {
  const raw = isRecord(body) ? body.payload : undefined;
  if (typeof raw !== 'string' || raw.length === 0) {
    throw new ValidationError(
      { payload: 'must be the JSON interaction payload' },
      'Expected a form field "payload" with JSON',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ValidationError(
      { payload: 'is not valid JSON' },
      'The "payload" field is not valid JSON',
    );
  }
  if (nestedDeeperThan(json))
    throw new ValidationError({ payload: `must not be nested deeper than ${MAX_DEPTH} levels` });
  const type = isRecord(json) ? json.type : undefined;
  if (type === 'block_actions')
    return { kind: 'block_actions', payload: parse(blockActionsSchema, json) };
  if (type === 'view_submission')
    return { kind: 'view_submission', payload: parse(viewSubmissionSchema, json) };
  if (typeof type === 'string' && IGNORED_INTERACTIONS.has(type)) return { kind: 'ignored', type };
  throw new ValidationError({ 'payload.type': 'is not an interaction type this app handles' });
}

export function parseSlashCommand(body: unknown): SlashCommandPayload {
  return parse(slashCommandSchema, body);
}

/** An Events API event: a `type` and whatever else Slack sends for it. */
/** An Events API event: `type` plus whatever that type carries. */
export type SlackEvent = SlackEventPayload;

const eventCallbackSchema = z.looseObject({
  type: z.literal('event_callback'),
  event_id: z.string().min(1).max(100),
  event_time: z.number().optional(),
  team_id: z.string().max(255).optional(),
  event: z.looseObject({ type: z.string().min(1).max(100) }),
  authorizations: z
    .array(
      z.looseObject({ user_id: z.string().max(50).optional(), is_bot: z.boolean().optional() }),
    )
    .max(100)
    .optional()
    .catch(undefined),
});

export type EventEnvelope =
  | { kind: 'url_verification'; challenge: string }
  | {
      kind: 'event_callback';
      eventId: string;
      eventTime: number | null;
      teamId: string | null;
      botUserId: string | null;
      event: SlackEvent;
    }
  | { kind: 'ignored'; type: string };

export function parseEventEnvelope(body: unknown): EventEnvelope {
  if (!isRecord(body)) throw new ValidationError({ body: 'must be a JSON object' });
  if (body.type === 'url_verification') {
    const challenge = body.challenge;
    if (typeof challenge !== 'string' || challenge.length === 0 || challenge.length > 1000) {
      throw new ValidationError({ challenge: 'must be a string' });
    }
    return { kind: 'url_verification', challenge };
  }
  if (body.type === 'app_rate_limited') return { kind: 'ignored', type: 'app_rate_limited' };
  if (body.type !== 'event_callback')
    throw new ValidationError({ type: 'must be url_verification or event_callback' });
  const envelope = parse(eventCallbackSchema, body);
  return {
    kind: 'event_callback',
    eventId: envelope.event_id,
    eventTime: envelope.event_time ?? null,
    teamId: envelope.team_id ?? null,
    botUserId: envelope.authorizations?.find((a) => a.is_bot && a.user_id)?.user_id ?? null,
    event: envelope.event as SlackEvent,
  };
}

/** Events posted by bots (this app included) never trigger anything. */
export function isBotEvent(event: SlackEvent): boolean {
  if (typeof event.bot_id === 'string' && event.bot_id !== '') return true;
  if (event.subtype === 'bot_message') return true;
  const message = event.message;
  return (
    isRecord(message) &&
    typeof message.bot_id === 'string' &&
    message.bot_id !== '' &&
    event.type === 'message'
  );
}

/**
 * `view.state.values` flattened to block id → value: the text, the selected
 * option, user, conversation, channel or date, or the selected checkboxes'
 * values joined with commas. A block the modal did not have is absent.
 */
export function viewValues(payload: ViewSubmissionPayload): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [blockId, actionsById] of Object.entries(payload.view.state.values)) {
    const first = Object.values(actionsById)[0];
    if (!first) continue;
    out[blockId] =
      first.value ??
      first.selected_option?.value ??
      first.selected_user ??
      first.selected_conversation ??
      first.selected_channel ??
      first.selected_date ??
      (first.selected_options?.length
        ? first.selected_options.map((option) => option.value).join(',')
        : null);
  }
  return out;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const broken = loneSurrogatePath(value, []);
  if (broken !== null)
    throw new ValidationError(
      { [broken || 'body']: 'must be valid Unicode text (it has a lone surrogate)' },
      'Malformed Slack payload: text with a lone surrogate',
    );
  const result = schema.safeParse(scrub(value));
  if (!result.success)
    throw new ValidationError(
      zodErrors(result.error),
      'Malformed Slack payload: ' + summarize(result.error),
    );
  return result.data;
}

function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}

/**
 * Where a payload holds a lone UTF-16 surrogate (`a.b.c`, or an empty path for
 * the payload itself), or null. Such text is refused with a 400 like on `/core`:
 * Postgres cannot store it faithfully.
 */
function loneSurrogatePath(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') return hasLoneSurrogate(value) ? path.join('.') : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    if (hasLoneSurrogate(key)) return path.join('.');
    const found = loneSurrogatePath(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Removes NUL characters (refused by text and jsonb columns) from every string
 * of a payload; Slack never sends them in anything meaningful.
 */
export function scrub(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '');
  if (Array.isArray(value)) return value.map(scrub);
  if (isRecord(value))
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [scrub(key), scrub(item)]),
    );
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
