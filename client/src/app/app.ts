import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { Session } from './core/session';
import { UsersApi } from './core/users-api';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip" href="#main">Skip to content</a>
    @if (session.me(); as me) {
      <header class="bar">
        <div class="bar-inner">
          <a routerLink="/" class="brand" aria-label="Response — all incidents">
            <span class="logo" aria-hidden="true">◉</span><span class="name"> Response</span>
          </a>
          <nav aria-label="Main">
            <a routerLink="/" routerLinkActive="active" [routerLinkActiveOptions]="{ exact: true }"
              >Incidents</a
            >
            <a
              routerLink="/insights"
              routerLinkActive="active"
              class="insights"
              aria-label="Insights"
              ><span aria-hidden="true" class="icon">📊</span><span class="label">Insights</span></a
            >
            @if (session.isAdmin()) {
              <a routerLink="/settings/accounts" routerLinkActive="active">Accounts</a>
              <a routerLink="/settings/slack" routerLinkActive="active">Slack</a>
              <a routerLink="/settings/webhooks" routerLinkActive="active">Webhooks</a>
            }
            <!-- The list has this button in its own header. -->
            @if (session.canEdit() && !onList()) {
              <a routerLink="/incidents/new" class="button primary small">Declare incident</a>
            }
          </nav>
          <div class="who">
            <span class="muted" title="Role: {{ me.role }}">{{
              me.user?.display_name || me.username
            }}</span>
            <button type="button" class="button ghost small" (click)="logout()">Log out</button>
          </div>
        </div>
      </header>
    }
    <main id="main" tabindex="-1"><router-outlet /></main>
  `,
  styles: `
    :host {
      display: block;
      min-height: 100dvh;
    }
    .skip {
      position: absolute;
      left: -999px;
      top: 0.5rem;
    }
    .skip:focus {
      left: 0.5rem;
      z-index: 10;
      background: var(--surface);
      padding: 0.5rem 0.75rem;
      border-radius: 6px;
    }
    .bar {
      background: var(--surface);
      border-bottom: 1px solid var(--line);
      position: sticky;
      top: 0;
      z-index: 5;
    }
    .bar-inner {
      max-width: 72rem;
      margin: 0 auto;
      padding: 0.6rem 1.25rem;
      display: flex;
      align-items: center;
      gap: 1.5rem;
    }
    .brand {
      white-space: nowrap;
      flex-shrink: 0;
      font-weight: 700;
      font-size: 1.05rem;
      color: var(--text);
      text-decoration: none;
      letter-spacing: -0.01em;
    }
    .logo {
      color: var(--accent);
    }
    nav {
      display: flex;
      align-items: center;
      gap: 1rem;
      flex: 1;
      min-width: 0;
    }
    nav .button,
    .who .button {
      white-space: nowrap;
    }
    nav a:not(.button) {
      color: var(--muted);
      text-decoration: none;
      font-weight: 550;
    }
    nav a.active {
      color: var(--text);
    }
    .who {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      font-size: 0.9rem;
    }
    main {
      outline: none;
    }
    @media (max-width: 600px) {
      .bar-inner {
        gap: 0.75rem;
        padding: 0.5rem 0.9rem;
      }
      .who .muted {
        display: none;
      }
      nav a:not(.button):not(.insights) {
        display: none;
      }
      .insights .label {
        display: none;
      }
      nav {
        gap: 0.75rem;
      }
    }
    .insights .icon {
      margin-right: 0.25rem;
    }
    @media (max-width: 600px) {
      .insights .icon {
        margin-right: 0;
      }
    }
    /* A phone: the logo alone, so that the links and buttons fit on one line. */
    @media (max-width: 420px) {
      .brand .name {
        display: none;
      }
    }
  `,
})
export class App {
  protected readonly session = inject(Session);
  private readonly users = inject(UsersApi);
  private readonly router = inject(Router);
  private readonly url = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map((event) => event.urlAfterRedirects),
    ),
    { initialValue: this.router.url },
  );
  protected readonly onList = computed(() => this.url().split(/[?#]/)[0] === '/');

  protected async logout(): Promise<void> {
    await this.session.logout().catch(() => undefined);
    this.users.reset();
    await this.router.navigate(['/login']);
  }
}
