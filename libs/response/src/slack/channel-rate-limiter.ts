import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { CONFIG, type Config } from '../config/config.js';

/** One post per second per channel, with a burst of three (Slack allows about 1/s per channel). */
export const CHANNEL_RATE = { intervalMs: 1000, burst: 3 } as const;

/** A slot to post in a channel: taken when `waitMs` is within the caller's limit. */
export interface ChannelSlot {
  taken: boolean;
  /** Wait before posting (when taken), or until a slot frees (when not). */
  waitMs: number;
}

/**
 * Generic cell rate algorithm on a "theoretical arrival time" per channel:
 * a post may go at `tat - tolerance`; taking a slot moves `tat` one interval on.
 * A slot further away than `maxWaitMs` is not taken.
 */
function reserveAt(
  tat: number,
  now: number,
  maxWaitMs: number,
): { slot: ChannelSlot; tat: number } {
  const tolerance = CHANNEL_RATE.intervalMs * (CHANNEL_RATE.burst - 1);
  const start = Math.max(tat, now);
  const waitMs = Math.max(0, start - tolerance - now);
  if (waitMs > maxWaitMs) return { slot: { taken: false, waitMs }, tat };
  return { slot: { taken: true, waitMs }, tat: start + CHANNEL_RATE.intervalMs };
}

/** The same algorithm in Redis, atomically, so every process of a deployment shares each channel's pace. */
const RESERVE_SCRIPT = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local maxWait = tonumber(ARGV[4])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(tat, now)
local wait = math.max(0, start - tolerance - now)
if wait > maxWait then return {0, wait} end
redis.call('SET', KEYS[1], start + interval, 'PX', math.ceil(start + 2 * interval - now))
return {1, wait}
`;

/**
 * Paces posts per Slack channel. With REDIS_URL the pace is shared by every
 * process through Redis; without it (one process) it is kept in memory. If
 * Redis cannot answer, this process paces alone rather than holding posts.
 */
@Injectable()
export class ChannelRateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger(ChannelRateLimiter.name);
  private readonly local = new Map<string, number>();
  private redis: Redis | null = null;

  constructor(@Inject(CONFIG) config: Config) {
    if (config.redis.url) {
      this.redis = new Redis(config.redis.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 1000,
      });
      this.redis.on('error', (error: Error) => this.logger.debug(`Redis: ${error.message}`));
    }
  }

  async reserve(channel: string, maxWaitMs: number): Promise<ChannelSlot> {
    const now = Date.now();
    if (this.redis) {
      try {
        if (this.redis.status === 'wait') await this.redis.connect();
        const tolerance = CHANNEL_RATE.intervalMs * (CHANNEL_RATE.burst - 1);
        const [taken, waitMs] = (await this.redis.eval(
          RESERVE_SCRIPT,
          1,
          `response:slack-rate:${channel}`,
          now,
          CHANNEL_RATE.intervalMs,
          tolerance,
          maxWaitMs,
        )) as [number, number];
        return { taken: taken === 1, waitMs: Number(waitMs) };
      } catch (error) {
        this.logger.warn(
          `Shared Slack rate limit unavailable, pacing locally: ${(error as Error).message}`,
        );
      }
    }
    const { slot, tat } = reserveAt(this.local.get(channel) ?? 0, now, maxWaitMs);
    this.local.set(channel, tat);
    if (this.local.size > 10_000) this.prune(now);
    return slot;
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.redis) return;
    this.redis.disconnect();
    this.redis = null;
  }

  private prune(now: number): void {
    for (const [channel, tat] of this.local) if (tat < now) this.local.delete(channel);
  }
}
