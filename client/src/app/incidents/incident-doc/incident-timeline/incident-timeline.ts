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
  cutStoredText,
  decodeEntities,
  IncidentUpdateType,
  Limits,
  sortTimeline,
  textLength,
  timelineKind,
  type TimelineEntryDto,
  type UserDto,
} from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../../../core/api-error';
import { Dialogs } from '../../../core/dialogs';
import { Drafts } from '../../../core/drafts';
import { trackUnsaved } from '../../../core/edit-guard';
import { label } from '../../../core/users-api';
import { EditOnTop, newerVersion } from '../../../core/versions';
import { LimitHint, overLimit } from '../../../shared/ui/limit-hint';
import { userNames } from '../../../shared/text';
import {
  dateTime,
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

const KIND_LABEL = {
  pin: 'Pinned',
  slack: 'Slack',
  update: 'Update',
  status: 'Status update',
  text: 'Note',
} as const;
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
  /** A summary or impact change, shown as the new text quoted, who, and the previous text. */
  textChange: TextChange | null;
}

/** An automatic entry for a new summary or impact. */
interface TextChange {
  /** "Summary updated by alice". */
  heading: string;
  /** The new text (stored form), empty when it was removed. */
  text: string;
  /** The cut new text when long, else null. */
  short: string | null;
  /** The text before, when there was one. */
  previous: string | null;
}

const TEXT_UPDATES: Record<string, string> = {
  [IncidentUpdateType.Summary]: 'Summary',
  [IncidentUpdateType.Impact]: 'Impact',
};

/**
 * The summary or impact change an automatic entry records, or null for any
 * other entry. `names` (Slack id → name) names people whose names were not
 * known yet when the entry was written.
 */
export function textChangeOf(
  event: TimelineEntryDto,
  names: ReadonlyMap<string, string> = new Map(),
): TextChange | null {
  const meta = event.metadata;
  const what = TEXT_UPDATES[String(meta?.['update_type'])];
  if (!meta || !what || event.event_type !== 'incident_update') return null;
  const text = typeof meta['new_value'] === 'string' ? meta['new_value'] : '';
  const previous = typeof meta['old_value'] === 'string' ? meta['old_value'] : null;
  const actor = meta['actor'] as UserDto | null | undefined;
  const who = actor ? names.get(actor.external_id) || label(actor) : '';
  const did = !text ? 'removed' : previous ? 'updated' : 'added';
  return {
    heading: `${what} ${did}${who ? ` by ${who}` : ''}`,
    text,
    short: text.length > COLLAPSE_AT ? `${text.slice(0, COLLAPSE_AT).trimEnd()}…` : null,
    previous,
  };
}

interface Day {
  key: string;
  heading: string;
  entries: Entry[];
}

