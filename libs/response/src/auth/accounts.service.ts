import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppId, PASSWORD_MAX_LENGTH, ROLES, type Role } from '@response/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import { CONFIG, type Config } from '../config/config.js';
import { ExternalUser } from '../users/external-user.entity.js';
import { Account } from './account.entity.js';
import type { RequestAccount } from './current-account.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';

export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{1,150}$/;
export const PASSWORD_MIN_LENGTH = 8;

export interface NewAccount {
  username: string;
  password: string;
  role: Role;
  externalUserId?: number | null;
}

/** Accounts that log in to the web app and the API. */
@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** With ADMIN_USERNAME and ADMIN_PASSWORD set, that admin exists after boot. */
  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.admin;
    if (admin) await this.ensureAdmin(admin.username, admin.password);
  }

  async create(input: NewAccount): Promise<Account> {
    this.checkUsername(input.username);
    this.checkPassword(input.password);
    if (!ROLES.includes(input.role))
      throw new ValidationError({ role: `must be one of ${ROLES.join(', ')}` });
    const passwordHash = await hashPassword(input.password);
    const rows: Account[] = await this.repo().manager.query(
      `INSERT INTO account (username, password_hash, role, external_user_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [input.username, passwordHash, input.role, input.externalUserId ?? null],
    );
    if (rows.length === 0)
      throw new ConflictError(`An account named ${input.username} already exists`);
    return this.repo().findOneByOrFail({ id: rows[0]!.id });
  }

  findByUsername(username: string): Promise<Account | null> {
    return this.repo().findOneBy({ username });
  }

  /** The account when the password is right, else null; unknown usernames take as long to refuse. */
  async verify(username: string, password: string): Promise<Account | null> {
    const account =
      password.length <= PASSWORD_MAX_LENGTH ? await this.findByUsername(username) : null;
    const ok = await verifyPassword(
      password.slice(0, PASSWORD_MAX_LENGTH),
      account?.passwordHash ?? (await decoyHash()),
    );
    return ok && account ? account : null;
  }

  async setPassword(accountId: number, password: string): Promise<void> {
    this.checkPassword(password);
    const result = await this.repo().update(
      { id: accountId },
      { passwordHash: await hashPassword(password) },
    );
    if (!result.affected) throw new NotFoundError('Account', accountId);
  }

  async setRole(accountId: number, role: Role): Promise<void> {
    if (!ROLES.includes(role))
      throw new ValidationError({ role: `must be one of ${ROLES.join(', ')}` });
    const result = await this.repo().update({ id: accountId }, { role });
    if (!result.affected) throw new NotFoundError('Account', accountId);
  }

  /** Links an account to the ExternalUser (e.g. the Slack user) it acts as; null unlinks. */
  async linkExternalUser(accountId: number, externalUserId: number | null): Promise<void> {
    if (
      externalUserId !== null &&
      !(await this.dataSource.getRepository(ExternalUser).existsBy({ id: externalUserId }))
    ) {
      throw new NotFoundError('User', externalUserId);
    }
    const result = await this.repo().update({ id: accountId }, { externalUserId });
    if (!result.affected) throw new NotFoundError('Account', accountId);
  }

  /**
   * The ExternalUser an account acts as: its linked user, or else a web user
   * (`app_id: "web"`, `external_id` = username) created on first use.
   */
  async actingUser(
    account: RequestAccount,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ExternalUser> {
    const users = manager.getRepository(ExternalUser);
    if (account.externalUserId !== null) {
      const linked = await users.findOneBy({ id: account.externalUserId });
      if (linked) return linked;
    }
    const externalId = account.username.slice(0, 50);
    await users
      .createQueryBuilder()
      .insert()
      .values({
        appId: AppId.Web,
        externalId,
        displayName: account.username.slice(0, 100),
        fullName: account.username.slice(0, 200),
      })
      .orIgnore()
      .execute();
    return users.findOneByOrFail({ appId: AppId.Web, externalId });
  }

  /** Creates the admin, or brings its password and role up to date; safe when processes boot together. */
  async ensureAdmin(username: string, password: string): Promise<void> {
    const existing = await this.findByUsername(username);
    if (
      existing &&
      existing.role === 'admin' &&
      (await verifyPassword(password, existing.passwordHash))
    )
      return;
    await this.dataSource.query(
      `INSERT INTO account (username, password_hash, role) VALUES ($1, $2, 'admin')
       ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = 'admin'`,
      [username, await hashPassword(password)],
    );
    this.logger.log(
      existing ? `Admin account "${username}" updated` : `Admin account "${username}" created`,
    );
  }

  private repo() {
    return this.dataSource.getRepository(Account);
  }

  private checkUsername(username: string): void {
    if (!USERNAME_PATTERN.test(username)) {
      throw new ValidationError({ username: 'must be 1-150 letters, digits or _.@-' });
    }
  }

  private checkPassword(password: string): void {
    if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
      throw new ValidationError({
        password: `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
      });
    }
  }
}
