import { Inject, Injectable, Logger } from '@nestjs/common';
import { SlackJob, type SlackCallJob } from '@response/contracts';
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type WebAPICallResult,
} from '@slack/web-api';
import type { EntityManager } from 'typeorm';
import { CONFIG, type Config } from '../config/config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { PermanentJobError, RetryLaterError } from '../queue/queue.types.js';
import { ChannelRateLimiter } from './channel-rate-limiter.js';

/** Methods that post into a channel and count against Slack's ~1 message/s per channel. */
export const POSTING_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);

/**
 * Answers that mean the call's effect is already in place: a retried
 * `reactions.add` that finds the reaction there, and the like.
 */
export const ALREADY_DONE_ERRORS = new Set([
  'already_reacted',
  'no_reaction',
  'already_in_channel',
  'already_pinned',
  'no_pin',
  'already_archived',
  'not_archived',
]);

/** Platform errors that are Slack's own trouble: retried like a 5xx. */
const TRANSIENT_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'team_added_to_org',
]);

/** A Slack answer `{ok: false, error}` that retrying cannot fix (`channel_not_found`, `name_taken`, …). */
export class SlackApiError extends PermanentJobError {
  constructor(
    readonly method: string,
    readonly code: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(`Slack ${method} failed: ${code}`);
    this.name = 'SlackApiError';
  }
}

/** Where a call comes from, for logs. */
export interface CallContext {
  incidentId?: number | null;
  jobId?: string;
}

export type { SlackCallJob };

/**
 * Tries per Slack job: backoff doubles from 0.5 s to a 60 s cap, so this
 * rides out about 20 minutes of Slack trouble (or a long per-channel queue).
 */
export const SLACK_JOB_ATTEMPTS = 25;

/** Longer waits hand the job back to the queue instead of holding a worker. */
const MAX_LIMITER_WAIT_MS = 5000;

/**
 * Every Slack Web API call goes through here. The client's own retries are off
 * because the job queue retries: 429 becomes RetryLaterError (Retry-After is
 * honoured), 5xx and network errors are rethrown for exponential backoff, and
 * permanent errors become SlackApiError (a PermanentJobError).
 */
