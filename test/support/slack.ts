import { createHmac, randomBytes } from 'node:crypto';
import type request from 'supertest';
import type { Config } from '../../libs/response/src/config/config.js';
import { ModalMetadata } from '../../libs/response/src/slack/modal-metadata.js';
import { FAKE_TEAM_ID, type FakeSlack } from '../fakes/fake-slack.js';

/**
 * Signed requests into the app, and builders for the payloads Slack really
 * sends (shapes from api.slack.com: slash commands, interactivity, Events API).
 */

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TEST_BOT_TOKEN = 'xoxb-test-token';
export const TEST_INCIDENT_CHANNEL = 'CINCIDENTS';
export const TEST_REPORT_CHANNEL = 'CREPORTS';

/** Environment that turns Slack on against a fake Web API. */
export function slackEnv(
  apiUrl: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    INCIDENT_CHANNEL_ID: TEST_INCIDENT_CHANNEL,
    ...extra,
  };
}

export interface SignOptions {
  /** Unix seconds written in X-Slack-Request-Timestamp (default now). */
  timestamp?: number;
  /** Signs with this secret instead of the given one (to test a wrong signature). */
  signature?: string;
  /** Leave out both signature headers. */
  unsigned?: boolean;
  headers?: Record<string, string>;
}

export interface SignedResponse {
  status: number;
  body: unknown;
  text: string;
  headers: Record<string, string>;
  /** Round-trip time in milliseconds. */
  ms: number;
}

/** `v0=` + HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`), as Slack computes it. */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** A form body (`a=b&c=d`) or JSON body, with its content type. */
export interface SlackBody {
  raw: string;
  contentType: string;
}

