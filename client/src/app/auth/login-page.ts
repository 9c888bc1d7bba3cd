import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { catchError, firstValueFrom, of } from 'rxjs';
import { apiErrorMessage } from '../core/api-error';
import { AuthApi } from '../core/auth-api';
import { safeNext } from '../core/login-redirect';
import { Session } from '../core/session';

@Component({
  selector: 'app-login-page',
  imports: [FormsModule, NgTemplateOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card login">
      <h1><span class="logo" aria-hidden="true">◉</span> Response</h1>
      <p class="muted">Log in to follow and write up incidents.</p>
      @if (noAccount()) {
        <p class="notice" role="status">
          No account exists yet: open the setup link printed by the server.
        </p>
      }
      @if (methods()?.oidc; as provider) {
        <a class="button primary sso" [href]="signInUrl(provider.login_url)"
          >Sign in with {{ provider.name }}</a
        >
      }
      @if (methods()?.password === false) {
        <details class="break-glass">
          <summary>Admin login with a password</summary>
          <ng-container [ngTemplateOutlet]="passwordForm" />
        </details>
      } @else {
        <ng-container [ngTemplateOutlet]="passwordForm" />
      }
    </section>
    <ng-template #passwordForm>
      <form (ngSubmit)="submit()" #form="ngForm">
        <label for="username">Username</label>
        <input
          id="username"
          name="username"
          autocomplete="username"
          required
          autofocus
          [(ngModel)]="username"
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          [(ngModel)]="password"
        />
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
        <button type="submit" class="button primary" [disabled]="busy() || !form.valid">
          {{ busy() ? 'Logging in…' : 'Log in' }}
        </button>
      </form>
    </ng-template>
  `,
  styles: `
    :host {
      display: grid;
      place-items: center;
      min-height: 100dvh;
      padding: 1rem;
    }
    .login {
      width: min(100%, 24rem);
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
      gap: 0.5rem;
      margin-top: 1.25rem;
    }
    label {
      font-weight: 600;
      font-size: 0.875rem;
      margin-top: 0.5rem;
    }
    button {
      margin-top: 1rem;
    }
    .notice {
      margin: 1rem 0 0;
      padding: 0.75rem 1rem;
      border-radius: 8px;
      background: var(--accent-soft);
      color: var(--text-2);
    }
    .sso {
      display: block;
      text-align: center;
      margin-top: 1.25rem;
    }
    .break-glass {
      margin-top: 1.25rem;
    }
    .break-glass summary {
      cursor: pointer;
      color: var(--muted);
      font-size: 0.875rem;
    }
  `,
})
export class LoginPage {
  /** Where to go after logging in (set by the auth guard). */
  readonly next = input<string>();

  private readonly session = inject(Session);
  private readonly router = inject(Router);

  /** Password login, and a provider to sign in with (when set up); null until known. */
  protected readonly methods = toSignal(
    inject(AuthApi)
      .methods()
      .pipe(catchError(() => of(null))),
    { initialValue: null },
  );

  protected username = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  /** True on a first start, before anyone has used the setup link. */
  protected readonly noAccount = signal(false);

  constructor() {
    firstValueFrom(inject(AuthApi).setupStatus()).then(
      (status) => this.noAccount.set(status.setup_required),
      () => this.noAccount.set(false),
    );
  }

  /** The provider's sign-in, coming back to where the user was going. */
  protected signInUrl(loginUrl: string): string {
    return `${loginUrl}?next=${encodeURIComponent(safeNext(this.next()))}`;
  }

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      await this.session.login({ username: this.username.trim(), password: this.password });
      // Only ever go back inside the app.
      await this.router.navigateByUrl(safeNext(this.next()));
    } catch (error) {
      this.error.set(apiErrorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
