import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  type OnInit,
} from '@angular/core';
import {
  ACTION_PRIORITY_TEXT,
  ACTION_TYPE_TEXT,
  capitalize,
  sortActions,
  type ActionDto,
  type CreateActionRequest,
  type UpdateActionRequest,
  type UserDto,
} from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../../../core/api-error';
import { Dialogs } from '../../../core/dialogs';
import { Drafts } from '../../../core/drafts';
import { label } from '../../../core/users-api';
import { EditOnTop, newerVersion } from '../../../core/versions';
import { readableText, userNames } from '../../../shared/text';
import { ActionsApi } from '../../actions-api';
import { ActionForm, describeAction } from './action-form';

/** The fields of an action a change may set, and how to compare them. */
const ACTION_FIELDS: readonly [keyof UpdateActionRequest, (a: ActionDto) => unknown][] = [
  ['details', (a) => a.details],
  ['user', (a) => a.user?.external_id ?? null],
  ['done', (a) => a.done],
  ['priority', (a) => a.priority],
  ['type', (a) => a.type],
  ['due_date', (a) => a.due_date],
];

/** What a change would make of an action, in one line. */
function describeChange(
  action: ActionDto,
  body: UpdateActionRequest,
  users: readonly UserDto[],
): string {
  const owner =
    body.user === undefined
      ? action.user
      : body.user
        ? (users.find((u) => u.external_id === body.user!.external_id) ?? null)
        : null;
  return describeAction({
    ...action,
    details: body.details ?? action.details,
    user: owner,
    done: body.done ?? action.done,
    priority:
      body.priority !== undefined ? (body.priority as ActionDto['priority']) : action.priority,
    type: body.type !== undefined ? (body.type as ActionDto['type']) : action.type,
    due_date: body.due_date !== undefined ? (body.due_date as string | null) : action.due_date,
  });
}