export function formBody(fields: Record<string, string>): SlackBody {
  return {
    raw: new URLSearchParams(fields).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

export function jsonBody(value: unknown): SlackBody {
  return { raw: JSON.stringify(value), contentType: 'application/json' };
}

export function signedHeaders(
  secret: string,
  body: SlackBody,
  options: SignOptions = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'Content-Type': body.contentType, ...options.headers };
  if (!options.unsigned) {
    headers['X-Slack-Request-Timestamp'] = String(timestamp);
    headers['X-Slack-Signature'] = options.signature ?? slackSignature(secret, timestamp, body.raw);
  }
  return headers;
}

/**
 * POSTs a body signed exactly as Slack signs it. `target` is either the test
 * app's supertest factory or a base URL.
 */
export async function signedPost(
  target: (() => ReturnType<typeof request>) | string,
  path: string,
  body: SlackBody,
  secret = TEST_SIGNING_SECRET,
  options: SignOptions = {},
): Promise<SignedResponse> {
  const headers = signedHeaders(secret, body, options);
  const started = performance.now();
  if (typeof target === 'string') {
    const res = await fetch(new URL(path, target), { method: 'POST', headers, body: body.raw });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return {
      status: res.status,
      body: parsed,
      text,
      headers: Object.fromEntries(res.headers.entries()),
      ms: performance.now() - started,
    };
  }
  let req = target().post(path);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  const res = await req.send(body.raw);
  return {
    status: res.status,
    body: res.body as unknown,
    text: res.text,
    headers: res.headers as Record<string, string>,
    ms: performance.now() - started,
  };
}

export function triggerId(): string {
  return `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
}

// --- Slash commands ------------------------------------------------------------

export interface SlashCommandInput {
  command?: string;
  text?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  triggerId?: string;
  /** Where the app may answer (e.g. `fakeSlack.responseUrl()`); a URL that resolves nowhere by default. */
  responseUrl?: string;
}

/** The form body Slack POSTs for a slash command. */
export function slashCommand(input: SlashCommandInput = {}): SlackBody {
  return formBody({
    token: 'deprecated-verification-token',
    team_id: FAKE_TEAM_ID,
    team_domain: 'fake',
    channel_id: input.channelId ?? 'CGENERAL',
    channel_name: input.channelName ?? 'general',
    user_id: input.userId ?? 'U0REPORTER',
    user_name: input.userName ?? 'reporter',
    command: input.command ?? '/incident',
    text: input.text ?? '',
    api_app_id: 'A0RESPONSE',
    is_enterprise_install: 'false',
    response_url: input.responseUrl ?? 'https://hooks.slack.test/commands/T0000001/1/abc',
    trigger_id: input.triggerId ?? triggerId(),
  });
}

// --- Interactivity --------------------------------------------------------------

/** `payload=<json>` form body, as Slack sends interactivity requests. */
export function interaction(payload: Record<string, unknown>): SlackBody {
  return formBody({ payload: JSON.stringify(payload) });
}

export interface BlockActionInput {
  actionId: string;
  value?: string;
  blockId?: string;
  userId?: string;
  channelId?: string;
  messageTs?: string;
  triggerId?: string;
  /** Where the app may answer the clicker (default: an address nobody answers). */
  responseUrl?: string;
}

export function blockActions(input: BlockActionInput): SlackBody {
  const ts = input.messageTs ?? '1700000000.000100';
  return interaction({
    type: 'block_actions',
    user: {
      id: input.userId ?? 'U0CLICKER',
      username: 'clicker',
      name: 'clicker',
      team_id: FAKE_TEAM_ID,
    },
    api_app_id: 'A0RESPONSE',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: ts,
      channel_id: input.channelId ?? 'CINCIDENTS',
      is_ephemeral: false,
    },
    trigger_id: input.triggerId ?? triggerId(),
    team: { id: FAKE_TEAM_ID, domain: 'fake' },
    channel: { id: input.channelId ?? 'CINCIDENTS', name: 'incidents' },
    message: { type: 'message', ts, text: 'headline', bot_id: 'BBOT0001' },
    response_url: input.responseUrl ?? 'https://hooks.slack.test/actions/T0000001/1/abc',
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: input.blockId ?? 'actions',
        text: { type: 'plain_text', text: 'Button', emoji: true },
        value: input.value ?? '',
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  });
}

/** One entry of `view.state.values[block_id][action_id]`. */
export type StateValue = Record<string, unknown>;

export const state = {
  text: (value: string | null): StateValue => ({ type: 'plain_text_input', value }),
  user: (userId: string | null): StateValue => ({ type: 'users_select', selected_user: userId }),
  option: (value: string | null, text = value ?? ''): StateValue => ({
    type: 'static_select',
    selected_option:
      value === null ? null : { text: { type: 'plain_text', text, emoji: true }, value },
  }),
  radio: (value: string | null): StateValue => ({
    type: 'radio_buttons',
    selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value },
  }),
};

export interface ViewSubmissionInput {
  callbackId: string;
  /** block id → value; the action id is the block id, as in Response's modals. */
  values: Record<string, StateValue>;
  privateMetadata?: string;
  userId?: string;
  viewId?: string;
}

export function viewSubmission(input: ViewSubmissionInput): SlackBody {
  const values: Record<string, Record<string, StateValue>> = {};
  for (const [blockId, value] of Object.entries(input.values))
    values[blockId] = { [blockId]: value };
  return interaction({
    type: 'view_submission',
    team: { id: FAKE_TEAM_ID, domain: 'fake' },
    user: {
      id: input.userId ?? 'U0REPORTER',
      username: 'reporter',
      name: 'reporter',
      team_id: FAKE_TEAM_ID,
    },
    api_app_id: 'A0RESPONSE',
    token: 'deprecated-verification-token',
    trigger_id: triggerId(),
    view: {
      // Each modal Slack opens has an id of its own.
      id: input.viewId ?? `V${randomBytes(5).toString('hex').toUpperCase()}`,
      team_id: FAKE_TEAM_ID,
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata ?? '',
      title: { type: 'plain_text', text: 'Modal' },
      blocks: [],
      state: { values },
      hash: '1700000000.abc',
      app_id: 'A0RESPONSE',
      bot_id: 'BBOT0001',
    },
    response_urls: [],
  });
}

/** A modal's private_metadata as the app seals it for a user who opened it (the test secret). */
export function sealedMetadata(data: unknown, userId: string): string {
  return new ModalMetadata({
    slack: { signingSecret: TEST_SIGNING_SECRET },
  } as Config).seal(data, userId);
}

/** What a sealed private_metadata carries for the user it was sealed for (null if not for them). */
export function openedMetadata(sealed: string, userId: string): unknown {
  return new ModalMetadata({
    slack: { signingSecret: TEST_SIGNING_SECRET },
  } as Config).open(sealed, userId);
}

/** The headline message of an incident in a channel of the fake Slack, once it is there. */
export async function headlineMessage(
  slack: FakeSlack,
  incidentId: number,
  channel = TEST_INCIDENT_CHANNEL,
): Promise<{ channel: string; ts: string }> {
  const message = await slack.waitFor(
    () => slack.messages(channel).find((m) => m.text.startsWith(`Incident #${incidentId}:`)),
    10_000,
    `headline of incident ${incidentId} in ${channel}`,
  );
  return { channel, ts: message.ts };
}

/** A click on a button of an incident's headline post, as Slack sends it. */
export async function headlineClick(
  slack: FakeSlack,
  incidentId: number,
  input: Omit<BlockActionInput, 'channelId' | 'messageTs' | 'value'> & { channel?: string },
): Promise<SlackBody> {
  const post = await headlineMessage(slack, incidentId, input.channel);
  return blockActions({
    ...input,
    value: String(incidentId),
    channelId: post.channel,
    messageTs: post.ts,
  });
}

