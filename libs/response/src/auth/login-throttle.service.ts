import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * How failed logins are slowed down.
 *
 * - Per (username, client address): the first `freeAttempts` failures cost
 *   nothing; after that each attempt must wait 1 s, 2 s, 4 s … up to
 *   `maxDelaySeconds` after the previous one. The count is forgotten
 *   `pairWindowSeconds` after the last failure, or at once after a success.
 * - Per username, and per address, over `windowSeconds`: far higher caps
 *   (`perUsername`, `perAddress`) against guessing spread over many addresses or
 *   many usernames. Over a cap, only addresses where that username logged in
 *   successfully in the last `knownAddressDays` may still try, so that someone
 *   else's failures never lock out a client that has the right password.
 */
export const LOGIN_LIMITS = {
  freeAttempts: 3,
  maxDelaySeconds: 60,
  pairWindowSeconds: 15 * 60,
  perUsername: 100,
  perAddress: 100,
  windowSeconds: 15 * 60,
  knownAddressDays: 30,
} as const;

/** Seconds to wait after the n-th failure of a (username, address) pair. */
export function delayAfter(failures: number): number {
  if (failures < LOGIN_LIMITS.freeAttempts) return 0;
  return Math.min(LOGIN_LIMITS.maxDelaySeconds, 2 ** (failures - LOGIN_LIMITS.freeAttempts));
}

/** The SQL form of {@link delayAfter}, for a failure count expression `n`. */
function delaySql(n: string): string {
  return `CASE WHEN ${n} < ${LOGIN_LIMITS.freeAttempts} THEN 0
               ELSE least(${LOGIN_LIMITS.maxDelaySeconds}, power(2, ${n} - ${LOGIN_LIMITS.freeAttempts})) END`;
}

interface Keys {
  username: string;
  pair: string;
  user: string;
  address: string;
  known: string;
}

interface Row {
  key: string;
  failures: number;
  window_ends_at: Date | string;
  retry_at: Date | string | null;
}

