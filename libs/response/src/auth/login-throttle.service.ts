import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Failed logins allowed per username, and per client address, in one window. */
export const LOGIN_LIMITS = { perUsername: 10, perAddress: 50, windowSeconds: 15 * 60 } as const;

interface Keys {
  user: string;
  address: string;
}

/**
 * Counts failed logins per username and per client address in Postgres, so that
 * every API process shares the counts. A key over its limit is locked until its
 * window ends; counting never reveals whether a username exists.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly dataSource: DataSource) {}

  /** When the caller may try again, or null when neither the username nor the address is locked. */
  async lockedUntil(username: string, address: string): Promise<Date | null> {
    const keys = this.keys(username, address);
    const rows: Array<{ until: Date | string | null }> = await this.dataSource.query(
      `SELECT max(window_ends_at) AS until FROM login_throttle
        WHERE window_ends_at > now()
          AND ((key = $1 AND failures >= $2) OR (key = $3 AND failures >= $4))`,
      [keys.user, LOGIN_LIMITS.perUsername, keys.address, LOGIN_LIMITS.perAddress],
    );
    const until = rows[0]?.until;
    return until ? new Date(until) : null;
  }

  /** Counts one failure against both keys; a window that has ended starts again. */
  async recordFailure(username: string, address: string): Promise<void> {
    const keys = this.keys(username, address);
    await this.dataSource.query(
      `INSERT INTO login_throttle (key, failures, window_ends_at)
       SELECT k, 1, now() + make_interval(secs => $3) FROM (VALUES ($1::varchar), ($2::varchar)) AS v (k)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_ends_at <= now() THEN 1 ELSE login_throttle.failures + 1 END,
         window_ends_at = CASE WHEN login_throttle.window_ends_at <= now() THEN EXCLUDED.window_ends_at
                               ELSE login_throttle.window_ends_at END`,
      [keys.user, keys.address, LOGIN_LIMITS.windowSeconds],
    );
  }

  /** A successful login clears the username's count (the address keeps its own). */
  async recordSuccess(username: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_throttle WHERE key = $1', [
      this.keys(username, '').user,
    ]);
  }

  /** Drops counters whose window has ended. */
  async purgeExpired(): Promise<void> {
    await this.dataSource.query('DELETE FROM login_throttle WHERE window_ends_at <= now()');
  }

  private keys(username: string, address: string): Keys {
    return {
      user: `user:${username.toLowerCase().slice(0, 150)}`,
      address: `ip:${address.slice(0, 100)}`,
    };
  }
}