// --- Events API -----------------------------------------------------------------

export function urlVerification(challenge: string): SlackBody {
  return jsonBody({ token: 'deprecated-verification-token', challenge, type: 'url_verification' });
}

let eventSeq = 0;
export function eventId(): string {
  eventSeq++;
  return `Ev${Date.now().toString(36).toUpperCase()}${String(eventSeq).padStart(4, '0')}${randomBytes(3).toString('hex').toUpperCase()}`;
}

/** An `event_callback` envelope around one event. */
export function eventCallback(
  event: Record<string, unknown>,
  options: { eventId?: string; eventTime?: number } = {},
): SlackBody {
  return jsonBody({
    token: 'deprecated-verification-token',
    team_id: FAKE_TEAM_ID,
    api_app_id: 'A0RESPONSE',
    event,
    type: 'event_callback',
    event_id: options.eventId ?? eventId(),
    event_time: options.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: FAKE_TEAM_ID, user_id: 'UBOT0001', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(6).toString('hex')}`,
  });
}

export const events = {
  appMention: (input: { text: string; user?: string; channel: string; ts?: string }) => ({
    type: 'app_mention',
    user: input.user ?? 'U0REPORTER',
    text: input.text,
    ts: input.ts ?? `${(Date.now() / 1000).toFixed(6)}`,
    channel: input.channel,
    event_ts: input.ts ?? `${(Date.now() / 1000).toFixed(6)}`,
  }),
  message: (input: {
    text: string;
    user?: string;
    channel: string;
    ts?: string;
    botId?: string;
    subtype?: string;
  }) => ({
    type: 'message',
    channel: input.channel,
    user: input.user ?? 'U0REPORTER',
    text: input.text,
    ts: input.ts ?? `${(Date.now() / 1000).toFixed(6)}`,
    event_ts: input.ts ?? `${(Date.now() / 1000).toFixed(6)}`,
    channel_type: 'channel',
    ...(input.botId ? { bot_id: input.botId } : {}),
    ...(input.subtype ? { subtype: input.subtype } : {}),
  }),
  pinAdded: (input: {
    channel: string;
    user?: string;
    messageTs: string;
    text?: string;
    author?: string;
  }) => ({
    type: 'pin_added',
    user: input.user ?? 'U0REPORTER',
    channel_id: input.channel,
    item: {
      type: 'message',
      channel: input.channel,
      message: {
        type: 'message',
        user: input.author ?? input.user ?? 'U0REPORTER',
        text: input.text ?? '',
        ts: input.messageTs,
        permalink: '',
      },
      created: Math.floor(Date.now() / 1000),
      created_by: input.user ?? 'U0REPORTER',
    },
    event_ts: `${(Date.now() / 1000).toFixed(6)}`,
  }),
  pinRemoved: (input: { channel: string; user?: string; messageTs: string }) => ({
    type: 'pin_removed',
    user: input.user ?? 'U0REPORTER',
    channel_id: input.channel,
    item: {
      type: 'message',
      channel: input.channel,
      message: { type: 'message', ts: input.messageTs },
    },
    has_pins: false,
    event_ts: `${(Date.now() / 1000).toFixed(6)}`,
  }),
  reactionAdded: (input: {
    channel: string;
    messageTs: string;
    reaction: string;
    user?: string;
    itemUser?: string;
  }) => ({
    type: 'reaction_added',
    user: input.user ?? 'U0REPORTER',
    reaction: input.reaction,
    item_user: input.itemUser ?? input.user ?? 'U0REPORTER',
    item: { type: 'message', channel: input.channel, ts: input.messageTs },
    event_ts: `${(Date.now() / 1000).toFixed(6)}`,
  }),
  reactionRemoved: (input: {
    channel: string;
    messageTs: string;
    reaction: string;
    user?: string;
    itemUser?: string;
  }) => ({
    type: 'reaction_removed',
    user: input.user ?? 'U0REPORTER',
    reaction: input.reaction,
    item_user: input.itemUser ?? input.user ?? 'U0REPORTER',
    item: { type: 'message', channel: input.channel, ts: input.messageTs },
    event_ts: `${(Date.now() / 1000).toFixed(6)}`,
  }),
  channelRename: (input: { channel: string; name: string }) => ({
    type: 'channel_rename',
    channel: { id: input.channel, name: input.name, created: Math.floor(Date.now() / 1000) },
    event_ts: `${(Date.now() / 1000).toFixed(6)}`,
  }),
};
