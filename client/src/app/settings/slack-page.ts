import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { SlackCheckDto } from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../core/api-error';
import { SlackSetupApi } from './slack-setup-api';

/** Whether the Slack connection works, live: the checklist of `npm run slack:check`. */
@Component({
  selector: 'app-slack-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <header class="head">
        <h1>Slack</h1>
        <button type="button" class="button" (click)="load()" [disabled]="loading()">
          {{ loading() ? 'Checking…' : 'Check again' }}
        </button>
      </header>
      <p class="muted">
        The same checks as <code>npm run slack:check</code>: each failure says how to fix it.
      </p>
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      @if (result(); as check) {
        <p class="summary" [class.ok]="check.ok" role="status">
          {{ check.ok ? 'Slack is connected.' : 'Something needs fixing.' }}
        </p>
        <ul class="checks">
          @for (item of check.results; track item.check) {
            <li [class.failed]="!item.ok">
              <span class="mark" aria-hidden="true">{{ item.ok ? '✓' : '✗' }}</span>
              <div>
                <strong>{{ item.check }}</strong>
                <span class="visually-hidden">{{ item.ok ? ' passed' : ' failed' }}</span>:
                {{ item.detail }}
                @if (!item.ok && item.fix) {
                  <p class="fix">Fix: {{ item.fix }}</p>
                }
              </div>
            </li>
          }
        </ul>
      } @else if (loading()) {
        <p class="muted" role="status">Checking the connection…</p>
      }
    </section>
  `,
  styles: `
    .page {
      max-width: 48rem;
      margin: 0 auto;
      padding: 1.25rem;
    }
    .head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
    }
    .checks {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 0.6rem;
    }
    .checks li {
      display: flex;
      gap: 0.6rem;
      padding: 0.6rem 0.75rem;
      border: 1px solid var(--line);
      border-radius: 6px;
      overflow-wrap: anywhere;
    }
    .checks li.failed {
      border-color: var(--danger, #b42318);
    }
    .mark {
      font-weight: 700;
    }
    .failed .mark {
      color: var(--danger, #b42318);
    }
    .fix {
      margin: 0.3rem 0 0;
    }
    .summary {
      font-weight: 600;
    }
    .error {
      color: var(--danger, #b42318);
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
  `,
})
export class SlackPage {
  private readonly api = inject(SlackSetupApi);
  protected readonly result = signal<SlackCheckDto | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.result.set(await firstValueFrom(this.api.check()));
    } catch (error) {
      this.error.set(apiErrorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }
}
