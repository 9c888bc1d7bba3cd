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
  viewChild,
  type OnInit,
} from '@angular/core';
import {
  decodeEntities,
  sortTimeline,
  timelineKind,
  type TimelineEntryDto,
  type UserDto,
} from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../../../core/api-error';
import { Drafts } from '../../../core/drafts';
import { userNames } from '../../../shared/text';
import {
  dayHeading,
  fromLocalInput,
  localDayKey,
  time,
  timeProblem,
  toLocalInput,
} from '../../../shared/format';
import { NgTemplateOutlet } from '@angular/common';
import { MarkdownText } from '../../../shared/ui/markdown-text';
import { TimelineApi } from '../../timeline-api';

const KIND_LABEL = { pin: 'Pinned', slack: 'Slack', update: 'Update', text: 'Note' } as const;
/** Update entries quote whole summaries: longer ones are shown cut, with "Show more". */
export const COLLAPSE_AT = 200;

interface TimelineDraft {
  time: string;
  text: string;
}

/** An entry with what its row shows, worked out once per list rather than on every check. */
interface Entry {
  event: TimelineEntryDto;
  kind: ReturnType<typeof timelineKind>;
  label: string;
  time: string;
  /** The cut text of a long update entry, or null when it is shown whole. */
  short: string | null;
}

interface Day {
  key: string;
  heading: string;
  entries: Entry[];
}

