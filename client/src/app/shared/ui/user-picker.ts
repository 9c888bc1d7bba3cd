import {
  ChangeDetectionStrategy,
  Component,
  computed,
  input,
  model,
  output,
  signal,
} from '@angular/core';
import type { UserDto } from '@response/contracts';
import { label } from '../../core/users-api';
import { CommitOnPick } from './commit-on-pick';

/** Options shown at once; typing narrows the rest down. */
const SHOWN = 200;

/**
 * Picks a person from a long list: a filter box narrows the options of a plain
 * select (type a few letters, then arrow down and pick). The chosen user's
 * Slack id is the `value` (empty for nobody).
 */
@Component({
  selector: 'app-user-picker',
  imports: [CommitOnPick],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="picker">
      <input
        type="search"
        class="filter"
        [id]="inputId() + '-filter'"
        [attr.aria-label]="'Filter ' + name()"
        placeholder="Type to filter…"
        autocomplete="off"
        [value]="query()"
        (input)="query.set($any($event.target).value)"
        (keydown.enter)="$event.preventDefault(); pickFirst()"
        [attr.aria-controls]="inputId()"
        [disabled]="disabled()"
      />
      <select
        [id]="inputId()"
        (change)="value.set($any($event.target).value)"
        (picked)="picked.emit($event)"
        [disabled]="disabled()"
      >
        <option value="" [selected]="value() === ''">{{ emptyLabel() }}</option>
        @for (u of shown(); track u.external_id) {
          <option [value]="u.external_id" [selected]="value() === u.external_id">
            {{ label(u) }}
          </option>
        }
      </select>
      @if (hidden() > 0) {
        <span class="muted more" aria-live="polite">{{ hidden() }} more: type to narrow</span>
      } @else if (query() && matches().length === 0) {
        <span class="muted more" aria-live="polite">Nobody matches “{{ query() }}”</span>
      }
    </div>
  `,
  styles: `
    .picker {
      display: grid;
      gap: 0.3rem;
    }
    .filter {
      font-size: 0.9rem;
    }
    select {
      width: 100%;
    }
    .more {
      font-size: 0.78rem;
    }
  `,
})
export class UserPicker {
  readonly users = input<readonly UserDto[]>([]);
  /** Id of the select, for an outside `<label for>`. */
  readonly inputId = input.required<string>();
  /** What is being picked, for the filter's accessible name ("lead", "owner"). */
  readonly name = input('person');
  readonly emptyLabel = input('Nobody');
  /** Someone to keep selectable even when the list lacks them (e.g. a deleted lead). */
  readonly current = input<UserDto | null>(null);
  readonly disabled = input(false);
  readonly value = model('');
  /**
   * Someone chosen for good: at once with the mouse, from the filter with
   * Enter, and after arrowing through the list with Enter or on leaving it
   * (see {@link CommitOnPick}).
   */
  readonly picked = output<string>();

  protected readonly label = label;
  protected readonly query = signal('');

  private readonly all = computed(() => {
    const current = this.current();
    const users = this.users();
    return current && !users.some((u) => u.external_id === current.external_id)
      ? [current, ...users]
      : users;
  });
  protected readonly matches = computed(() => filterUsers(this.all(), this.query()));
  protected readonly shown = computed(() => {
    const shown = this.matches().slice(0, SHOWN);
    const selected = this.all().find((u) => u.external_id === this.value());
    return selected && !shown.includes(selected) ? [selected, ...shown] : shown;
  });
  protected readonly hidden = computed(() => Math.max(0, this.matches().length - SHOWN));

  protected pickFirst(): void {
    const first = this.matches()[0];
    if (!first || !this.query().trim()) return;
    this.value.set(first.external_id);
    this.picked.emit(first.external_id);
  }
}

/** Users whose name, full name or Slack id contains every typed word, in any case. */
export function filterUsers(users: readonly UserDto[], query: string): readonly UserDto[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return users;
  return users.filter((u) => {
    const text = `${u.display_name} ${u.full_name} ${u.external_id} ${u.email ?? ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