/**
 * Counts failed logins in Postgres, so that every API process shares them.
 * Usernames are counted whether or not they exist, so the answers never tell.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims one password check for (username, address): null when it may go
   * ahead, else when to try again. The claim counts as a failure of the pair
   * until {@link recordSuccess} clears it, so that parallel guesses cannot all
   * slip through before the first one is counted.
   */
  async claim(username: string, address: string): Promise<Date | null> {
    const refused = await this.refusedUntil(username, address);
    if (refused) return refused;
    const keys = this.keys(username, address);
    const rows: Array<{ failures: number }> = await this.dataSource.query(
      `INSERT INTO login_throttle (key, username, failures, window_ends_at, retry_at)
       VALUES ($1, $2, 1, now() + make_interval(secs => $3), now() + make_interval(secs => ${delaySql('1')}))
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_ends_at <= now() THEN 1 ELSE login_throttle.failures + 1 END,
         window_ends_at = EXCLUDED.window_ends_at,
         retry_at = now() + make_interval(secs => ${delaySql(
           'CASE WHEN login_throttle.window_ends_at <= now() THEN 1 ELSE login_throttle.failures + 1 END',
         )})
       WHERE login_throttle.retry_at IS NULL OR login_throttle.retry_at <= now()
          OR login_throttle.window_ends_at <= now()
       RETURNING failures`,
      [keys.pair, keys.username, LOGIN_LIMITS.pairWindowSeconds],
    );
    if (rows.length > 0) return null;
    // Another attempt for the pair got in first and set a delay.
    return (await this.refusedUntil(username, address)) ?? new Date(Date.now() + 1000);
  }

  /**
   * When the next attempt for (username, address) may be made, or null when it
   * may be made now: the pair's delay, or a cap the address is not exempt from.
   */
  async refusedUntil(username: string, address: string): Promise<Date | null> {
    const keys = this.keys(username, address);
    const rows: Row[] = await this.dataSource.query(
      `SELECT key, failures, window_ends_at, retry_at FROM login_throttle
        WHERE key IN ($1, $2, $3, $4) AND window_ends_at > now()`,
      [keys.pair, keys.user, keys.address, keys.known],
    );
    const row = (key: string) => rows.find((r) => r.key === key);
    const now = Date.now();
    const pairRetry = row(keys.pair)?.retry_at;
    if (pairRetry && new Date(pairRetry).getTime() > now) return new Date(pairRetry);
    if (row(keys.known)) return null;
    const capped = [
      [row(keys.user), LOGIN_LIMITS.perUsername],
      [row(keys.address), LOGIN_LIMITS.perAddress],
    ] as const;
    const ends = capped
      .filter(([r, limit]) => r && r.failures >= limit)
      .map(([r]) => new Date(r!.window_ends_at).getTime());
    return ends.length > 0 ? new Date(Math.max(...ends)) : null;
  }

  /** A wrong password after {@link claim}: counts against the username's and the address's caps. */
  async recordFailure(username: string, address: string): Promise<void> {
    const keys = this.keys(username, address);
    await this.dataSource.query(
      `INSERT INTO login_throttle (key, username, failures, window_ends_at)
       SELECT k, u, 1, now() + make_interval(secs => $5)
         FROM (VALUES ($1::varchar, $2::varchar), ($3::varchar, $4::varchar)) AS v (k, u)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_ends_at <= now() THEN 1 ELSE login_throttle.failures + 1 END,
         window_ends_at = CASE WHEN login_throttle.window_ends_at <= now() THEN EXCLUDED.window_ends_at
                               ELSE login_throttle.window_ends_at END`,
      [keys.user, keys.username, keys.address, null, LOGIN_LIMITS.windowSeconds],
    );
  }

  /** The right password: the pair starts again, and the address is known for this username. */
  async recordSuccess(username: string, address: string): Promise<void> {
    const keys = this.keys(username, address);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM login_throttle WHERE key = $1', [keys.pair]);
      await manager.query(
        `INSERT INTO login_throttle (key, username, failures, window_ends_at)
         VALUES ($1, $2, 0, now() + make_interval(days => $3))
         ON CONFLICT (key) DO UPDATE SET window_ends_at = EXCLUDED.window_ends_at`,
        [keys.known, keys.username, LOGIN_LIMITS.knownAddressDays],
      );
    });
  }

  /** Which of these usernames (lower-cased) failed logins currently hold back. */
  async throttled(usernames: string[]): Promise<Set<string>> {
    if (usernames.length === 0) return new Set();
    const rows: Array<{ username: string }> = await this.dataSource.query(
      `SELECT DISTINCT username FROM login_throttle
        WHERE username = ANY($1) AND window_ends_at > now()
          AND ((key LIKE 'pair:%' AND retry_at > now())
            OR (key LIKE 'user:%' AND failures >= $2))`,
      [usernames.map((u) => this.normalize(u)), LOGIN_LIMITS.perUsername],
    );
    return new Set(rows.map((r) => r.username));
  }

  /** Forgets every failure of a username, from every address (`account:unlock`). */
  async unlock(username: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_throttle WHERE username = $1 AND (key LIKE 'pair:%' OR key LIKE 'user:%')`,
      [this.normalize(username)],
    );
  }

  /** Drops counters whose window has ended. */
  async purgeExpired(): Promise<void> {
    await this.dataSource.query('DELETE FROM login_throttle WHERE window_ends_at <= now()');
  }

  private normalize(username: string): string {
    return username.toLowerCase().slice(0, 150);
  }

  private keys(username: string, address: string): Keys {
    const user = this.normalize(username);
    const addr = address.slice(0, 100);
    return {
      username: user,
      pair: `pair:${user}|${addr}`,
      user: `user:${user}`,
      address: `ip:${addr}`,
      known: `known:${user}|${addr}`,
    };
  }
}
