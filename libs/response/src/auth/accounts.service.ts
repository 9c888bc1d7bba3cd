import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  AppId,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_RULE,
  ROLES,
  USERNAME_PATTERN,
  USERNAME_RULE,
  type AccountDto,
  type CreateAccountBody,
  type Paginated,
  type PatchAccountBody,
  type Role,
  type UserRefBody,
} from '@response/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import { limitOffsetPage, parseLimitOffset } from '../common/pagination.js';
import { CONFIG, type Config } from '../config/config.js';
import { ExternalUser } from '../users/external-user.entity.js';
import { UsersService } from '../users/users.service.js';
import { Account } from './account.entity.js';
import { AccountSerializer, type AccountView } from './account.serializer.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';
import { SessionsService } from './sessions.service.js';

export { PASSWORD_MIN_LENGTH, USERNAME_PATTERN };

export interface NewAccount {
  username: string;
  password: string;
  role: Role;
  /** The Slack user the account acts as; none: a web user named after the account. */
  externalUserId?: number | null;
}

/** What an admin may change about an account; absent fields stay as they are. */
export interface AccountChanges {
  role?: Role;
  password?: string;
  disabled?: boolean;
  /** A Slack user's ExternalUser id, or null for none. */
  externalUserId?: number | null;
}

/**
 * Accounts that log in to the web app and the API. Every account is a person
 * in the users list from the moment it exists: its linked Slack user, or else
 * its web user (`app_id: "web"`, `external_id` = username), so that lead and
 * owner pickers offer it before it has done anything.
 */
