import { botScopes } from '../../libs/response/src/slack/manifest.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Slack Web API: a real HTTP server that answers the methods Response
 * uses the way Slack does, records every call, and fails on demand.
 *
 * Point the app at it with `SLACK_API_URL=fake.url`.
 */

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** Milliseconds since the epoch when the call arrived. */
  at: number;
}

export type Failure =
  | { status: 429; retryAfter?: number }
  /** `applied: true`: the call takes effect, then the answer is a 5xx (as when an answer is lost). */
  | { status: 500 | 502 | 503 | 504; applied?: boolean }
  | { error: string };

export interface FakeUser {
  id: string;
  name?: string;
  real_name?: string;
  display_name?: string;
  email?: string;
  deleted?: boolean;
  is_bot?: boolean;
  tz?: string;
}

export interface FakeMessage {
  type: 'message';
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  blocks?: unknown[];
  thread_ts?: string;
  metadata?: unknown;
}

export interface FakeChannel {
  id: string;
  name: string;
  topic: string;
  members: Set<string>;
  created: number;
  is_archived: boolean;
  is_im: boolean;
  /** A private channel: only its members see it, and the app must be one to post. */
  is_private: boolean;
}

export interface FaultMode {
  /** Probability (0..1) of answering 429 with Retry-After. */
  rate429?: number;
  /** Probability (0..1) of answering a 5xx. */
  rate5xx?: number;
  /** Seconds sent in Retry-After for random 429s (default 0). */
  retryAfter?: number;
  /** Only these methods are faulted (default: all). */
  methods?: string[];
  /** Random source, for seeded runs (default Math.random). */
  random?: () => number;
}

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

export const FAKE_BOT_USER_ID = 'UBOT0001';
export const FAKE_BOT_ID = 'BBOT0001';
export const FAKE_TEAM_ID = 'T0000001';

