import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AppId,
  mentionedUserIds,
  type Paginated,
  type UserDto,
  type UserRefBody,
} from '@response/contracts';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { RequestAccount } from '../auth/current-account.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { pageNumberPage, parsePageNumber } from '../common/pagination.js';
import { ExternalUser } from './external-user.entity.js';
import type { UserNames } from './slack-text.js';
import type { DirectoryUser, UserDirectory } from './user-directory.js';
import { UserSerializer } from './user.serializer.js';

/**
 * Who made a change: a user already loaded (the caller of `/core`), the Slack id
 * of someone acting in Slack, or nobody known.
 */
export type Actor = ExternalUser | string | null;

/** An {@link Actor} looked up. */
export interface ResolvedActor {
  /** The user, when known here. */
  user: ExternalUser | null;
  /** The Slack id of a Slack user, for the domain events. */
  slackId: string | null;
}

/** The user cache: chat users known locally, and the web users of unlinked accounts. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);
  private directory: UserDirectory | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Registers where unknown Slack ids are looked up (Slack's `users.info`). */
  setDirectory(directory: UserDirectory | null): void {
    this.directory = directory;
  }

  findByExternalId(
    externalId: string,
    appId: string = AppId.Slack,
    manager?: EntityManager,
  ): Promise<ExternalUser | null> {
    return (manager ?? this.dataSource.manager).findOne(ExternalUser, {
      where: { appId, externalId },
    });
  }

  findById(id: number, manager?: EntityManager): Promise<ExternalUser | null> {
    return (manager ?? this.dataSource.manager).findOne(ExternalUser, { where: { id } });
  }

  /** Creates or refreshes a Slack user from the directory's description. */
  async upsertSlackUser(user: DirectoryUser, manager?: EntityManager): Promise<ExternalUser> {
    const m = manager ?? this.dataSource.manager;
    await m
      .createQueryBuilder()
      .insert()
      .into(ExternalUser)
      .values({
        appId: AppId.Slack,
        externalId: user.external_id,
        displayName: (user.display_name ?? '').slice(0, 100),
        fullName: (user.full_name ?? '').slice(0, 200),
        email: user.email ? user.email.slice(0, 254) : null,
        deleted: Boolean(user.deleted),
      })
      .orUpdate(['display_name', 'full_name', 'email', 'deleted'], ['app_id', 'external_id'])
      .execute();
    return (await this.findByExternalId(user.external_id, AppId.Slack, m))!;
  }

  /**
   * The user a request names by `{external_id}` (or a whole User). Looked up
   * locally, then through the directory; unknown users are a 400 naming `field`.
   */
  async resolveRef(
    ref: UserRefBody | null | undefined,
    field: string,
    manager?: EntityManager,
  ): Promise<ExternalUser | null> {
    if (!ref) return null;
    const m = manager ?? this.dataSource.manager;
    const externalId = ref.external_id.trim();
    if (ref.app_id) {
      const user = await this.findByExternalId(externalId, ref.app_id, m);
      if (user) return user;
    } else {
      const users = await m.find(ExternalUser, { where: { externalId }, order: { id: 'ASC' } });
      const user = users.find((u) => u.appId === AppId.Slack) ?? users[0];
      if (user) return user;
    }
    if ((!ref.app_id || ref.app_id === AppId.Slack) && this.directory) {
      let found: DirectoryUser | null = null;
      try {
        found = await this.directory.lookup(externalId);
      } catch (err) {
        this.logger.warn(
          `User directory lookup of ${externalId} failed: ${(err as Error).message}`,
        );
      }
      if (found) return this.upsertSlackUser({ ...found, external_id: externalId }, m);
    }
    throw new ValidationError({ [field]: `Unknown user ${JSON.stringify(externalId)}` });
  }

  /** The `app_id: "web"` user that stands for an account with no linked chat user. */
  async webUserFor(username: string, manager?: EntityManager): Promise<ExternalUser> {
    const m = manager ?? this.dataSource.manager;
    const externalId = username.slice(0, 50);
    const existing = await this.findByExternalId(externalId, AppId.Web, m);
    if (existing) return existing;
    await m
      .createQueryBuilder()
      .insert()
      .into(ExternalUser)
      .values({
        appId: AppId.Web,
        externalId,
        displayName: username.slice(0, 100),
        fullName: username.slice(0, 200),
        email: null,
      })
      .orIgnore()
      .execute();
    return (await this.findByExternalId(externalId, AppId.Web, m))!;
  }

  /**
   * The user who acts for an account: its linked chat user, else its web user.
   * Null only when there is no authenticated account.
   */
  async forAccount(
    account: RequestAccount | undefined,
    manager?: EntityManager,
  ): Promise<ExternalUser | null> {
    if (!account) return null;
    if (account.externalUserId !== null && account.externalUserId !== undefined) {
      const linked = await this.findById(account.externalUserId, manager);
      if (linked) return linked;
    }
    return this.webUserFor(account.username, manager);
  }

  /**
   * Looks an actor up. It runs inside the transaction of a change, so it never
   * waits on Slack: a Slack user not known yet is stored at once through the
   * directory, which fills in their names later.
   */
  async resolveActor(actor: Actor, manager: EntityManager): Promise<ResolvedActor> {
    if (actor === null) return { user: null, slackId: null };
    if (typeof actor !== 'string') return { user: actor, slackId: UsersService.actorId(actor) };
    const known = await this.findByExternalId(actor, AppId.Slack, manager);
    if (known || !this.directory) return { user: known, slackId: actor };
    try {
      return { user: await this.directory.remember(actor, manager), slackId: actor };
    } catch {
      // Not a Slack user id: the change is still made, by someone unnamed.
      return { user: null, slackId: actor };
    }
  }

  /** The Slack id reported as the actor of a change, when the user is a Slack user. */
  static actorId(user: ExternalUser | null): string | null {
    return user && user.appId === AppId.Slack ? user.externalId : null;
  }

  /** Display names of the Slack users mentioned in some texts: one query. */
  async namesFor(
    texts: Iterable<string | null | undefined>,
    manager?: EntityManager,
  ): Promise<UserNames> {
    const ids = new Set<string>();
    for (const text of texts) for (const id of mentionedUserIds(text)) ids.add(id);
    if (ids.size === 0) return new Map();
    const users = await (manager ?? this.dataSource.manager).find(ExternalUser, {
      where: { appId: AppId.Slack, externalId: In([...ids]) },
    });
    return new Map(users.map((u) => [u.externalId, u.displayName || u.fullName]));
  }

  /** A page of users ordered by id, and the total. */
  async list(offset: number, limit: number): Promise<{ count: number; users: ExternalUser[] }> {
    const [users, count] = await this.dataSource.manager.findAndCount(ExternalUser, {
      order: { id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { count, users };
  }

  /**
   * `GET /core/users?page=&page_size=`: a page of users ordered by id; a page
   * past the last is missing (404).
   */
  async listFromApi(query: Record<string, unknown>, url: URL): Promise<Paginated<UserDto>> {
    const page = parsePageNumber(query);
    const { count, users } = await this.list((page.page - 1) * page.pageSize, page.pageSize);
    if (page.page > 1 && users.length === 0) throw new NotFoundError('Page', page.page);
    return pageNumberPage(url, page, count, users.map(UserSerializer.toDto));
  }
}