@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly users: UsersService,
  ) {}

  /** With ADMIN_USERNAME and ADMIN_PASSWORD set, that admin exists after boot. */
  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.admin;
    if (admin) await this.ensureAdmin(admin.username, admin.password);
  }

  async create(input: NewAccount, manager?: EntityManager): Promise<Account> {
    this.checkUsername(input.username);
    this.checkPassword(input.password);
    this.checkRole(input.role);
    const passwordHash = await hashPassword(input.password);
    const work = async (m: EntityManager) => {
      if (input.externalUserId != null) await this.checkLinkable(input.externalUserId, null, m);
      const rows: Array<{ id: number }> = await m.query(
        `INSERT INTO account (username, password_hash, role, external_user_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (username) DO NOTHING RETURNING id`,
        [input.username, passwordHash, input.role, input.externalUserId ?? null],
      );
      if (rows.length === 0)
        throw new ConflictError(`An account named ${input.username} already exists`);
      const account = await m.getRepository(Account).findOneByOrFail({ id: rows[0]!.id });
      await this.syncWebUser(account, m);
      return account;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** Whether any account exists at all (none: the first start's setup is pending). */
  async any(manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM account LIMIT 1');
    return rows.length > 0;
  }

  findByUsername(username: string): Promise<Account | null> {
    return this.repo().findOneBy({ username });
  }

  /** Every account, by username, with its linked user and whether failed logins hold it back. */
  async list(): Promise<AccountView[]> {
    const accounts = await this.repo().find({
      relations: { externalUser: true },
      order: { username: 'ASC' },
    });
    const locked = await this.throttle.throttled(accounts.map((a) => a.username));
    return accounts.map((account) => this.view(account, locked));
  }

  async get(id: number): Promise<AccountView> {
    const account = await this.repo().findOne({
      where: { id },
      relations: { externalUser: true },
    });
    if (!account) throw new NotFoundError('Account', id);
    return this.view(account, await this.throttle.throttled([account.username]));
  }

  /**
   * The account when the password is right (disabled or not: the caller
   * decides), else null; unknown usernames take as long to refuse.
   */
  async verify(username: string, password: string): Promise<Account | null> {
    const account =
      password.length <= PASSWORD_MAX_LENGTH ? await this.findByUsername(username) : null;
    const ok = await verifyPassword(
      password.slice(0, PASSWORD_MAX_LENGTH),
      account?.passwordHash ?? (await decoyHash()),
    );
    return ok && account ? account : null;
  }

  /**
   * Changes an account. A new password, a new role or disabling it ends its
   * sessions at once, except the session `keepSession` (the caller's own
   * cookie, when an account changes itself). The last enabled admin can be
   * neither demoted nor disabled.
   */
  async update(id: number, changes: AccountChanges, keepSession?: string): Promise<Account> {
    if (changes.password !== undefined) this.checkPassword(changes.password);
    if (changes.role !== undefined) this.checkRole(changes.role);
    const passwordHash =
      changes.password !== undefined ? await hashPassword(changes.password) : undefined;
    return this.dataSource.transaction(async (m) => {
      // Every enabled admin row is locked, so two admins demoting each other wait in turn.
      const admins: Array<{ id: number }> = await m.query(
        `SELECT id FROM account WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`,
      );
      const account = await m
        .getRepository(Account)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!account) throw new NotFoundError('Account', id);
      const stillAdmin =
        (changes.role ?? account.role) === 'admin' &&
        !(changes.disabled ?? account.disabledAt !== null);
      if (admins.some((a) => a.id === id) && !stillAdmin && admins.length === 1) {
        throw new ConflictError(
          `${account.username} is the only admin left: make another account admin first`,
        );
      }
      if (changes.externalUserId != null && changes.externalUserId !== account.externalUserId)
        await this.checkLinkable(changes.externalUserId, id, m);

      const set: Partial<Account> = {};
      let endSessions = false;
      if (passwordHash !== undefined) {
        set.passwordHash = passwordHash;
        endSessions = true;
      }
      if (changes.role !== undefined && changes.role !== account.role) {
        set.role = changes.role;
        endSessions = true;
      }
      if (changes.disabled !== undefined && changes.disabled !== (account.disabledAt !== null)) {
        set.disabledAt = changes.disabled ? new Date() : null;
        if (changes.disabled) endSessions = true;
      }
      if (changes.externalUserId !== undefined) set.externalUserId = changes.externalUserId;
      if (Object.keys(set).length > 0) await m.getRepository(Account).update({ id }, set);
      if (endSessions) await this.sessions.endAll(id, keepSession, m);
      const updated = await m.getRepository(Account).findOneByOrFail({ id });
      await this.syncWebUser(updated, m);
      if (endSessions) this.logger.log(`Account ${id} changed: its other sessions were ended`);
      return updated;
    });
  }

  async setPassword(accountId: number, password: string): Promise<void> {
    await this.update(accountId, { password });
  }

  async setRole(accountId: number, role: Role): Promise<void> {
    await this.update(accountId, { role });
  }

  /** Links an account to the Slack user it acts as; null unlinks. */
  async linkExternalUser(accountId: number, externalUserId: number | null): Promise<void> {
    await this.update(accountId, { externalUserId });
  }

  /** `GET /core/accounts?limit=&offset=&username=`: accounts by username. */
  async listFromApi(query: Record<string, unknown>, url: URL): Promise<Paginated<AccountDto>> {
    const page = parseLimitOffset(query);
    const username = typeof query.username === 'string' ? query.username : undefined;
    const all = (await this.list()).filter((v) => !username || v.account.username === username);
    const results = all.slice(page.offset, page.offset + page.limit).map(AccountSerializer.toDto);
    return limitOffsetPage(url, page, all.length, results);
  }

  async getDto(id: number): Promise<AccountDto> {
    return AccountSerializer.toDto(await this.get(id));
  }

  /** `POST /core/accounts`. */
  async createFromApi(body: CreateAccountBody): Promise<AccountDto> {
    const account = await this.create({
      username: body.username,
      password: body.password,
      role: body.role,
      externalUserId: await this.slackUserId(body.user),
    });
    this.logger.log(`Account ${account.id} created with the role ${account.role}`);
    return this.getDto(account.id);
  }

  /** `PATCH /core/accounts/:id`; `keepSession` is the caller's own session, kept when it changes itself. */
  async updateFromApi(
    id: number,
    body: PatchAccountBody,
    keepSession?: string,
  ): Promise<AccountDto> {
    await this.update(
      id,
      {
        role: body.role,
        password: body.password,
        disabled: body.disabled,
        externalUserId: body.user === undefined ? undefined : await this.slackUserId(body.user),
      },
      keepSession,
    );
    return this.getDto(id);
  }

  /** The ExternalUser id of the Slack user a request names (from the synced users list), or null. */
  private async slackUserId(ref: UserRefBody | null | undefined): Promise<number | null> {
    if (!ref) return null;
    if (ref.app_id !== undefined && ref.app_id !== AppId.Slack)
      throw new ValidationError({ user: 'must be a Slack user from the users list' });
    const user = await this.users.resolveRef({ ...ref, app_id: AppId.Slack }, 'user');
    return user!.id;
  }

  /** Forgets the failed logins that slow an account down, from every address. */
  async unlock(id: number): Promise<void> {
    const account = await this.repo().findOneBy({ id });
    if (!account) throw new NotFoundError('Account', id);
    await this.throttle.unlock(account.username);
    this.logger.log(`Account ${id} unlocked`);
  }

  /**
   * Creates the admin, or brings its password and role up to date and enables
   * it; safe when processes boot together. A changed password ends its sessions.
   */
  async ensureAdmin(username: string, password: string): Promise<void> {
    const existing = await this.findByUsername(username);
    if (
      existing &&
      existing.role === 'admin' &&
      existing.disabledAt === null &&
      (await verifyPassword(password, existing.passwordHash))
    ) {
      await this.syncWebUser(existing, this.dataSource.manager);
      return;
    }
    await this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: number }> = await m.query(
        `INSERT INTO account (username, password_hash, role) VALUES ($1, $2, 'admin')
         ON CONFLICT (username) DO UPDATE
           SET password_hash = EXCLUDED.password_hash, role = 'admin', disabled_at = NULL
         RETURNING id`,
        [username, await hashPassword(password)],
      );
      const id = rows[0]!.id;
      if (existing) await this.sessions.endAll(id, undefined, m);
      await this.syncWebUser(await m.getRepository(Account).findOneByOrFail({ id }), m);
    });
    this.logger.log(
      existing ? `Admin account "${username}" updated` : `Admin account "${username}" created`,
    );
  }

  /**
   * The web user of an account stands for it in the users list while it is
   * enabled and linked to no Slack user; otherwise it is marked deleted, so
   * that pickers offer each person once.
   */
  private async syncWebUser(account: Account, m: EntityManager): Promise<void> {
    const active = account.externalUserId === null && account.disabledAt === null;
    if (active) {
      const user = await this.users.webUserFor(account.username.slice(0, 50), m);
      if (user.deleted)
        await m.getRepository(ExternalUser).update({ id: user.id }, { deleted: false });
    } else {
      await m
        .getRepository(ExternalUser)
        .update({ appId: AppId.Web, externalId: account.username.slice(0, 50) }, { deleted: true });
    }
  }

  /** A Slack user may act for one account only. */
  private async checkLinkable(
    externalUserId: number,
    accountId: number | null,
    m: EntityManager,
  ): Promise<void> {
    const user = await m.getRepository(ExternalUser).findOneBy({ id: externalUserId });
    if (!user) throw new NotFoundError('User', externalUserId);
    if (user.appId !== AppId.Slack)
      throw new ValidationError({ user: 'must be a Slack user from the users list' });
    const other = await m.getRepository(Account).findOneBy({ externalUserId });
    if (other && other.id !== accountId)
      throw new ConflictError(
        `Slack user ${user.externalId} is already linked to the account ${other.username}`,
      );
  }

  private view(account: Account, locked: Set<string>): AccountView {
    return {
      account,
      user: account.externalUser ?? null,
      locked: locked.has(account.username.toLowerCase()),
    };
  }

  private repo() {
    return this.dataSource.getRepository(Account);
  }

  private checkUsername(username: string): void {
    if (!USERNAME_PATTERN.test(username)) {
      throw new ValidationError({ username: `must be ${USERNAME_RULE}` });
    }
  }

  private checkPassword(password: string): void {
    if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
      throw new ValidationError({ password: `must be ${PASSWORD_RULE}` });
    }
  }

  private checkRole(role: Role): void {
    if (!ROLES.includes(role))
      throw new ValidationError({ role: `must be one of ${ROLES.join(', ')}` });
  }
}
