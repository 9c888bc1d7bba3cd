import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  WEBHOOK_EVENTS,
  type WebhookCreatedDto,
  type WebhookDeliveryDto,
  type WebhookDto,
  type WebhookEvent,
} from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage, trackSave } from '../core/api-error';
import { WebhooksApi } from './webhooks-api';

/** Admins register webhook endpoints, see what was sent to each, and resend. */
@Component({
  selector: 'app-webhooks-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Webhooks</h1>
      <p class="muted">
        Response sends a signed JSON POST to each endpoint when incidents, actions and timeline
        entries change. Receivers check the <code>webhook-signature</code> header with the
        endpoint's secret, as the Standard Webhooks libraries do.
      </p>

      <form class="card add" (submit)="add($event)" aria-labelledby="add-title">
        <h2 id="add-title">Add an endpoint</h2>
        <label for="webhook-url">URL</label>
        <input
          id="webhook-url"
          name="url"
          type="url"
          required
          placeholder="https://status.example.com/hooks/response"
          [value]="url()"
          (input)="url.set(inputValue($event))"
        />
        <fieldset class="events">
          <legend>Events</legend>
          @for (event of events; track event) {
            <label
              ><input type="checkbox" [checked]="chosen().has(event)" (change)="toggle(event)" />
              {{ event }}</label
            >
          }
        </fieldset>
        <label class="private"
          ><input
            type="checkbox"
            [checked]="includePrivate()"
            (change)="includePrivate.set(!includePrivate())"
          />
          Include private incidents</label
        >
        @if (addError()) {
          <p class="error" role="alert">Not added: {{ addError() }}</p>
        }
        <button type="submit" class="button primary" [disabled]="adding() || chosen().size === 0">
          {{ adding() ? 'Adding…' : 'Add endpoint' }}
        </button>
      </form>

      @if (created(); as hook) {
        <div class="card secret" role="status" aria-live="polite">
          <strong>Signing secret of {{ hook.url }}</strong>
          <p>Copy it now: it is not shown again.</p>
          <code class="value">{{ hook.secret }}</code>
          <button type="button" class="button small" (click)="created.set(null)">Done</button>
        </div>
      }

      <h2>Endpoints</h2>
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
      @if (loaded() && endpoints().length === 0) {
        <p class="muted">No endpoints yet.</p>
      }
      <ul class="endpoints">
        @for (hook of endpoints(); track hook.id) {
          <li class="card" [class.off]="!hook.enabled" [attr.aria-label]="hook.url">
            <div class="url">{{ hook.url }}</div>
            <div class="meta muted">
              <span class="state">{{ hook.enabled ? 'On' : 'Off' }}</span> ·
              {{ hook.events.length === events.length ? 'every event' : hook.events.join(', ') }}
              · private incidents {{ hook.include_private ? 'included' : 'left out' }}
            </div>
            @if (!hook.enabled && hook.disabled_reason) {
              <p class="error">{{ hook.disabled_reason }}</p>
            }
            <div class="buttons">
              <button type="button" class="button small" (click)="showDeliveries(hook)">
                Deliveries
              </button>
              <button type="button" class="button small ghost" (click)="setEnabled(hook)">
                {{ hook.enabled ? 'Turn off' : 'Turn on' }}
              </button>
              @if (confirming() === hook.id) {
                <button type="button" class="button small danger" (click)="remove(hook)">
                  Delete for good
                </button>
                <button type="button" class="button small ghost" (click)="confirming.set(null)">
                  Keep
                </button>
              } @else {
                <button type="button" class="button small ghost" (click)="confirming.set(hook.id)">
                  Delete
                </button>
              }
            </div>
          </li>
        }
      </ul>

      @if (selected(); as hook) {
        <section class="deliveries" aria-labelledby="deliveries-title">
          <div class="section-head">
            <h2 id="deliveries-title">Deliveries to {{ hook.url }}</h2>
            <button type="button" class="button small ghost" (click)="showDeliveries(hook)">
              Refresh
            </button>
          </div>
          @if (deliveries().length === 0) {
            <p class="muted">Nothing sent yet.</p>
          } @else {
            <table>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Incident</th>
                  <th scope="col">Status</th>
                  <th scope="col">Answer</th>
                  <th scope="col">Latency</th>
                  <th scope="col">Tries</th>
                  <th scope="col">Created</th>
                  <th scope="col"><span class="visually-hidden">Resend</span></th>
                </tr>
              </thead>
              <tbody>
                @for (delivery of deliveries(); track delivery.id) {
                  <tr [class]="delivery.status">
                    <td>{{ delivery.event_type }}</td>
                    <td>
                      <a [routerLink]="['/incident', delivery.incident_id]">{{
                        delivery.incident_id
                      }}</a>
                    </td>
                    <td class="status">{{ delivery.status }}</td>
                    <td [title]="lastError(delivery)">
                      {{ delivery.status_code ?? (delivery.attempts.length ? 'no answer' : '—') }}
                    </td>
                    <td>
                      {{ delivery.latency_ms === null ? '—' : delivery.latency_ms + ' ms' }}
                    </td>
                    <td>{{ delivery.attempts.length }}</td>
                    <td>{{ delivery.created_at.slice(0, 19).replace('T', ' ') }}</td>
                    <td>
                      @if (delivery.status !== 'pending') {
                        <button
                          type="button"
                          class="button small ghost"
                          (click)="retry(hook, delivery)"
                          [disabled]="!hook.enabled"
                        >
                          Resend
                        </button>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          }
        </section>
      }
    </section>
  `,
  styles: `
    .page {
      max-width: 60rem;
    }
    .add {
      display: grid;
      gap: 0.6rem;
      margin-bottom: 1.25rem;
    }
    .add h2 {
      margin: 0;
      font-size: 1.05rem;
    }
    .events {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
      gap: 0.25rem 1rem;
      border: 1px solid var(--line);
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
    }
    .add .button {
      justify-self: start;
    }
    .secret {
      border-color: var(--accent);
      margin-bottom: 1.25rem;
    }
    .secret .value {
      display: block;
      margin: 0.5rem 0;
      font-family: var(--mono);
      overflow-wrap: anywhere;
      user-select: all;
    }
    .endpoints {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 0.6rem;
    }
    .endpoints li.off {
      border-color: var(--danger);
    }
    .url {
      font-family: var(--mono);
      overflow-wrap: anywhere;
      font-weight: 600;
    }
    .meta {
      font-size: 0.9rem;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
      margin-top: 0.5rem;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      font-size: 0.9rem;
    }
    th,
    td {
      text-align: left;
      padding: 0.35rem 0.5rem;
      border-bottom: 1px solid var(--line);
    }
    tr.failed .status {
      color: var(--danger);
      font-weight: 600;
    }
    tr.succeeded .status {
      color: var(--resolved);
    }
    .deliveries {
      overflow-x: auto;
    }
  `,
})
export class WebhooksPage {
  private readonly api = inject(WebhooksApi);
  protected readonly events = WEBHOOK_EVENTS;
  protected readonly endpoints = signal<WebhookDto[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal('');
  protected readonly url = signal('');
  protected readonly chosen = signal(new Set<WebhookEvent>(WEBHOOK_EVENTS));
  protected readonly includePrivate = signal(false);
  protected readonly adding = signal(false);
  protected readonly addError = signal('');
  protected readonly created = signal<WebhookCreatedDto | null>(null);
  protected readonly confirming = signal<number | null>(null);
  private readonly selectedId = signal<number | null>(null);
  protected readonly selected = computed(
    () => this.endpoints().find((hook) => hook.id === this.selectedId()) ?? null,
  );
  protected readonly deliveries = signal<WebhookDeliveryDto[]>([]);

  constructor() {
    void this.load();
  }

  protected inputValue(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected toggle(event: WebhookEvent): void {
    const next = new Set(this.chosen());
    if (next.has(event)) next.delete(event);
    else next.add(event);
    this.chosen.set(next);
  }

  protected async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const events = WEBHOOK_EVENTS.filter((name) => this.chosen().has(name));
    const done = await trackSave({ busy: this.adding, error: this.addError }, async () => {
      const hook = await firstValueFrom(
        this.api.create({
          url: this.url().trim(),
          events,
          include_private: this.includePrivate(),
        }),
      );
      this.created.set(hook);
    });
    if (done) {
      this.url.set('');
      await this.load();
    }
  }

  protected async setEnabled(hook: WebhookDto): Promise<void> {
    await this.run(() => firstValueFrom(this.api.update(hook.id, { enabled: !hook.enabled })));
    await this.load();
  }

  protected async remove(hook: WebhookDto): Promise<void> {
    this.confirming.set(null);
    await this.run(() => firstValueFrom(this.api.remove(hook.id)));
    if (this.selectedId() === hook.id) this.selectedId.set(null);
    await this.load();
  }

  protected async showDeliveries(hook: WebhookDto): Promise<void> {
    this.selectedId.set(hook.id);
    await this.run(async () => {
      this.deliveries.set((await firstValueFrom(this.api.deliveries(hook.id))).results);
    });
  }

  protected async retry(hook: WebhookDto, delivery: WebhookDeliveryDto): Promise<void> {
    await this.run(() => firstValueFrom(this.api.retry(hook.id, delivery.id)));
    await this.showDeliveries(hook);
  }

  protected lastError(delivery: WebhookDeliveryDto): string {
    return delivery.attempts.at(-1)?.error ?? '';
  }

  private async load(): Promise<void> {
    await this.run(async () => {
      this.endpoints.set((await firstValueFrom(this.api.list())).results);
    });
    this.loaded.set(true);
  }

  private async run(work: () => Promise<unknown>): Promise<void> {
    this.error.set('');
    try {
      await work();
    } catch (error) {
      this.error.set(apiErrorMessage(error));
    }
  }
}
