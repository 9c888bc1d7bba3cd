import { Injectable } from '@nestjs/common';
import type { Role } from '@response/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { announceChange } from '../live/change-bus.js';
import { Session } from './session.entity.js';

/** How long a login lasts. */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export interface NewSession {
  /** Goes in the cookie; only its SHA-256 is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface SessionAccount {
  csrfToken: string;
  account: { id: number; username: string; role: Role; externalUserId: number | null };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Cookie sessions: a random 32-byte token per login, stored as its hash. */
@Injectable()
export class SessionsService {
  constructor(private readonly dataSource: DataSource) {}

  async create(accountId: number): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await this.dataSource
      .getRepository(Session)
      .insert({ tokenHash: hashToken(token), accountId, csrfToken, expiresAt });
    return { token, csrfToken, expiresAt };
  }

  /** The live session for a cookie value and its account, in one query. */
  async find(token: string): Promise<SessionAccount | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const rows: Array<{
      csrf_token: string;
      id: number;
      username: string;
      role: Role;
      external_user_id: number | null;
    }> = await this.dataSource.query(
      `SELECT s.csrf_token, a.id, a.username, a.role, a.external_user_id
           FROM account_session s JOIN account a ON a.id = s.account_id
          WHERE s.token_hash = $1 AND s.expires_at > now() AND a.disabled_at IS NULL`,
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      csrfToken: row.csrf_token,
      account: {
        id: row.id,
        username: row.username,
        role: row.role,
        externalUserId: row.external_user_id,
      },
    };
  }

  async delete(token: string): Promise<void> {
    await this.dataSource.getRepository(Session).delete({ tokenHash: hashToken(token) });
  }

  /**
   * Ends every session of an account (its password, role or state changed),
   * except the one whose cookie value is `keep`, when given: the caller's own.
   */
  async endAll(
    accountId: number,
    keep?: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(`DELETE FROM account_session WHERE account_id = $1 AND token_hash <> $2`, [
      accountId,
      keep ? hashToken(keep) : '',
    ]);
    // Open live streams of the account check their credentials again at once.
    await announceChange(manager, { kind: 'account', id: accountId });
  }

  async purgeExpired(): Promise<void> {
    await this.dataSource.query('DELETE FROM account_session WHERE expires_at <= now()');
  }
}
