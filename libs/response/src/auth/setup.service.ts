import { Inject, Injectable, Logger } from '@nestjs/common';
import { Role, type SetupBody } from '@response/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError, ForbiddenError } from '../common/errors.js';
import { CONFIG, type Config } from '../config/config.js';
import type { Account } from './account.entity.js';
import { AccountsService } from './accounts.service.js';

/** `/setup` and its API once an account exists: there is nothing to set up any more. */
export class SetupDoneError extends DomainError {
  readonly status = 404;
  readonly error = 'Not Found';

  constructor() {
    super('Setup is done: log in with your account');
  }
}

function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/**
 * The first start: while no account exists, each server start prints a link
 * with a random one-time code (`SITE_URL/setup?code=…`); whoever opens it
 * creates the first admin account. Codes are stored as hashes and all of them
 * are gone once an account exists, however it was made.
 */
@Injectable()
export class SetupService {
  private readonly logger = new Logger(SetupService.name);
  /** Accounts never go back to none, so once one is seen there is no need to ask again. */
  private done = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Whether the first account is still to be made. */
  async required(): Promise<boolean> {
    if (this.done) return false;
    this.done = await this.accounts.any();
    return !this.done;
  }

  /** Answers 404 once an account exists. */
  async ensureRequired(): Promise<void> {
    if (!(await this.required())) throw new SetupDoneError();
  }

  /** A new setup link while no account exists (the code is valid until the setup is done), else null. */
  async newLink(): Promise<string | null> {
    if (!(await this.required())) return null;
    const code = randomBytes(24).toString('base64url');
    await this.dataSource.query('INSERT INTO setup_code (code_hash) VALUES ($1)', [hashCode(code)]);
    return `${this.config.app.siteUrl}/setup?code=${code}`;
  }

  /**
   * Creates the first admin account with a code from a setup link. The table
   * lock makes concurrent attempts wait in turn, so exactly one succeeds; the
   * others, like any attempt once an account exists, get 404.
   */
  async complete(body: SetupBody): Promise<Account> {
    const account = await this.dataSource.transaction(async (m) => {
      await m.query('LOCK TABLE account IN SHARE ROW EXCLUSIVE MODE');
      if (await this.accounts.any(m)) throw new SetupDoneError();
      const used: Array<{ n: number }> = await m.query(
        `WITH used AS (DELETE FROM setup_code WHERE code_hash = $1 RETURNING 1)
         SELECT count(*)::int AS n FROM used`,
        [hashCode(body.code)],
      );
      if (!used[0]?.n) {
        throw new ForbiddenError(
          'This setup link is not valid: open the link the server printed when it last started',
        );
      }
      await m.query('DELETE FROM setup_code');
      return this.accounts.create(
        { username: body.username, password: body.password, role: Role.Admin },
        m,
      );
    });
    this.done = true;
    this.logger.log(`First admin account "${account.username}" created through the setup link`);
    return account;
  }
}