/** Keys whose form value Slack's client sends as JSON text. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

export class FakeSlack {
  private server?: Server;
  private recorded: RecordedCall[] = [];
  private failures = new Map<string, Failure[]>();
  private faults: FaultMode | null = null;
  private users = new Map<string, FakeUser>();
  private channels = new Map<string, FakeChannel>();
  private messagesByChannel = new Map<string, FakeMessage[]>();
  private reactions = new Map<string, Set<string>>();
  private pins = new Map<string, Set<string>>();
  private views = new Map<string, Record<string, unknown>>();
  private seq = 0;
  private idSeq = 0;
  private lastTs = 0;
  /** Most members `users.list` returns per page. */
  usersPageSize = 200;
  /** Scopes the token has, sent in `x-oauth-scopes` (default: all the app asks for). */
  grantedScopes: string[] | null = botScopes();
  /** Extra latency added to every answer, in ms. */
  latencyMs = 0;
  /** Extra latency for some methods only, in ms (added to `latencyMs`). */
  methodLatencyMs: Record<string, number> = {};
  port = 0;

  /** A response_url as Slack puts in a slash command payload, answered by this fake. */
  responseUrl(id = String(++this.seq)): string {
    return `http://127.0.0.1:${this.port}/response/T0000001/${id}`;
  }

  /** Base URL to give the app, ending in `/api/`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** Forgets calls, failures, faults and state; seeded users are kept unless `all`. */
  reset(all = false): void {
    this.recorded = [];
    this.failures.clear();
    this.faults = null;
    this.channels.clear();
    this.messagesByChannel.clear();
    this.reactions.clear();
    this.pins.clear();
    this.views.clear();
    this.latencyMs = 0;
    this.methodLatencyMs = {};
    this.grantedScopes = botScopes();
    if (all) this.users.clear();
  }

  /** Recorded calls, optionally of one method, in arrival order. */
  calls(method?: string): RecordedCall[] {
    return method ? this.recorded.filter((call) => call.method === method) : [...this.recorded];
  }

  /** The next `times` calls of `method` ('*' for any) fail as described. */
  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Random 429s and 5xx on every call until `setFaults(null)`. */
  setFaults(mode: FaultMode | null): void {
    this.faults = mode;
  }

  /** Polls until the predicate returns a truthy value, and returns it. */
  async waitFor<T>(
    predicate: () => T | undefined | null | false,
    timeoutMs = 5000,
    what = 'condition',
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > deadline) {
        const seen = this.recorded.map((c) => c.method).join(', ') || 'none';
        throw new Error(
          `Timed out after ${timeoutMs} ms waiting for ${what}; calls so far: ${seen}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  seedUser(user: FakeUser): FakeUser {
    this.users.set(user.id, user);
    return user;
  }

  seedChannel(channel: {
    id?: string;
    name: string;
    members?: string[];
    topic?: string;
    isPrivate?: boolean;
  }): FakeChannel {
    const created: FakeChannel = {
      id: channel.id ?? this.newId('C'),
      name: channel.name,
      topic: channel.topic ?? '',
      members: new Set(channel.members ?? []),
      created: Math.floor(Date.now() / 1000),
      is_archived: false,
      is_im: false,
      is_private: channel.isPrivate ?? false,
    };
    this.channels.set(created.id, created);
    return created;
  }

  channel(id: string): FakeChannel | undefined {
    return this.channels.get(id);
  }

  channelByName(name: string): FakeChannel | undefined {
    return [...this.channels.values()].find((channel) => channel.name === name);
  }

  /** Messages of a channel as they are now (after updates), oldest first. */
  messages(channel: string): FakeMessage[] {
    return [...(this.messagesByChannel.get(channel) ?? [])];
  }

  /** Puts a message in a channel as if a person had written it; returns it. */
  addMessage(channel: string, message: { text: string; user?: string; ts?: string }): FakeMessage {
    const stored: FakeMessage = {
      type: 'message',
      ts: message.ts ?? this.nextTs(),
      text: message.text,
      user: message.user,
    };
    this.store(channel, stored);
    return stored;
  }

  reactionsOn(channel: string, ts: string): string[] {
    return [...(this.reactions.get(`${channel}/${ts}`) ?? [])];
  }

  pinned(channel: string): string[] {
    return [...(this.pins.get(channel) ?? [])];
  }

  // --- HTTP -------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.method === 'POST' && (req.url ?? '').startsWith('/response/')) {
      // A slash command's response_url: recorded as the method `response_url`.
      const args = { ...parseArgs(body, String(req.headers['content-type'] ?? '')), path: req.url };
      this.recorded.push({ method: 'response_url', args, at: Date.now() });
      const failure = this.takeFailure('response_url');
      if (failure && 'status' in failure) this.reply(res, failure.status, { ok: false });
      else if (failure) this.reply(res, 404, { ok: false, error: failure.error });
      else this.reply(res, 200, { ok: true });
      return;
    }
    const match = /^\/api\/([a-zA-Z.]+)/.exec(req.url ?? '');
    if (!match || req.method !== 'POST') {
      this.reply(res, 404, { ok: false, error: 'unknown_method' });
      return;
    }
    const method = match[1];
    const args = parseArgs(body, String(req.headers['content-type'] ?? ''));
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ')
      ? auth.slice(7)
      : typeof args.token === 'string'
        ? args.token
        : '';
    delete args.token;
    this.recorded.push({ method, args, at: Date.now() });
    const latency = this.latencyMs + (this.methodLatencyMs[method] ?? 0);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

    const failure = this.takeFailure(method);
    if (failure) {
      if ('error' in failure) this.reply(res, 200, { ok: false, error: failure.error });
      else if (failure.status === 429) {
        res.setHeader('Retry-After', String(failure.retryAfter ?? 1));
        this.reply(res, 429, { ok: false, error: 'ratelimited' });
      } else {
        if ('applied' in failure && failure.applied && token) {
          try {
            this.handlers[method]?.(args);
          } catch {
            // the effect failed as well
          }
        }
        this.reply(res, failure.status, { ok: false, error: 'internal_error' });
      }
      return;
    }
    if (!token) {
      this.reply(res, 200, { ok: false, error: 'not_authed' });
      return;
    }
    const handler = this.handlers[method];
    if (!handler) {
      this.reply(res, 200, { ok: false, error: 'unknown_method' });
      return;
    }
    try {
      this.reply(res, 200, handler(args));
    } catch (error) {
      this.reply(res, 200, {
        ok: false,
        error: error instanceof SlackApiError ? error.code : 'internal_error',
      });
    }
  }

  private reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      // As Slack does: the scopes the token was granted, on every answer.
      ...(this.grantedScopes ? { 'x-oauth-scopes': this.grantedScopes.join(',') } : {}),
    });
    res.end(text);
  }

  private takeFailure(method: string): Failure | undefined {
    for (const key of [method, '*']) {
      const queue = this.failures.get(key);
      if (queue && queue.length > 0) return queue.shift();
    }
    const faults = this.faults;
    if (faults && (!faults.methods || faults.methods.includes(method))) {
      const random = faults.random ?? Math.random;
      const roll = random();
      if (roll < (faults.rate429 ?? 0)) return { status: 429, retryAfter: faults.retryAfter ?? 0 };
      if (roll < (faults.rate429 ?? 0) + (faults.rate5xx ?? 0)) return { status: 503 };
    }
    return undefined;
  }

  // --- State helpers ----------------------------------------------------------

  private newId(prefix: string): string {
    this.idSeq++;
    return `${prefix}${String(this.idSeq).padStart(8, '0')}`;
  }

  /** Unique, increasing message timestamps in Slack's `seconds.micros` form. */
  private nextTs(): string {
    const now = Date.now() * 1000;
    this.lastTs = Math.max(now, this.lastTs + 1);
    return `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
  }

  private store(channel: string, message: FakeMessage): void {
    const list = this.messagesByChannel.get(channel) ?? [];
    list.push(message);
    this.messagesByChannel.set(channel, list);
  }

  private findMessage(channel: string, ts: string): FakeMessage | undefined {
    return this.messagesByChannel.get(channel)?.find((message) => message.ts === ts);
  }

  private requireChannel(id: unknown): FakeChannel {
    const channel = typeof id === 'string' ? this.channels.get(id) : undefined;
    if (!channel) throw new SlackApiError('channel_not_found');
    return channel;
  }

  /** Channels the app may post to: known channels, any C/G id (public channels), DMs and user ids. */
  private resolvePostTarget(id: unknown): string {
    if (typeof id !== 'string' || id === '') throw new SlackApiError('channel_not_found');
    const known = this.channels.get(id);
    if (known?.is_archived) throw new SlackApiError('is_archived');
    // Slack hides a private channel from an app that is not in it.
    if (known?.is_private && !known.members.has(FAKE_BOT_USER_ID))
      throw new SlackApiError('channel_not_found');
    if (/^U[A-Z0-9]+$/.test(id)) return this.openIm(id).id;
    if (!known && !/^[CGD][A-Z0-9]+$/.test(id)) throw new SlackApiError('channel_not_found');
    return id;
  }

  private openIm(userId: string): FakeChannel {
    const existing = [...this.channels.values()].find((c) => c.is_im && c.members.has(userId));
    if (existing) return existing;
    const im: FakeChannel = {
      id: this.newId('D'),
      name: userId,
      topic: '',
      members: new Set([userId, FAKE_BOT_USER_ID]),
      created: Math.floor(Date.now() / 1000),
      is_archived: false,
      is_im: true,
      is_private: true,
    };
    this.channels.set(im.id, im);
    return im;
  }

  private channelJson(channel: FakeChannel): Record<string, unknown> {
    return {
      id: channel.id,
      name: channel.name,
      is_channel: !channel.is_im,
      is_im: channel.is_im,
      is_private: channel.is_private,
      is_member: channel.members.has(FAKE_BOT_USER_ID),
      is_archived: channel.is_archived,
      created: channel.created,
      topic: { value: channel.topic, creator: FAKE_BOT_USER_ID, last_set: 0 },
      num_members: channel.members.size,
    };
  }

  private userJson(user: FakeUser): Record<string, unknown> {
    return {
      id: user.id,
      team_id: FAKE_TEAM_ID,
      name: user.name ?? user.id.toLowerCase(),
      deleted: user.deleted ?? false,
      real_name: user.real_name ?? '',
      tz: user.tz ?? 'Europe/London',
      is_bot: user.is_bot ?? false,
      is_app_user: false,
      profile: {
        real_name: user.real_name ?? '',
        display_name: user.display_name ?? '',
        email: user.email,
      },
    };
  }

  private validateName(name: unknown): string {
    if (typeof name !== 'string' || name === '') throw new SlackApiError('invalid_name_required');
    if (name.length > 80) throw new SlackApiError('invalid_name_maxlength');
    if (!/^[a-z0-9_-]+$/.test(name)) throw new SlackApiError('invalid_name_specials');
    return name;
  }

  private readonly handlers: Record<string, Handler> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://fake.slack.test/',
      team: 'Fake',
      user: 'response',
      team_id: FAKE_TEAM_ID,
      user_id: FAKE_BOT_USER_ID,
      bot_id: FAKE_BOT_ID,
    }),

    'chat.postMessage': (args) => {
      const channel = this.resolvePostTarget(args.channel);
      if (!args.text && !args.blocks) throw new SlackApiError('no_text');
      const message: FakeMessage = {
        type: 'message',
        ts: this.nextTs(),
        text: String(args.text ?? ''),
        bot_id: FAKE_BOT_ID,
        user: FAKE_BOT_USER_ID,
        blocks: args.blocks as unknown[] | undefined,
        thread_ts: args.thread_ts as string | undefined,
        metadata: args.metadata,
      };
      this.store(channel, message);
      return { ok: true, channel, ts: message.ts, message };
    },

    'chat.update': (args) => {
      const channel = String(args.channel ?? '');
      const message = this.findMessage(channel, String(args.ts ?? ''));
      if (!message) throw new SlackApiError('message_not_found');
      if (args.text !== undefined) message.text = String(args.text);
      if (args.blocks !== undefined) message.blocks = args.blocks as unknown[];
      return { ok: true, channel, ts: message.ts, text: message.text, message };
    },

    'chat.delete': (args) => {
      const channel = String(args.channel ?? '');
      const list = this.messagesByChannel.get(channel) ?? [];
      const index = list.findIndex((message) => message.ts === String(args.ts ?? ''));
      if (index < 0) throw new SlackApiError('message_not_found');
      if (list[index].bot_id !== FAKE_BOT_ID) throw new SlackApiError('cant_delete_message');
      list.splice(index, 1);
      return { ok: true, channel, ts: String(args.ts) };
    },

    'chat.postEphemeral': (args) => {
      this.resolvePostTarget(args.channel);
      if (typeof args.user !== 'string' || !args.user)
        throw new SlackApiError('user_not_in_channel');
      return { ok: true, message_ts: this.nextTs() };
    },

    'views.open': (args) => {
      if (typeof args.trigger_id !== 'string' || !args.trigger_id)
        throw new SlackApiError('invalid_trigger_id');
      const view =
        typeof args.view === 'object' && args.view ? (args.view as Record<string, unknown>) : null;
      if (!view) throw new SlackApiError('invalid_arguments');
      const id = this.newId('V');
      const stored = { ...view, id };
      this.views.set(id, stored);
      return { ok: true, view: stored };
    },

    'views.update': (args) => {
      const id = String(args.view_id ?? '');
      if (!this.views.has(id)) throw new SlackApiError('not_found');
      const stored = { ...(args.view as Record<string, unknown>), id };
      this.views.set(id, stored);
      return { ok: true, view: stored };
    },

    'conversations.create': (args) => {
      const name = this.validateName(args.name);
      if (this.channelByName(name)) throw new SlackApiError('name_taken');
      const channel = this.seedChannel({
        name,
        members: [FAKE_BOT_USER_ID],
        isPrivate: args.is_private === true || args.is_private === 'true',
      });
      return { ok: true, channel: this.channelJson(channel) };
    },

    'conversations.join': (args) => {
      const channel = this.requireChannel(args.channel);
      if (channel.is_archived) throw new SlackApiError('is_archived');
      // Nobody joins a private channel: they are invited.
      if (channel.is_private) throw new SlackApiError('method_not_supported_for_channel_type');
      channel.members.add(FAKE_BOT_USER_ID);
      return { ok: true, channel: this.channelJson(channel) };
    },

    'conversations.invite': (args) => {
      const channel = this.requireChannel(args.channel);
      const users = String(args.users ?? '')
        .split(',')
        .filter(Boolean);
      if (users.length === 0) throw new SlackApiError('no_user');
      if (users.includes(FAKE_BOT_USER_ID)) throw new SlackApiError('cant_invite_self');
      for (const user of users)
        if (!this.users.has(user)) throw new SlackApiError('user_not_found');
      if (users.every((user) => channel.members.has(user)))
        throw new SlackApiError('already_in_channel');
      for (const user of users) channel.members.add(user);
      return { ok: true, channel: this.channelJson(channel) };
    },

    'conversations.setTopic': (args) => {
      const channel = this.requireChannel(args.channel);
      const topic = String(args.topic ?? '');
      if (topic.length > 250) throw new SlackApiError('too_long');
      channel.topic = topic;
      return { ok: true, channel: this.channelJson(channel) };
    },

    'conversations.rename': (args) => {
      const channel = this.requireChannel(args.channel);
      const name = this.validateName(args.name);
      const other = this.channelByName(name);
      if (other && other.id !== channel.id) throw new SlackApiError('name_taken');
      channel.name = name;
      return { ok: true, channel: this.channelJson(channel) };
    },

    'conversations.archive': (args) => {
      const channel = this.requireChannel(args.channel);
      if (channel.is_archived) throw new SlackApiError('already_archived');
      if (!channel.members.has(FAKE_BOT_USER_ID)) throw new SlackApiError('not_in_channel');
      channel.is_archived = true;
      return { ok: true };
    },

    'conversations.unarchive': (args) => {
      const channel = this.requireChannel(args.channel);
      if (!channel.is_archived) throw new SlackApiError('not_archived');
      channel.is_archived = false;
      return { ok: true };
    },

    'conversations.info': (args) => ({
      ok: true,
      channel: this.channelJson(this.requireChannel(args.channel)),
    }),

    'conversations.history': (args) => {
      const id = String(args.channel ?? '');
      if (!this.channels.has(id) && !this.messagesByChannel.has(id))
        throw new SlackApiError('channel_not_found');
      const latest = args.latest !== undefined ? Number(args.latest) : Infinity;
      const oldest = args.oldest !== undefined ? Number(args.oldest) : -Infinity;
      const inclusive =
        args.inclusive === true || args.inclusive === 'true' || args.inclusive === '1';
      const limit = Number(args.limit ?? 100);
      const messages = this.messages(id)
        .filter((m) => {
          const ts = Number(m.ts);
          return inclusive ? ts <= latest && ts >= oldest : ts < latest && ts > oldest;
        })
        .reverse()
        .slice(0, limit);
      return { ok: true, messages, has_more: false };
    },

    'conversations.replies': (args) => {
      const channel = String(args.channel ?? '');
      const message = this.findMessage(channel, String(args.ts ?? ''));
      if (!message)
        throw new SlackApiError(
          this.messagesByChannel.has(channel) ? 'thread_not_found' : 'channel_not_found',
        );
      const replies = this.messages(channel).filter(
        (m) => m.thread_ts === message.ts && m.ts !== message.ts,
      );
      return { ok: true, messages: [message, ...replies], has_more: false };
    },

    'conversations.open': (args) => {
      const users = String(args.users ?? '')
        .split(',')
        .filter(Boolean);
      if (users.length !== 1) throw new SlackApiError('users_list_not_supplied');
      return { ok: true, channel: { id: this.openIm(users[0]).id } };
    },

    'im.open': (args) => ({ ok: true, channel: { id: this.openIm(String(args.user ?? '')).id } }),

    'reactions.add': (args) => {
      const key = `${String(args.channel)}/${String(args.timestamp)}`;
      const name = String(args.name ?? '');
      const set = this.reactions.get(key) ?? new Set<string>();
      if (set.has(name)) throw new SlackApiError('already_reacted');
      set.add(name);
      this.reactions.set(key, set);
      return { ok: true };
    },

    'reactions.remove': (args) => {
      const key = `${String(args.channel)}/${String(args.timestamp)}`;
      const set = this.reactions.get(key);
      if (!set?.delete(String(args.name ?? ''))) throw new SlackApiError('no_reaction');
      return { ok: true };
    },

    'users.info': (args) => {
      const user = this.users.get(String(args.user ?? ''));
      if (!user) throw new SlackApiError('user_not_found');
      return { ok: true, user: this.userJson(user) };
    },

    'users.list': (args) => {
      // Slack may return fewer members than asked for; the fake pages at usersPageSize at most.
      const limit = Math.min(
        Number(args.limit ?? this.usersPageSize) || this.usersPageSize,
        this.usersPageSize,
      );
      const all = [...this.users.values()].sort((a, b) => a.id.localeCompare(b.id));
      const start = args.cursor
        ? Number(Buffer.from(String(args.cursor), 'base64').toString('utf8').slice(5))
        : 0;
      if (!Number.isInteger(start) || start < 0) throw new SlackApiError('invalid_cursor');
      const page = all.slice(start, start + limit);
      const next =
        start + limit < all.length ? Buffer.from(`user:${start + limit}`).toString('base64') : '';
      const members = page.map((user) => this.userJson(user));
      if (start === 0) {
        members.unshift({
          id: 'USLACKBOT',
          name: 'slackbot',
          deleted: false,
          is_bot: false,
          profile: { real_name: 'Slackbot' },
        });
      }
      return { ok: true, members, response_metadata: { next_cursor: next } };
    },

    'pins.list': (args) => {
      const channel = String(args.channel ?? '');
      const items = [...(this.pins.get(channel) ?? [])]
        .map((ts) => this.findMessage(channel, ts))
        .filter((m): m is FakeMessage => Boolean(m))
        .map((message) => ({ type: 'message', channel, message }));
      return { ok: true, items };
    },

    'pins.add': (args) => {
      const channel = String(args.channel ?? '');
      const set = this.pins.get(channel) ?? new Set<string>();
      if (set.has(String(args.timestamp))) throw new SlackApiError('already_pinned');
      set.add(String(args.timestamp));
      this.pins.set(channel, set);
      return { ok: true };
    },
  };
}

class SlackApiError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function parseArgs(body: string, contentType: string): Record<string, unknown> {
  if (!body) return {};
  if (contentType.includes('application/json')) {
    try {
      const parsed = JSON.parse(body) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (JSON_FIELDS.has(key)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // keep the raw text
      }
    }
    args[key] = value;
  }
  return args;
}

/** Starts a fake Slack with a few seeded users. */
export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}
