import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_RULE,
  USERNAME_PATTERN,
  USERNAME_RULE,
} from '@response/contracts';
import { HttpErrorResponse } from '@angular/common/http';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../core/api-error';
import { AuthApi } from '../core/auth-api';
import { Session } from '../core/session';

/**
 * The first start: the server printed a one-time link to this page; it makes
 * the first admin account and logs in with it. Once any account exists the
 * server answers 404 for this page and its API.
 */
@Component({
  selector: 'app-setup-page',
  imports: [FormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card setup">
      <h1><span class="logo" aria-hidden="true">◉</span> Welcome to Response</h1>
      @if (done()) {
        <p role="status">Setup is done. <a routerLink="/login">Log in</a> with your account.</p>
      } @else if (!code()) {
        <p class="error" role="alert">
          This page needs the code of the setup link: open the link the server printed when it
          started.
        </p>
      } @else {
        <p class="muted">Create the first account. It is an admin: it can add everyone else.</p>
        <form (ngSubmit)="submit()" #form="ngForm">
          <label for="username">Username</label>
          <input
            id="username"
            name="username"
            autocomplete="username"
            required
            autofocus
            maxlength="150"
            [(ngModel)]="username"
            aria-describedby="username-help"
          />
          <small id="username-help" class="muted">{{ usernameRule }}</small>
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            [maxlength]="passwordMax"
            [(ngModel)]="password"
            aria-describedby="password-help"
          />
          <small id="password-help" class="muted">{{ passwordRule }}</small>
          <label for="confirm">Password again</label>
          <input
            id="confirm"
            name="confirm"
            type="password"
            autocomplete="new-password"
            required
            [(ngModel)]="confirm"
          />
          @if (error()) {
            <p class="error" role="alert">{{ error() }}</p>
          }
          <button type="submit" class="button primary" [disabled]="busy()">
            {{ busy() ? 'Creating…' : 'Create admin account' }}
          </button>
        </form>
      }
    </section>
  `,
  styles: `
    :host {
      display: grid;
      place-items: center;
      min-height: 100dvh;
      padding: 1rem;
    }
    .setup {
      width: min(100%, 26rem);
      padding: 2rem;
    }
    h1 {
      margin: 0 0 0.25rem;
      font-size: 1.5rem;
    }
    .logo {
      color: var(--accent);
    }
    form {
      display: grid;
      gap: 0.4rem;
      margin-top: 1.25rem;
    }
    label {
      font-weight: 600;
      font-size: 0.875rem;
      margin-top: 0.5rem;
    }
    small {
      font-size: 0.8rem;
    }
    button {
      margin-top: 1rem;
    }
  `,
})
export class SetupPage {
  /** The one-time code from the link (`?code=`). */
  readonly code = input<string>();

  private readonly session = inject(Session);
  private readonly router = inject(Router);

  protected readonly usernameRule = USERNAME_RULE;
  protected readonly passwordMax = PASSWORD_MAX_LENGTH;
  protected readonly passwordRule = `${PASSWORD_RULE}; a sentence is easier to remember.`;
  protected username = '';
  protected password = '';
  protected confirm = '';
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly done = signal(false);

  constructor() {
    // The page may have been opened from the browser's history after the setup.
    firstValueFrom(inject(AuthApi).setupStatus()).catch((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 404) this.done.set(true);
    });
  }

  protected async submit(): Promise<void> {
    const username = this.username.trim();
    if (!USERNAME_PATTERN.test(username)) {
      this.error.set(`The username must be ${USERNAME_RULE}.`);
      return;
    }
    if (this.password.length < PASSWORD_MIN_LENGTH || this.password.length > PASSWORD_MAX_LENGTH) {
      this.error.set(`The password must be ${PASSWORD_RULE}.`);
      return;
    }
    if (this.password !== this.confirm) {
      this.error.set('The two passwords differ.');
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      await this.session.setup({ code: this.code() ?? '', username, password: this.password });
      await this.router.navigateByUrl('/');
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 404) this.done.set(true);
      else this.error.set(apiErrorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