@Injectable()
export class SlackClientService {
  private readonly logger = new Logger(SlackClientService.name);
  private readonly client: WebClient | null;
  private botUser?: Promise<{ userId: string | null; url: string | null } | null>;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly outbox: OutboxService,
    private readonly unitOfWork: UnitOfWork,
    private readonly limiter: ChannelRateLimiter,
    private readonly metrics: MetricsService,
  ) {
    this.client = config.slack.enabled
      ? new WebClient(config.slack.botToken, {
          slackApiUrl: config.slack.apiUrl,
          retryConfig: { retries: 0 },
          rejectRateLimitedCalls: true,
          timeout: 10_000,
          logger: {
            debug: () => undefined,
            info: () => undefined,
            warn: (...msgs: unknown[]) => this.logger.debug(msgs.map(String).join(' ')),
            error: (...msgs: unknown[]) => this.logger.warn(msgs.map(String).join(' ')),
            setLevel: () => undefined,
            getLevel: () => 'warn' as never,
            setName: () => undefined,
          },
        })
      : null;
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  /**
   * This app's bot user id, from `auth.test` (asked once per process, again
   * after a failure); null when Slack cannot say.
   */
  async botUserId(): Promise<string | null> {
    return (await this.identity())?.userId ?? null;
  }

  /** The workspace's address (`https://acme.slack.com/`), for permalinks; null when Slack cannot say. */
  async workspaceUrl(): Promise<string | null> {
    return (await this.identity())?.url ?? null;
  }

  /** Who this app is, from `auth.test`: asked once per process, again after a failure. */
  private identity(): Promise<{ userId: string | null; url: string | null } | null> {
    this.botUser ??= this.call<{ user_id?: string; url?: string }>('auth.test', {})
      .then((answer) => ({ userId: answer.user_id ?? null, url: answer.url ?? null }))
      .catch((error: Error) => {
        this.logger.warn(`auth.test failed: ${error.message}`);
        this.botUser = undefined;
        return null;
      });
    return this.botUser;
  }

  /**
   * Calls a Web API method now. Use it where the answer is needed at once
   * (`views.open` with a 3 s trigger id) or inside job handlers.
   * Codes in `accept` come back as `{ok: false, error}` instead of throwing.
   */
  async call<T = WebAPICallResult>(
    method: string,
    args: Record<string, unknown>,
    context: CallContext & {
      accept?: readonly string[];
      /** The caller already waited for its turn in the channel (`paceChannel`). */
      paced?: boolean;
    } = {},
  ): Promise<T> {
    if (!this.client) throw new SlackApiError(method, 'slack_not_configured');
    if (POSTING_METHODS.has(method) && typeof args.channel === 'string' && !context.paced)
      await this.paceChannel(args.channel);
    try {
      const answer = (await this.client.apiCall(method, args)) as T;
      this.metrics.slackCall(method, 'ok');
      return answer;
    } catch (error) {
      const mapped = this.mapError(method, error, context);
      this.metrics.slackCall(method, outcomeOf(mapped));
      if (mapped instanceof SlackApiError && context.accept?.includes(mapped.code)) {
        return { ok: false, error: mapped.code, ...mapped.data } as T;
      }
      throw mapped;
    }
  }

  /**
   * Records a Slack call to make from the queue, inside the caller's
   * transaction when a manager is given (so it is sent if and only if the
   * change commits), or in a small transaction of its own. The key makes it
   * idempotent: the same key is never delivered twice.
   */
  async enqueue(manager: EntityManager | null, job: SlackCallJob): Promise<void> {
    const entry = {
      name: SlackJob.PostMessage,
      data: job,
      key: `call:${job.key}`,
      attempts: SLACK_JOB_ATTEMPTS,
    };
    if (manager) await this.outbox.push(manager, entry);
    else await this.unitOfWork.run((m) => this.outbox.push(m, entry));
  }

  /**
   * Posts an ephemeral message to a slash command's response_url; false when
   * Slack refused it (expired, used up) or could not be reached.
   */
  async respond(url: string, text: string): Promise<boolean> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', text }),
        signal: AbortSignal.timeout(5000),
      });
      if (res.ok) return true;
      this.logger.warn(`response_url answered HTTP ${res.status}`);
    } catch (error) {
      this.logger.warn(`response_url unreachable: ${(error as Error).message}`);
    }
    return false;
  }

  /**
   * A recent message of this app in a channel whose Slack message metadata
   * matches, e.g. a post whose answer was lost; null when there is none (or the
   * channel cannot be read). Only channel ids (C…/G…) are searched.
   */
  async findPostedMessage(
    channel: string,
    match: (metadata: { event_type?: string; event_payload?: Record<string, unknown> }) => boolean,
  ): Promise<{ ts: string; channel: string } | null> {
    if (!/^[CG][A-Z0-9]+$/.test(channel)) return null;
    const answer = await this.call<{
      ok: boolean;
      messages?: {
        ts: string;
        metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
      }[];
    }>(
      'conversations.history',
      { channel, limit: 100, include_all_metadata: true },
      { accept: ['channel_not_found', 'not_in_channel', 'missing_scope'] },
    );
    const message = (answer.messages ?? []).find((m) => m.metadata && match(m.metadata));
    return message ? { ts: message.ts, channel } : null;
  }

  private mapError(method: string, error: unknown, context: CallContext): Error {
    const where = `${method}${context.incidentId ? ` (incident ${context.incidentId})` : ''}`;
    if (error instanceof WebAPIRateLimitedError) {
      return new RetryLaterError(
        `Slack rate limited ${where}`,
        Math.max(error.retryAfter, 0) * 1000,
      );
    }
    if (error instanceof WebAPIPlatformError) {
      const code = String(error.data.error);
      if (TRANSIENT_ERRORS.has(code)) return new Error(`Slack ${where} failed: ${code}`);
      if (!ALREADY_DONE_ERRORS.has(code))
        this.logger.warn(`Slack ${where} failed permanently: ${code}`);
      return new SlackApiError(method, code, error.data as unknown as Record<string, unknown>);
    }
    if (error instanceof WebAPIHTTPError) {
      if (error.statusCode >= 500)
        return new Error(`Slack ${where} answered HTTP ${error.statusCode}`);
      this.logger.warn(`Slack ${where} answered HTTP ${error.statusCode}`);
      return new SlackApiError(method, `http_${error.statusCode}`);
    }
    if (error instanceof WebAPIRequestError) {
      return new Error(`Slack ${where} unreachable: ${error.original.message}`);
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  /**
   * Waits for this process's turn to post in a channel (shared with every
   * process when Redis is configured). A turn more than 5 s away hands the
   * job back to the queue (RetryLaterError) instead of holding a worker. Call
   * it before opening a transaction, then `call(…, { paced: true })` inside.
   */
  async paceChannel(channel: string): Promise<void> {
    const slot = await this.limiter.reserve(channel, MAX_LIMITER_WAIT_MS);
    if (!slot.taken) {
      throw new RetryLaterError(
        `Holding posts to ${channel} to stay inside Slack's rate limit`,
        slot.waitMs,
      );
    }
    if (slot.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
  }
}

/** The metrics label of a failed call: the Slack error code, or the kind of failure. */
function outcomeOf(error: Error): string {
  if (error instanceof SlackApiError) return error.code;
  if (error instanceof RetryLaterError) return 'rate_limited';
  return 'transient_error';
}