/** Follow-up actions: open ones first; add, edit, tick done, delete with confirmation. */
@Component({
  selector: 'app-incident-actions',
  imports: [ActionForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './incident-actions.html',
  styleUrl: './incident-actions.css',
})
export class IncidentActions implements OnInit {
  readonly incidentId = input.required<number>();
  readonly actions = input.required<ActionDto[]>();
  readonly users = input<readonly UserDto[]>([]);
  readonly editable = input(false);
  /** The new list after any change. */
  readonly changed = output<ActionDto[]>();

  private readonly api = inject(ActionsApi);
  private readonly dialogs = inject(Dialogs);
  private readonly drafts = inject(Drafts);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly sorted = computed(() => sortActions(this.actions()));
  protected readonly openCount = computed(() => this.actions().filter((a) => !a.done).length);
  protected readonly adding = signal(false);
  protected readonly editingId = signal<number | null>(null);
  protected readonly confirmingId = signal<number | null>(null);
  protected readonly busyId = signal<number | null>(null);
  protected readonly error = signal<{ id: number; message: string } | null>(null);
  protected readonly label = label;
  protected readonly priorityText = ACTION_PRIORITY_TEXT;
  protected readonly typeText = ACTION_TYPE_TEXT;
  protected readonly capitalize = capitalize;
  private readonly names = computed(() => userNames(this.users()));

  ngOnInit(): void {
    // A draft left by a save that failed (e.g. the session ended) opens again.
    if (this.editable() && this.drafts.get(this.draftKey('new'))) this.adding.set(true);
    const edited = this.actions().find((a) => this.drafts.get(this.draftKey(a.id)));
    if (this.editable() && edited) this.editingId.set(edited.id);
  }

  protected draftKey(actionId: number | 'new'): string {
    return `incident:${this.incidentId()}:action:${actionId}`;
  }

  /** Details as plain text: mentions named, entities decoded. */
  protected details(action: ActionDto): string {
    return readableText(action.details_ui || action.details, this.names());
  }

  protected startAdding(): void {
    this.adding.set(true);
  }

  protected stopAdding(): void {
    this.adding.set(false);
    this.focus('add-action');
  }

  protected startEditing(action: ActionDto): void {
    this.confirmingId.set(null);
    this.editingId.set(action.id);
  }

  protected stopEditing(id: number): void {
    this.editingId.set(null);
    this.focus(`edit-action-${id}`);
  }

  protected askDelete(action: ActionDto): void {
    this.confirmingId.set(action.id);
    this.focus(`confirm-delete-${action.id}`);
  }

  protected keep(action: ActionDto): void {
    this.confirmingId.set(null);
    this.focus(`delete-action-${action.id}`);
  }

  protected readonly create = async (body: UpdateActionRequest): Promise<void> => {
    const action = await firstValueFrom(
      this.api.create(this.incidentId(), body as CreateActionRequest),
    );
    this.changed.emit([...this.actions(), action]);
    this.stopAdding();
  };

  protected readonly saveEdit = async (
    body: UpdateActionRequest,
    seen: ActionDto | null,
  ): Promise<void> => {
    const id = this.editingId();
    if (id === null || !seen) return;
    // Saved, or the user took theirs: the form closes either way.
    await this.write(seen, body, true);
    this.stopEditing(id);
  };

  /**
   * Saves the fields of `body`, made on `seen` (`If-Match`). When someone else
   * changed one of them meanwhile, the user chooses: keep theirs, keep mine,
   * or (`editOnTop`) edit on top of theirs, which rejects with
   * {@link EditOnTop}. Resolves to whether the change was saved.
   */
  private async write(
    seen: ActionDto,
    body: UpdateActionRequest,
    editOnTop: boolean,
  ): Promise<boolean> {
    let base = seen;
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        this.replace(
          await firstValueFrom(this.api.update(this.incidentId(), seen.id, body, base.version)),
        );
        return true;
      } catch (error) {
        const newer = newerVersion<ActionDto>(error);
        if (!newer) throw error;
        const clash = ACTION_FIELDS.filter(
          ([key, value]) => key in body && value(seen) !== value(newer),
        );
        if (clash.length > 0) {
          const who = label(newer.updated_by) || null;
          const choice = await this.dialogs.conflict({
            title: 'This action changed while you were working on it',
            who,
            rows: [
              {
                label: 'Action',
                theirs: describeAction(newer),
                yours: describeChange(seen, body, this.users()),
              },
            ],
            editOnTop,
          });
          if (choice !== 'mine') {
            this.replace(newer);
            if (choice === 'theirs') return false;
            throw new EditOnTop(
              `Not saved yet: ${who ?? 'someone'}'s version is shown. Edit on top of it, then save.`,
              newer,
            );
          }
        }
        base = newer;
      }
    }
    throw new Error('This action keeps changing: your change was not saved. Try again.');
  }

  protected async toggleDone(action: ActionDto, done: boolean): Promise<void> {
    await this.run(action.id, async () => {
      await this.write(action, { done }, false);
    });
    // The action moves (open ones come first); keep the keyboard on its checkbox.
    this.focus(`done-${action.id}`);
  }

  protected async remove(action: ActionDto): Promise<void> {
    const index = this.sorted().findIndex((a) => a.id === action.id);
    const ok = await this.run(action.id, async () => {
      await firstValueFrom(this.api.remove(this.incidentId(), action.id));
      this.changed.emit(this.actions().filter((a) => a.id !== action.id));
      this.confirmingId.set(null);
    });
    if (!ok) {
      this.focus(`confirm-delete-${action.id}`);
      return;
    }
    // Next the action that took its place, else the one before, else "Add action".
    const rest = this.sorted().filter((a) => a.id !== action.id);
    const neighbour = rest[Math.min(index, rest.length - 1)];
    this.focus(neighbour ? `done-${neighbour.id}` : 'add-action');
  }

  protected dueDate(iso: string): string {
    return new Date(iso).toLocaleDateString(undefined, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
  }

  private replace(action: ActionDto): void {
    this.changed.emit(this.actions().map((a) => (a.id === action.id ? action : a)));
  }

  /** Focuses an element of this section by id once the view has updated (the heading if it is gone). */
  private focus(id: string): void {
    afterNextRender(
      () => {
        const root = this.host.nativeElement;
        const target =
          root.querySelector<HTMLElement>(`#${CSS.escape(id)}`) ??
          root.querySelector<HTMLElement>('#actions-h');
        target?.focus();
      },
      { injector: this.injector },
    );
  }

  private async run(id: number, work: () => Promise<void>): Promise<boolean> {
    this.busyId.set(id);
    this.error.set(null);
    try {
      await work();
      return true;
    } catch (error) {
      this.error.set({ id, message: apiErrorMessage(error) });
      return false;
    } finally {
      this.busyId.set(null);
    }
  }
}