/** The timeline, grouped by day: add a note at a chosen time, edit and delete entries. */
@Component({
  selector: 'app-incident-timeline',
  imports: [MarkdownText, NgTemplateOutlet, LimitHint],
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
  private readonly dialogs = inject(Dialogs);
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
          ? `${cutStoredText(event.text, COLLAPSE_AT).trimEnd()}…`
          : null;
      day.entries.push({
        event,
        kind,
        label: KIND_LABEL[kind],
        time: time(event.timestamp),
        short,
        textChange: textChangeOf(event, this.names()),
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
  /** Summary and impact entries whose previous text is shown. */
  protected readonly previousShown = signal<ReadonlySet<number>>(new Set());
  protected readonly maxText = Limits.timelineTextLength;
  protected readonly draftLength = computed(() => textLength(this.draftText()));
  /** The entry as the edit started from it (its version goes with the change). */
  private editingBase: TimelineEntryDto | null = null;
  /** Someone else's newer text, when the user chose to edit on top of it. */
  protected readonly theirs = signal<string | null>(null);

  constructor() {
    trackUnsaved({
      label: () => 'a timeline entry',
      dirty: () => this.formOpen() && this.formChanged(),
      discard: () => this.closeForm(),
    });
  }

  /** Whether the open form holds something other than what it opened with. */
  private formChanged(): boolean {
    const base = this.editingBase;
    if (!base) return this.draftText().trim() !== '';
    return (
      this.draftText() !== decodeEntities(base.text) ||
      this.draftTime() !== toLocalInput(base.timestamp)
    );
  }

  protected togglePrevious(event: TimelineEntryDto): void {
    this.previousShown.update((ids) => {
      const next = new Set(ids);
      if (!next.delete(event.id)) next.add(event.id);
      return next;
    });
  }

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
    this.editingBase =
      id === null ? null : ((this.events() ?? []).find((e) => e.id === id) ?? null);
    this.theirs.set(null);
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
    this.theirs.set(null);
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
    const tooLong = overLimit('text', textLength(this.draftText()), this.maxText);
    if (tooLong) {
      this.formError.set(tooLong);
      return;
    }
    this.saving.set(true);
    this.formError.set('');
    try {
      const id = this.editingId();
      const body = { timestamp, text: this.draftText() };
      let focusId: string;
      if (id === null) {
        const created = await firstValueFrom(
          this.api.create(this.incidentId(), { ...body, event_type: 'text' }),
        );
        this.changed.emit([...(this.events() ?? []), created]);
        focusId = 'add-entry';
      } else {
        await this.saveEdit(this.editingBase!, body);
        focusId = `edit-entry-${id}`;
      }
      this.drafts.clear(this.draftKey(id));
      this.formOpen.set(false);
      this.editingId.set(null);
      this.focus(focusId);
    } catch (error) {
      if (error instanceof EditOnTop) {
        this.editingBase = error.base as TimelineEntryDto;
        this.theirs.set(this.editingBase.text);
      }
      this.formError.set(apiErrorMessage(error));
    } finally {
      this.saving.set(false);
    }
  }

  /**
   * Saves the changed fields of an entry, made on `seen` (`If-Match`). When
   * someone else changed one of them meanwhile, the user chooses: keep theirs
   * (the form closes), keep mine, or edit on top of theirs ({@link EditOnTop}).
   */
  private async saveEdit(seen: TimelineEntryDto, form: { timestamp: string; text: string }) {
    const body: { timestamp?: string; text?: string } = {};
    if (form.text !== decodeEntities(seen.text)) body.text = form.text;
    if (Date.parse(form.timestamp) !== Date.parse(seen.timestamp)) body.timestamp = form.timestamp;
    let base = seen;
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (Object.keys(body).length === 0) return;
      try {
        const updated = await firstValueFrom(
          this.api.update(this.incidentId(), seen.id, body, base.version),
        );
        this.replace(updated);
        return;
      } catch (error) {
        const newer = newerVersion<TimelineEntryDto>(error);
        if (!newer) throw error;
        const clash =
          (body.text !== undefined && newer.text !== seen.text) ||
          (body.timestamp !== undefined && newer.timestamp !== seen.timestamp);
        if (clash) {
          const who = label(newer.updated_by) || null;
          const choice = await this.dialogs.conflict({
            title: 'This timeline entry changed while you were editing it',
            who,
            rows: [
              {
                label: 'Entry',
                theirs: `${dateTime(newer.timestamp)}: ${decodeEntities(newer.text)}`,
                yours: `${dateTime(form.timestamp)}: ${form.text}`,
              },
            ],
            editOnTop: true,
          });
          if (choice !== 'mine') {
            this.replace(newer);
            if (choice === 'theirs') return;
            throw new EditOnTop(
              `Not saved yet: ${who ?? 'someone'}'s version is shown. Edit on top of it, then save.`,
              newer,
            );
          }
        }
        base = newer;
      }
    }
    throw new Error('This entry keeps changing: your change was not saved. Try again.');
  }

  private replace(entry: TimelineEntryDto): void {
    this.changed.emit((this.events() ?? []).map((e) => (e.id === entry.id ? entry : e)));
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
