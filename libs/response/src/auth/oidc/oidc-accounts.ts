import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppId, Role } from '@response/contracts';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConflictError } from '../../common/errors.js';
import { CONFIG, type Config } from '../../config/config.js';
import type { OidcProviderConfig } from '../../config/oidc.config.js';
import { ExternalUser } from '../../users/external-user.entity.js';
import { Account } from '../account.entity.js';
import { AccountsService, USERNAME_PATTERN } from '../accounts.service.js';
import { AccountIdentity } from './account-identity.entity.js';
import { SignInError, type ProviderIdentity } from './oidc-client.js';

/**
 * Who may sign in, and as which account: accounts are matched by issuer and
 * subject, and (with SLACK_TEAM_ID) by the Slack user id, which also links the
 * account to that Slack user. A first sign-in creates the account.
 */
@Injectable()
export class OidcAccounts {
  private readonly logger = new Logger(OidcAccounts.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Refuses anyone from another Slack workspace or email domain (a 403 page). */
  admit(identity: ProviderIdentity, provider: OidcProviderConfig): void {
    if (provider.slackTeamId && identity.slackTeamId !== provider.slackTeamId)
      throw new SignInError(
        403,
        `Your ${provider.name} account belongs to another workspace than the one this Response serves. Sign in with your account in that workspace.`,
        `team ${identity.slackTeamId ?? '(none)'} is not ${provider.slackTeamId}`,
      );
    if (provider.allowedDomains.length > 0) {
      const domain = identity.email?.split('@').pop() ?? '';
      if (
        !identity.email ||
        identity.emailVerified === false ||
        !provider.allowedDomains.includes(domain)
      )
        throw new SignInError(
          403,
          `Only people with an email address at ${provider.allowedDomains.join(', ')} may sign in here.`,
          `email ${identity.email ?? '(none)'} (verified: ${String(identity.emailVerified)}) is not in an allowed domain`,
        );
    }
  }

  /** The account of this identity, created on a first sign-in; brought up to date each time. */
  async accountFor(identity: ProviderIdentity, provider: OidcProviderConfig): Promise<Account> {
    const identities = this.dataSource.getRepository(AccountIdentity);
    const slackUser =
      provider.slackTeamId && identity.slackUserId ? await this.slackUser(identity) : null;
    const known = await identities.findOneBy({
      issuer: identity.issuer,
      subject: identity.subject,
    });
    let account =
      (known &&
        (await this.dataSource.getRepository(Account).findOneBy({ id: known.accountId }))) ??
      (slackUser && (await this.accountLinkedTo(slackUser.id))) ??
      null;
    const created = !account;
    account ??= await this.create(identity, provider, slackUser);
    if (!known)
      await identities
        .createQueryBuilder()
        .insert()
        .values({ accountId: account.id, issuer: identity.issuer, subject: identity.subject })
        .orIgnore()
        .execute();
    else await identities.update({ id: known.id }, { lastLoginAt: new Date() });
    if (slackUser && account.externalUserId === null) {
      await this.accounts.linkExternalUser(account.id, slackUser.id);
      account.externalUserId = slackUser.id;
    }
    if (account.role !== Role.Admin && this.listedAdmin(identity, provider)) {
      await this.accounts.setRole(account.id, Role.Admin);
      account.role = Role.Admin;
      this.logger.log(`Account ${account.id} is an admin (OIDC_ADMINS)`);
    }
    this.logger.log(
      `Account ${account.id} ${created ? 'created by a first sign-in' : 'signed in'} with ${provider.name}`,
    );
    return account;
  }

  private listedAdmin(identity: ProviderIdentity, provider: OidcProviderConfig): boolean {
    return (
      provider.admins.includes(identity.subject.toLowerCase()) ||
      (identity.email !== null &&
        identity.emailVerified !== false &&
        provider.admins.includes(identity.email))
    );
  }

  /** The Slack user of the identity, added to the user directory when Response has not seen them yet. */
  private async slackUser(identity: ProviderIdentity): Promise<ExternalUser> {
    const users = this.dataSource.getRepository(ExternalUser);
    await users
      .createQueryBuilder()
      .insert()
      .values({
        appId: AppId.Slack,
        externalId: identity.slackUserId!.slice(0, 50),
        displayName: (identity.name ?? '').slice(0, 100),
        fullName: (identity.name ?? '').slice(0, 200),
        email: identity.email?.slice(0, 254) ?? null,
      })
      .orIgnore()
      .execute();
    return users.findOneByOrFail({ appId: AppId.Slack, externalId: identity.slackUserId! });
  }

  private accountLinkedTo(externalUserId: number): Promise<Account | null> {
    return this.dataSource
      .getRepository(Account)
      .findOne({ where: { externalUserId }, order: { id: 'ASC' } });
  }

  /** A new account named after the email (or the Slack user, or the subject), with an unusable password. */
  private async create(
    identity: ProviderIdentity,
    provider: OidcProviderConfig,
    slackUser: ExternalUser | null,
  ): Promise<Account> {
    const base = usernameFor(identity);
    for (let n = 1; n <= 20; n++) {
      const username = n === 1 ? base : `${base.slice(0, 140)}-${n}`;
      try {
        return await this.accounts.create({
          username,
          // Nobody knows it: this account signs in with the provider (or gets a password from an admin).
          password: randomBytes(32).toString('base64url'),
          role: this.listedAdmin(identity, provider) ? Role.Admin : provider.defaultRole,
          externalUserId: slackUser?.id ?? null,
        });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new SignInError(
      409,
      'An account could not be created for you. Ask an admin.',
      `no free username near ${base}`,
    );
  }
}

/** A username from the identity that the account rules accept. */
export function usernameFor(identity: ProviderIdentity): string {
  const candidates = [
    identity.email,
    identity.slackUserId ? `slack-${identity.slackUserId.toLowerCase()}` : null,
    `sso-${identity.subject}`,
  ];
  for (const candidate of candidates) {
    const cleaned = candidate?.replace(/[^A-Za-z0-9_.@-]/g, '-').slice(0, 150);
    if (cleaned && USERNAME_PATTERN.test(cleaned)) return cleaned;
  }
  return `sso-${randomBytes(6).toString('hex')}`;
}
