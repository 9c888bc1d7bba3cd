import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, input, output, signal, viewChild } from '@angular/core';
import { sortTimeline, timelineKind, type TimelineEventDto, type UserDto } from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../../../core/api-error';
import { dayHeading, fromLocalInput, localDayKey, time, toLocalInput } from '../../../shared/format';
import { NgTemplateOutlet } from '@angular/common';
import { MarkdownView } from '../../../shared/ui/markdown-view';
import { TimelineApi } from '../../timeline-api';

const KIND_LABEL = { pin: 'Pinned', update: 'Update', text: 'Note' } as const;

interface Day {
  key: string;
  heading: string;
  events: TimelineEventDto[];
}

/** The timeline, grouped by day: add a note at a chosen time, edit and delete entries. */
@Component({
  selector: 'app-incident-timeline',
  imports: [MarkdownView, NgTemplateOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './incident-timeline.html',
  styleUrl: './incident-timeline.css',
})
export class IncidentTimeline {
  readonly incidentId = input.required<number>();
  /** Null while loading. */
  readonly events = input.required<TimelineEventDto[] | null>();
  readonly users = input<readonly UserDto[]>([]);
  readonly editable = input(false);
  readonly changed = output<TimelineEventDto[]>();

  private readonly api = inject(TimelineApi);
  private readonly injector = inject(Injector);

  protected readonly days = computed<Day[]>(() => {
    const days: Day[] = [];
    for (const event of sortTimeline(this.events() ?? [])) {
      const key = localDayKey(event.timestamp);
      let day = days.at(-1);
      if (!day || day.key !== key) {
        day = { key, heading: dayHeading(event.timestamp), events: [] };
        days.push(day);
      }
      day.events.push(event);
    }
    return days;
  });

  protected readonly time = time;
  protected readonly kindLabel = (event: TimelineEventDto) => KIND_LABEL[timelineKind(event.event_type)];
  protected readonly kind = (event: TimelineEventDto) => timelineKind(event.event_type);

  // The form for a new entry, or for the entry being edited.
  protected readonly formOpen = signal(false);
  protected readonly editingId = signal<number | null>(null);
  protected readonly draftTime = signal('');
  protected readonly draftText = signal('');
  protected readonly saving = signal(false);
  protected readonly formError = signal('');
  protected readonly confirmingId = signal<number | null>(null);
  protected readonly rowError = signal<{ id: number; message: string } | null>(null);
  private readonly textArea = viewChild<ElementRef<HTMLTextAreaElement>>('entryText');

  protected openAdd(): void {
    this.editingId.set(null);
    this.draftTime.set(toLocalInput(new Date().toISOString()));
    this.draftText.set('');
    this.openForm();
  }

  protected openEdit(event: TimelineEventDto): void {
    this.editingId.set(event.id);
    this.draftTime.set(toLocalInput(event.timestamp));
    this.draftText.set(event.text);
    this.openForm();
  }

  private openForm(): void {
    this.formError.set('');
    this.formOpen.set(true);
    afterNextRender(() => this.textArea()?.nativeElement.focus(), { injector: this.injector });
  }

  protected closeForm(): void {
    this.formOpen.set(false);
    this.editingId.set(null);
  }

  protected async submit(): Promise<void> {
    if (this.saving()) return;
    const timestamp = fromLocalInput(this.draftTime());
    if (!timestamp) {
      this.formError.set('Choose a date and time.');
      return;
    }
    if (!this.draftText().trim()) {
      this.formError.set('Write what happened.');
      return;
    }
    this.saving.set(true);
    this.formError.set('');
    try {
      const id = this.editingId();
      const body = { timestamp, text: this.draftText() };
      const list = this.events() ?? [];
      if (id === null) {
        const created = await firstValueFrom(this.api.create(this.incidentId(), { ...body, event_type: 'text' }));
        this.changed.emit([...list, created]);
      } else {
        const updated = await firstValueFrom(this.api.update(this.incidentId(), id, body));
        this.changed.emit(list.map((e) => (e.id === id ? updated : e)));
      }
      this.closeForm();
    } catch (error) {
      this.formError.set(apiErrorMessage(error));
    } finally {
      this.saving.set(false);
    }
  }

  protected async remove(event: TimelineEventDto): Promise<void> {
    this.rowError.set(null);
    try {
      await firstValueFrom(this.api.remove(this.incidentId(), event.id));
      this.changed.emit((this.events() ?? []).filter((e) => e.id !== event.id));
      this.confirmingId.set(null);
    } catch (error) {
      this.rowError.set({ id: event.id, message: apiErrorMessage(error) });
    }
  }

  protected keydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.closeForm();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.submit();
    }
  }
}
