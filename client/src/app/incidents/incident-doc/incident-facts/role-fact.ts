import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import type { IncidentRoleDto, UserDto } from '@response/contracts';
import { trackSave } from '../../../core/api-error';
import { label } from '../../../core/users-api';
import { UserPicker } from '../../../shared/ui/user-picker';

/**
 * One role besides the lead in the facts list (`<div appRoleFact>` inside its
 * `<dl>`): who holds it, and for editors a picker that saves on "Set".
 */
@Component({
  selector: '[appRoleFact]',
  imports: [UserPicker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = role();
    <dt>
      @if (editable()) {
        <label [for]="inputId()">{{ r.name }}</label>
      } @else {
        {{ r.name }}
      }
    </dt>
    <dd>
      @if (editable()) {
        <app-user-picker
          [inputId]="inputId()"
          [name]="r.name"
          emptyLabel="Nobody"
          [users]="users()"
          [current]="r.user"
          [value]="value()"
          (valueChange)="pending.set($event)"
          (keydown.escape)="cancel()"
          (keydown.enter)="changed() && apply()"
        />
        @if (changed()) {
          <span class="inline-edit apply">
            <button
              type="button"
              class="button small primary"
              (click)="apply()"
              [disabled]="busy()"
            >
              {{ busy() ? 'Saving…' : 'Set ' + r.name }}
            </button>
            <button type="button" class="button small ghost" (click)="cancel()" [disabled]="busy()">
              Cancel
            </button>
          </span>
        }
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
      } @else {
        {{ label(r.user) || 'Nobody' }}
      }
    </dd>
  `,
  styles: `
    :host {
      display: grid;
      gap: 0.2rem;
    }
    /* As the other facts show their names. */
    dt {
      font-size: 0.72rem;
      font-weight: 650;
      color: var(--muted);
      text-transform: uppercase;
      letter-spacing: 0.06em;
    }
    dd {
      margin: 0;
    }
    .inline-edit {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      margin-top: 0.4rem;
    }
  `,
})
export class RoleFact {
  readonly role = input.required<IncidentRoleDto>();
  readonly users = input<readonly UserDto[]>([]);
  readonly editable = input(false);
  /** Saves who holds the role (null: nobody); rejects with the API's error. */
  readonly save = input.required<(role: string, user: UserDto | null) => Promise<void>>();

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly label = label;
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  /** Picked but not yet saved: nothing is saved while moving through the list. */
  protected readonly pending = signal<string | null>(null);
  protected readonly inputId = computed(() => `role-${this.role().role}`);
  protected readonly value = computed(() => this.pending() ?? this.role().user?.external_id ?? '');
  protected readonly changed = computed(() => {
    const pending = this.pending();
    return pending !== null && pending !== (this.role().user?.external_id ?? '');
  });

  protected async apply(): Promise<void> {
    if (!this.changed() || this.busy()) return;
    const id = this.pending();
    const current = this.role().user;
    const user = id
      ? (this.users().find((u) => u.external_id === id) ??
        (current?.external_id === id ? current : null))
      : null;
    if (id && !user) return;
    const saved = await trackSave({ busy: this.busy, error: this.error }, () =>
      this.save()(this.role().role, user),
    );
    if (saved) this.pending.set(null);
    this.focus();
  }

  protected cancel(): void {
    this.pending.set(null);
    this.error.set('');
    this.focus();
  }

  private focus(): void {
    afterNextRender(() => this.host.nativeElement.querySelector('select')?.focus(), {
      injector: this.injector,
    });
  }
}
