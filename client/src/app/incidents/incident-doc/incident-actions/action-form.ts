import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterNextRender,
  inject,
  input,
  output,
  signal,
  viewChild,
  type OnInit,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import {
  ACTION_PRIORITY_TEXT,
  ACTION_TYPE_TEXT,
  capitalize,
  decodeEntities,
  type ActionDto,
  type ActionPriority,
  type ActionType,
  type CreateActionRequest,
  type UserDto,
} from '@response/contracts';
import { apiErrorMessage } from '../../../core/api-error';
import { Drafts } from '../../../core/drafts';
import { UserPicker } from '../../../shared/ui/user-picker';

interface ActionModel {
  details: string;
  owner: string;
  priority: string;
  type: string;
  due: string;
}

const EMPTY: ActionModel = { details: '', owner: '', priority: '', type: '', due: '' };

/** Details, owner, priority, type and due date of an action, for adding or editing. */
@Component({
  selector: 'app-action-form',
  imports: [FormsModule, UserPicker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      class="action-form"
      (ngSubmit)="submit()"
      (keydown.escape)="cancel()"
      (input)="remember()"
      (change)="remember()"
    >
      <label [for]="prefix() + '-details'">What needs doing</label>
      <textarea
        #details
        [id]="prefix() + '-details'"
        name="details"
        rows="2"
        required
        [(ngModel)]="model.details"
      ></textarea>
      <div class="row">
        <div>
          <label [for]="prefix() + '-owner'">Owner</label>
          <app-user-picker
            [inputId]="prefix() + '-owner'"
            name="owner"
            emptyLabel="Nobody yet"
            [users]="users()"
            [current]="action()?.user ?? null"
            [value]="model.owner"
            (valueChange)="setOwner($event)"
          />
        </div>
        <div>
          <label [for]="prefix() + '-priority'">Priority</label>
          <select [id]="prefix() + '-priority'" name="priority" [(ngModel)]="model.priority">
            <option value="">None</option>
            @for (p of priorities; track p[0]) {
              <option [value]="p[0]">{{ p[1] }}</option>
            }
          </select>
        </div>
        <div>
          <label [for]="prefix() + '-type'">Type</label>
          <select [id]="prefix() + '-type'" name="type" [(ngModel)]="model.type">
            <option value="">None</option>
            @for (t of types; track t[0]) {
              <option [value]="t[0]">{{ t[1] }}</option>
            }
          </select>
        </div>
        <div>
          <label [for]="prefix() + '-due'">Due date</label>
          <input
            [id]="prefix() + '-due'"
            name="due"
            type="date"
            min="1970-01-01"
            [(ngModel)]="model.due"
          />
        </div>
      </div>
      @if (restored()) {
        <p class="muted note">Unsaved draft restored.</p>
      }
      @if (error()) {
        <p class="error" role="alert">Not saved: {{ error() }}</p>
      }
      <div class="buttons">
        <button
          type="submit"
          class="button primary small"
          [disabled]="saving() || !model.details.trim()"
        >
          {{ saving() ? 'Saving…' : submitText() }}
        </button>
        <button type="button" class="button ghost small" (click)="cancel()" [disabled]="saving()">
          Cancel
        </button>
      </div>
    </form>
  `,
  styles: `
    .action-form {
      display: grid;
      gap: 0.35rem;
      padding: 0.9rem;
      background: var(--hover);
      border-radius: 10px;
    }
    label {
      font-size: 0.75rem;
      font-weight: 650;
      color: var(--muted);
    }
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
      gap: 0.6rem;
      align-items: start;
    }
    .row > div {
      display: grid;
      gap: 0.25rem;
    }
    .note {
      font-size: 0.8rem;
      margin: 0;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
      margin-top: 0.4rem;
    }
  `,
})
export class ActionForm implements OnInit {
  readonly action = input<ActionDto | null>(null);
  readonly users = input<readonly UserDto[]>([]);
  readonly prefix = input('action');
  readonly submitText = input('Add action');
  /** Where unsaved input is kept (see {@link Drafts}); none when empty. */
  readonly draftKey = input('');
  readonly save = input.required<(body: CreateActionRequest) => Promise<unknown>>();
  readonly cancelled = output<void>();

  private readonly drafts = inject(Drafts);
  protected readonly priorities = Object.entries(ACTION_PRIORITY_TEXT).map(
    ([k, v]) => [k, capitalize(v)] as const,
  );
  protected readonly types = Object.entries(ACTION_TYPE_TEXT).map(
    ([k, v]) => [k, capitalize(v)] as const,
  );
  protected readonly saving = signal(false);
  protected readonly error = signal('');
  protected readonly restored = signal(false);
  protected model: ActionModel = { ...EMPTY };
  private readonly details = viewChild<ElementRef<HTMLTextAreaElement>>('details');

  constructor() {
    afterNextRender(() => this.details()?.nativeElement.focus());
  }

  ngOnInit(): void {
    const action = this.action();
    if (action) {
      this.model = {
        // Stored escaped (`R&amp;D`): edit the text as it was typed.
        details: decodeEntities(action.details),
        owner: action.user?.external_id ?? '',
        priority: action.priority ?? '',
        type: action.type ?? '',
        due: action.due_date ? action.due_date.slice(0, 10) : '',
      };
    }
    const draft = this.draftKey() ? this.drafts.get(this.draftKey()) : null;
    if (draft) {
      try {
        this.model = { ...this.model, ...(JSON.parse(draft) as Partial<ActionModel>) };
        this.restored.set(true);
      } catch {
        this.drafts.clear(this.draftKey());
      }
    }
  }

  protected setOwner(owner: string): void {
    this.model = { ...this.model, owner };
    this.remember();
  }

  /** Keeps what was typed until it is saved or cancelled. */
  protected remember(): void {
    if (this.draftKey()) this.drafts.set(this.draftKey(), JSON.stringify(this.model));
  }

  protected cancel(): void {
    if (this.saving()) return;
    if (this.draftKey()) this.drafts.clear(this.draftKey());
    this.cancelled.emit();
  }

  protected async submit(): Promise<void> {
    if (this.saving() || !this.model.details.trim()) return;
    this.saving.set(true);
    this.error.set('');
    try {
      await this.save()({
        details: this.model.details,
        user: this.model.owner ? { external_id: this.model.owner } : null,
        priority: (this.model.priority || null) as ActionPriority | null,
        type: (this.model.type || null) as ActionType | null,
        due_date: this.model.due ? new Date(`${this.model.due}T00:00:00Z`).toISOString() : null,
      });
      if (this.draftKey()) this.drafts.clear(this.draftKey());
      this.model = { ...EMPTY };
    } catch (error) {
      this.error.set(apiErrorMessage(error));
    } finally {
      this.saving.set(false);
    }
  }
}
