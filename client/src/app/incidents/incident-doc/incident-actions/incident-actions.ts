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
  type UserDto,
} from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../../../core/api-error';
import { Drafts } from '../../../core/drafts';
import { label } from '../../../core/users-api';
import { readableText, userNames } from '../../../shared/text';
import { ActionsApi } from '../../actions-api';
import { ActionForm } from './action-form';

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

  protected readonly create = async (body: CreateActionRequest): Promise<void> => {
    const action = await firstValueFrom(this.api.create(this.incidentId(), body));
    this.changed.emit([...this.actions(), action]);
    this.stopAdding();
  };

  protected readonly saveEdit = async (body: CreateActionRequest): Promise<void> => {
    const id = this.editingId();
    if (id === null) return;
    const action = await firstValueFrom(this.api.update(this.incidentId(), id, body));
    this.replace(action);
    this.stopEditing(id);
  };

  protected async toggleDone(action: ActionDto, done: boolean): Promise<void> {
    await this.run(action.id, async () => {
      const updated = await firstValueFrom(this.api.update(this.incidentId(), action.id, { done }));
      this.replace(updated);
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