/** The timeline, grouped by day: add a note at a chosen time, edit and delete entries. */
@Component({
  selector: 'app-incident-timeline',
  imports: [MarkdownText, NgTemplateOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './incident-timeline.html',
  styleUrl: './incident-timeline.css',
})
export class IncidentTimeline implements OnInit {
  readonly incidentId = input.required<number>();
  /** Null while loading. */
  readonly events = input.required<TimelineEntryDto[] | null>();
  readonly users = input<readonly UserDto[]>([]);
  readonly editable = input(false);
  readonly changed = output<TimelineEntryDto[]>();

  private readonly api = inject(TimelineApi);
  private readonly injector = inject(Injector);
  private readonly drafts = inject(Drafts);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly days = computed<Day[]>(() => {
    const days: Day[] = [];
    for (const event of sortTimeline(this.events() ?? [])) {
      const key = localDayKey(event.timestamp);
      let day = days.at(-1);
      if (!day || day.key !== key) {
        day = { key, heading: dayHeading(event.timestamp), entries: [] };
        days.push(day);
      }
      const kind = timelineKind(event.event_type);
      const short =
        kind === 'update' && event.text.length > COLLAPSE_AT
          ? `${event.text.slice(0, COLLAPSE_AT).trimEnd()}…`
          : null;
      day.entries.push({
        event,
        kind,
        label: KIND_LABEL[kind],
        time: time(event.timestamp),
        short,
      });
    }
    return days;
  });

  /** Slack's link to the message an entry was made from, when it has one. */
  protected permalink(event: TimelineEntryDto): string | null {
    const link = (event.metadata as Record<string, unknown> | null)?.['permalink'];
    return typeof link === 'string' && /^https:\/\//.test(link) ? link : null;
  }

  /** Names for the mentions in every entry: one map for the whole list. */
  protected readonly names = computed(() => userNames(this.users()));

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

  /** Update entries whose whole text is shown. */
  protected readonly expanded = signal<ReadonlySet<number>>(new Set());

  ngOnInit(): void {
    // A draft left by a save that failed (e.g. the session ended) opens again.
    if (!this.editable()) return;
    const draft = this.readDraft(this.draftKey(null));
    if (draft) this.openForm(null, draft, true);
  }

  protected toggleExpanded(event: TimelineEntryDto): void {
    this.expanded.update((ids) => {
      const next = new Set(ids);
      if (!next.delete(event.id)) next.add(event.id);
      return next;
    });
  }

  protected openAdd(): void {
    const draft = this.readDraft(this.draftKey(null));
    this.openForm(
      null,
      draft ?? { time: toLocalInput(new Date().toISOString()), text: '' },
      draft !== null,
    );
  }

  protected openEdit(event: TimelineEntryDto): void {
    this.confirmingId.set(null);
    const draft = this.readDraft(this.draftKey(event.id));
    // Stored escaped (`R&amp;D`): edit the text as it was typed.
    this.openForm(
      event.id,
      draft ?? { time: toLocalInput(event.timestamp), text: decodeEntities(event.text) },
      draft !== null,
    );
  }

  private openForm(id: number | null, draft: TimelineDraft, restored: boolean): void {
    this.editingId.set(id);
    this.draftTime.set(draft.time);
    this.draftText.set(draft.text);
    this.restored.set(restored);
    this.formError.set('');
    this.formOpen.set(true);
    afterNextRender(() => this.textArea()?.nativeElement.focus(), { injector: this.injector });
  }

  protected readonly restored = signal(false);

  protected setTime(value: string): void {
    this.draftTime.set(value);
    this.formError.set('');
    this.remember();
  }

  protected setText(value: string): void {
    this.draftText.set(value);
    this.formError.set('');
    this.remember();
  }

  /** Cancel: the draft is dropped and the keyboard goes back to the button that opened the form. */
  protected closeForm(): void {
    if (this.saving()) return;
    const id = this.editingId();
    this.drafts.clear(this.draftKey(id));
    this.formOpen.set(false);
    this.editingId.set(null);
    this.focus(id === null ? 'add-entry' : `edit-entry-${id}`);
  }

  protected draftKey(id: number | null): string {
    return `incident:${this.incidentId()}:timeline:${id ?? 'new'}`;
  }

  private remember(): void {
    const draft: TimelineDraft = { time: this.draftTime(), text: this.draftText() };
    this.drafts.set(this.draftKey(this.editingId()), JSON.stringify(draft));
  }

  private readDraft(key: string): TimelineDraft | null {
    const stored = this.drafts.get(key);
    if (!stored) return null;
    try {
      const draft = JSON.parse(stored) as Partial<TimelineDraft>;
      return { time: String(draft.time ?? ''), text: String(draft.text ?? '') };
    } catch {
      this.drafts.clear(key);
      return null;
    }
  }

  protected async submit(): Promise<void> {
    if (this.saving()) return;
    const timestamp = fromLocalInput(this.draftTime());
    if (!timestamp) {
      this.formError.set('Choose a date and time.');
      return;
    }
    const problem = timeProblem(timestamp);
    if (problem) {
      this.formError.set(problem);
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
      let focusId: string;
      if (id === null) {
        const created = await firstValueFrom(
          this.api.create(this.incidentId(), { ...body, event_type: 'text' }),
        );
        this.changed.emit([...list, created]);
        focusId = 'add-entry';
      } else {
        const updated = await firstValueFrom(this.api.update(this.incidentId(), id, body));
        this.changed.emit(list.map((e) => (e.id === id ? updated : e)));
        focusId = `edit-entry-${id}`;
      }
      this.drafts.clear(this.draftKey(id));
      this.formOpen.set(false);
      this.editingId.set(null);
      this.focus(focusId);
    } catch (error) {
      this.formError.set(apiErrorMessage(error));
    } finally {
      this.saving.set(false);
    }
  }

  protected askDelete(event: TimelineEntryDto): void {
    this.confirmingId.set(event.id);
    this.focus(`confirm-entry-${event.id}`);
  }

  protected keep(event: TimelineEntryDto): void {
    this.confirmingId.set(null);
    this.focus(`delete-entry-${event.id}`);
  }

  protected async remove(event: TimelineEntryDto): Promise<void> {
    this.rowError.set(null);
    const order = sortTimeline(this.events() ?? []);
    const index = order.findIndex((e) => e.id === event.id);
    try {
      await firstValueFrom(this.api.remove(this.incidentId(), event.id));
      this.changed.emit((this.events() ?? []).filter((e) => e.id !== event.id));
      this.confirmingId.set(null);
      const rest = order.filter((e) => e.id !== event.id);
      const neighbour = rest[Math.min(index, rest.length - 1)];
      this.focus(neighbour && this.editable() ? `edit-entry-${neighbour.id}` : 'add-entry');
    } catch (error) {
      this.rowError.set({ id: event.id, message: apiErrorMessage(error) });
      this.focus(`confirm-entry-${event.id}`);
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

  /** Focuses an element of this section by id once the view has updated (the heading if it is gone). */
  private focus(id: string): void {
    afterNextRender(
      () => {
        const root = this.host.nativeElement;
        const target =
          root.querySelector<HTMLElement>(`#${CSS.escape(id)}`) ??
          root.querySelector<HTMLElement>('#timeline-h');
        target?.focus();
      },
      { injector: this.injector },
    );
  }
}
