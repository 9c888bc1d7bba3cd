import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import {
  AppId,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_RULE,
  ROLES,
  USERNAME_PATTERN,
  USERNAME_RULE,
  type AccountDto,
  type Role,
  type UpdateAccountRequest,
} from '@response/contracts';
import { firstValueFrom, map } from 'rxjs';
import { apiErrorMessage } from '../core/api-error';
import { Session } from '../core/session';
import { UsersApi, label } from '../core/users-api';
import { UserPicker } from '../shared/ui/user-picker';
import { AccountsApi } from './accounts-api';

/** What an account row has open below it. */
interface Editing {
  id: number;
  kind: 'password' | 'link';
}

/** A password that is easy to pass on: 18 letters and digits from the browser's random source. */
function randomPassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Accounts (admins): create, change role, reset password, link to Slack, unlock, disable. */
@Component({
  selector: 'app-accounts-page',
  imports: [FormsModule, UserPicker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './accounts-page.html',
  styleUrl: './accounts-page.css',
})
export class AccountsPage {
  private readonly api = inject(AccountsApi);
  private readonly usersApi = inject(UsersApi);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);

  protected readonly roles = ROLES;
  protected readonly label = label;
  protected readonly usernameRule = USERNAME_RULE;
  protected readonly passwordRule = PASSWORD_RULE;
  protected readonly accounts = signal<AccountDto[]>([]);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly notice = signal('');
  protected readonly editing = signal<Editing | null>(null);

  /** Slack users from the synced users list, for linking. */
  private readonly slackUsers = toSignal(
    this.usersApi.list().pipe(map((users) => users.filter((u) => u.app_id === AppId.Slack))),
    { initialValue: [] },
  );
  /** Slack users no other account is linked to. */
  protected readonly linkable = computed(() => {
    const taken = new Set(this.accounts().map((a) => a.user?.external_id));
    return this.slackUsers().filter((u) => !taken.has(u.external_id));
  });

  protected model = { username: '', password: '', role: 'responder' as Role, slackUser: '' };
  /** The field of the open row: a new password, or the Slack user to link. */
  protected rowPassword = '';
  protected rowPasswordShown = false;
  protected rowSlackUser = '';

  constructor() {
    void this.load();
  }

  protected isMe(account: AccountDto): boolean {
    return account.username === this.session.me()?.username;
  }

  protected status(account: AccountDto): string {
    if (account.disabled) return 'Disabled';
    if (account.locked) return 'Slowed down by failed logins';
    return 'Active';
  }

  protected generate(): void {
    this.model.password = randomPassword();
  }

  protected async create(): Promise<void> {
    const username = this.model.username.trim();
    if (!USERNAME_PATTERN.test(username)) {
      this.error.set(`The username must be ${USERNAME_RULE}.`);
      return;
    }
    if (!this.passwordOk(this.model.password)) return;
    const done = await this.run(async () => {
      await firstValueFrom(
        this.api.create({
          username,
          password: this.model.password,
          role: this.model.role,
          user: this.model.slackUser ? { external_id: this.model.slackUser } : null,
        }),
      );
      return `Account ${username} created. Give them their password; they can log in now.`;
    });
    if (done) this.model = { username: '', password: '', role: 'responder', slackUser: '' };
  }

  protected async setRole(account: AccountDto, role: string): Promise<void> {
    if (role === account.role) return;
    await this.change(
      account,
      { role: role as Role },
      `${account.username} is now ${role}${this.isMe(account) ? '' : ', and was logged out everywhere'}.`,
    );
  }

  protected open(account: AccountDto, kind: Editing['kind']): void {
    this.rowPassword = kind === 'password' ? randomPassword() : '';
    this.rowPasswordShown = kind === 'password';
    this.rowSlackUser = account.user?.external_id ?? '';
    this.editing.set({ id: account.id, kind });
  }

  protected close(): void {
    this.editing.set(null);
  }

  protected async resetPassword(account: AccountDto): Promise<void> {
    if (!this.passwordOk(this.rowPassword)) return;
    const done = await this.change(
      account,
      { password: this.rowPassword },
      `New password set for ${account.username}${this.isMe(account) ? '' : '; they were logged out everywhere'}.`,
    );
    if (done) this.close();
  }

  protected async link(account: AccountDto): Promise<void> {
    const done = await this.change(
      account,
      { user: this.rowSlackUser ? { external_id: this.rowSlackUser } : null },
      this.rowSlackUser
        ? `${account.username} now acts as a Slack user.`
        : `${account.username} is no longer linked to Slack.`,
    );
    if (done) this.close();
  }

  protected async setDisabled(account: AccountDto, disabled: boolean): Promise<void> {
    await this.change(
      account,
      { disabled },
      disabled
        ? `${account.username} is disabled and was logged out everywhere.`
        : `${account.username} can log in again.`,
    );
  }

  protected async unlock(account: AccountDto): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.api.unlock(account.id));
      return `${account.username}'s failed logins are forgotten: they can log in at once.`;
    });
  }

  private passwordOk(password: string): boolean {
    if (password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH)
      return true;
    this.error.set(`The password must be ${PASSWORD_RULE}.`);
    return false;
  }

  private async change(
    account: AccountDto,
    body: UpdateAccountRequest,
    notice: string,
  ): Promise<boolean> {
    const done = await this.run(async () => {
      await firstValueFrom(this.api.update(account.id, body));
      return notice;
    });
    if (done && this.isMe(account)) {
      // One's own session is kept; the role it shows may have changed.
      const me = await this.session.reload();
      if (me.role !== 'admin') await this.router.navigateByUrl('/');
    }
    return done;
  }

  /** Runs one change, then shows what happened and the list as it now is. */
  private async run(work: () => Promise<string>): Promise<boolean> {
    this.busy.set(true);
    this.error.set('');
    this.notice.set('');
    try {
      this.notice.set(await work());
      // People came, went or changed: the pickers load the users list again.
      this.usersApi.reset();
      return true;
    } catch (error) {
      this.error.set(apiErrorMessage(error));
      return false;
    } finally {
      this.busy.set(false);
      await this.load();
    }
  }

  private async load(): Promise<void> {
    try {
      this.accounts.set(await firstValueFrom(this.api.list()));
    } catch (error) {
      this.error.set(apiErrorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }
}
