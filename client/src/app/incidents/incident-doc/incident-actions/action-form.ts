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
  Limits,
  textLength,
  type ActionDto,
  type ActionPriority,
  type ActionType,
  type UpdateActionRequest,
  type UserDto,
} from '@response/contracts';
import { apiErrorMessage } from '../../../core/api-error';
import { Drafts } from '../../../core/drafts';
import { trackUnsaved } from '../../../core/edit-guard';
import { EditOnTop } from '../../../core/versions';
import { LimitHint, overLimit } from '../../../shared/ui/limit-hint';
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
  imports: [FormsModule, UserPicker, LimitHint],
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
      <app-limit-hint [length]="detailsLength()" [max]="maxDetails" />
      @if (theirs(); as t) {
        <p class="muted note theirs" data-theirs>Their version: {{ t }}</p>
      }
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
    .theirs {
      border-left: 3px solid var(--accent);
      padding-left: 0.5rem;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
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
  /**
   * Saves the form: a new action's every field, or an action's changed fields
   * only, with `seen`, the action as the edit started from it.
   */
  readonly save =
    input.required<(body: UpdateActionRequest, seen: ActionDto | null) => Promise<unknown>>();
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
  protected readonly maxDetails = Limits.actionDetailsLength;
  protected readonly detailsLength = signal(0);
  /** Someone else's newer action, when the user chose to edit on top of it. */
  protected readonly theirs = signal<string | null>(null);
  protected model: ActionModel = { ...EMPTY };
  /** The action as the edit started from it (null when adding). */
  private seen: ActionDto | null = null;
  private readonly details = viewChild<ElementRef<HTMLTextAreaElement>>('details');

  constructor() {
    afterNextRender(() => this.details()?.nativeElement.focus());
    trackUnsaved({
      label: () => (this.seen ? 'an action' : 'the new action'),
      dirty: () => !sameModel(this.model, this.seen ? modelOf(this.seen) : EMPTY),
      discard: () => this.cancel(),
    });
  }

  ngOnInit(): void {
    const action = this.action();
    this.seen = action;
    if (action) this.model = modelOf(action);
    const draft = this.draftKey() ? this.drafts.get(this.draftKey()) : null;
    if (draft) {
      try {
        this.model = { ...this.model, ...(JSON.parse(draft) as Partial<ActionModel>) };
        this.restored.set(true);
      } catch {
        this.drafts.clear(this.draftKey());
      }
    }
    this.detailsLength.set(textLength(this.model.details));
  }

  protected setOwner(owner: string): void {
    this.model = { ...this.model, owner };
    this.remember();
  }

  /** Keeps what was typed until it is saved or cancelled. */
  protected remember(): void {
    this.detailsLength.set(textLength(this.model.details));
    if (this.draftKey()) this.drafts.set(this.draftKey(), JSON.stringify(this.model));
  }

  protected cancel(): void {
    if (this.saving()) return;
    if (this.draftKey()) this.drafts.clear(this.draftKey());
    this.cancelled.emit();
  }

  protected async submit(): Promise<void> {
    if (this.saving() || !this.model.details.trim()) return;
    const tooLong = overLimit('action', textLength(this.model.details), this.maxDetails);
    if (tooLong) {
      this.error.set(tooLong);
      return;
    }
    const body = this.seen ? changes(this.model, this.seen) : bodyOf(this.model);
    if (Object.keys(body).length === 0) {
      // Nothing changed: nothing to save.
      this.cancel();
      return;
    }
    this.saving.set(true);
    this.error.set('');
    try {
      await this.save()(body, this.seen);
      if (this.draftKey()) this.drafts.clear(this.draftKey());
      this.model = { ...EMPTY };
      this.detailsLength.set(0);
      this.theirs.set(null);
    } catch (error) {
      if (error instanceof EditOnTop) {
        this.seen = error.base as ActionDto;
        this.theirs.set(describeAction(this.seen));
      }
      this.error.set(apiErrorMessage(error));
    } finally {
      this.saving.set(false);
    }
  }
}

/** The form's fields for an action as stored. */
function modelOf(action: ActionDto): ActionModel {
  return {
    // Stored escaped (`R&amp;D`): edit the text as it was typed.
    details: decodeEntities(action.details),
    owner: action.user?.external_id ?? '',
    priority: action.priority ?? '',
    type: action.type ?? '',
    due: action.due_date ? action.due_date.slice(0, 10) : '',
  };
}

function sameModel(a: ActionModel, b: ActionModel): boolean {
  return (
    a.details.trim() === b.details.trim() &&
    a.owner === b.owner &&
    a.priority === b.priority &&
    a.type === b.type &&
    a.due === b.due
  );
}

/** Every field of the form, as a request. */
function bodyOf(model: ActionModel): UpdateActionRequest {
  return {
    details: model.details,
    user: model.owner ? { external_id: model.owner } : null,
    priority: (model.priority || null) as ActionPriority | null,
    type: (model.type || null) as ActionType | null,
    due_date: model.due ? new Date(`${model.due}T00:00:00Z`).toISOString() : null,
  };
}

/** Only the fields the user changed from `seen`, as a request. */
function changes(model: ActionModel, seen: ActionDto): UpdateActionRequest {
  const before = modelOf(seen);
  const all = bodyOf(model);
  const body: UpdateActionRequest = {};
  if (model.details.trim() !== before.details.trim()) body.details = all.details;
  if (model.owner !== before.owner) body.user = all.user;
  if (model.priority !== before.priority) body.priority = all.priority;
  if (model.type !== before.type) body.type = all.type;
  if (model.due !== before.due) body.due_date = all.due_date;
  return body;
}

/** An action in one line, for "their version". */
export function describeAction(action: ActionDto): string {
  const facts = [
    action.user ? `owner ${action.user.display_name || action.user.external_id}` : 'no owner',
    action.priority ? `${ACTION_PRIORITY_TEXT[action.priority]} priority` : null,
    action.type ? ACTION_TYPE_TEXT[action.type] : null,
    action.due_date ? `due ${action.due_date.slice(0, 10)}` : null,
    action.done ? 'done' : null,
  ].filter(Boolean);
  return `${decodeEntities(action.details)} (${facts.join(', ')})`;
}
