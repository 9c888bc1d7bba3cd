import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import {
  ACTION_PRIORITY_TEXT,
  ACTION_TYPE_TEXT,
  sortActions,
  type ActionDto,
  type CreateActionRequest,
  type UserDto,
} from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../../../core/api-error';
import { label } from '../../../core/users-api';
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
export class IncidentActions {
  readonly incidentId = input.required<number>();
  readonly actions = input.required<ActionDto[]>();
  readonly users = input<readonly UserDto[]>([]);
  readonly editable = input(false);
  /** The new list after any change. */
  readonly changed = output<ActionDto[]>();

  private readonly api = inject(ActionsApi);

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

  protected readonly create = async (body: CreateActionRequest): Promise<void> => {
    const action = await firstValueFrom(this.api.create(this.incidentId(), body));
    this.changed.emit([...this.actions(), action]);
    this.adding.set(false);
  };

  protected readonly saveEdit = async (body: CreateActionRequest): Promise<void> => {
    const id = this.editingId();
    if (id === null) return;
    const action = await firstValueFrom(this.api.update(this.incidentId(), id, body));
    this.replace(action);
    this.editingId.set(null);
  };

  protected async toggleDone(action: ActionDto, done: boolean): Promise<void> {
    await this.run(action.id, async () => {
      const updated = await firstValueFrom(this.api.update(this.incidentId(), action.id, { done }));
      this.replace(updated);
    });
  }

  protected async remove(action: ActionDto): Promise<void> {
    await this.run(action.id, async () => {
      await firstValueFrom(this.api.remove(this.incidentId(), action.id));
      this.changed.emit(this.actions().filter((a) => a.id !== action.id));
      this.confirmingId.set(null);
    });
  }

  protected dueDate(iso: string): string {
    return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  }

  private replace(action: ActionDto): void {
    this.changed.emit(this.actions().map((a) => (a.id === action.id ? action : a)));
  }

  private async run(id: number, work: () => Promise<void>): Promise<void> {
    this.busyId.set(id);
    this.error.set(null);
    try {
      await work();
    } catch (error) {
      this.error.set({ id, message: apiErrorMessage(error) });
    } finally {
      this.busyId.set(null);
    }
  }
}
