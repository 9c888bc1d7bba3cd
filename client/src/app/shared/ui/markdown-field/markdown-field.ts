import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  Injector,
  input,
  signal,
  viewChild,
  type OnInit,
} from '@angular/core';
import { decodeEntities, textLength, type UserDto } from '@response/contracts';
import { apiErrorMessage } from '../../../core/api-error';
import { Drafts } from '../../../core/drafts';
import { trackUnsaved } from '../../../core/edit-guard';
import { EditOnTop } from '../../../core/versions';
import { LimitHint, overLimit } from '../limit-hint';
import { MarkdownView } from '../markdown-view';

/** The preview and the count follow the text this long after the last key (longer for long text). */
export function previewDelay(length: number): number {
  return Math.min(600, 150 + Math.floor(length / 1000));
}

/**
 * A markdown text shown rendered, edited in place: a textarea with a live
 * preview, then save or cancel. A failed save keeps the draft open with the
 * API's message. The preview, the count and the kept draft follow the text a
 * moment after the last key, so long texts type as fast as short ones.
 */
@Component({
  selector: 'app-markdown-field',
  imports: [MarkdownView, LimitHint],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './markdown-field.html',
  styleUrl: './markdown-field.css',
})
export class MarkdownField implements OnInit {
  /** Section title, also the accessible name of the editor. */
  readonly label = input.required<string>();
  readonly text = input<string | null | undefined>('');
  readonly users = input<readonly UserDto[]>([]);
  readonly editable = input(false);
  readonly placeholder = input('Nothing written yet.');
  /**
   * Persists the new text. `seen` is the stored text the edit started from, so
   * a change someone else saved meanwhile is noticed. A rejection keeps the
   * editor open and shows why; {@link EditOnTop} also shows their version.
   */
  readonly save = input.required<(text: string, seen: string | null) => Promise<unknown>>();
  /** Where unsaved text is kept (see {@link Drafts}), e.g. `incident:42:summary`; none when empty. */
  readonly draftKey = input('');
  /** Most characters (as typed) the text may have; none when null. */
  readonly maxLength = input<number | null>(null);

  protected readonly editing = signal(false);
  /** What the textarea holds, as typed. */
  protected readonly draft = signal('');
  /** What the textarea is set to when the editor opens (not on every key). */
  protected readonly initial = signal('');
  /** The draft as of a moment ago: what the preview and the count show. */
  protected readonly settled = signal('');
  protected readonly saving = signal(false);
  protected readonly error = signal('');
  protected readonly showPreview = signal(false);
  protected readonly empty = computed(() => !(this.text() ?? '').trim());
  protected readonly length = computed(() => textLength(this.settled()));
  /** Someone else's newer text, when the user chose to edit on top of it. */
  protected readonly theirs = signal<string | null>(null);
  protected readonly id = `md-${Math.random().toString(36).slice(2, 9)}`;

  private readonly textarea = viewChild<ElementRef<HTMLTextAreaElement>>('area');
  private readonly editButton = viewChild<ElementRef<HTMLButtonElement>>('editButton');
  private readonly injector = inject(Injector);
  private readonly drafts = inject(Drafts);
  protected readonly restored = signal(false);
  /** The stored text the edit started from. */
  private seen: string | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    trackUnsaved({
      label: () => this.label().toLowerCase(),
      dirty: () => this.editing() && this.draft() !== decodeEntities(this.seen),
      discard: () => this.close(),
    });
    inject(DestroyRef).onDestroy(() => {
      // Keep what was typed, e.g. when an expired session goes to the login page.
      if (this.settleTimer !== undefined) this.flush();
    });
  }

  ngOnInit(): void {
    // A draft left by a save that failed (e.g. the session ended) opens again.
    const draft = this.draftKey() && this.editable() ? this.drafts.get(this.draftKey()) : null;
    if (draft !== null) this.open(draft, true, false);
  }

  protected setDraft(text: string): void {
    this.draft.set(text);
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.flush(), previewDelay(text.length));
  }

  /** Brings the preview, the count and the kept draft up to the text. */
  private flush(): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.settled.set(this.draft());
    if (this.draftKey() && this.editing()) this.drafts.set(this.draftKey(), this.draft());
  }

  protected edit(): void {
    const draft = this.draftKey() ? this.drafts.get(this.draftKey()) : null;
    // Stored escaped (`R&amp;D`): edit the text as it was typed.
    this.open(draft ?? decodeEntities(this.text()), draft !== null, true);
  }

  private open(text: string, restored: boolean, focus: boolean): void {
    this.seen = this.text() ?? null;
    this.draft.set(text);
    this.initial.set(text);
    this.settled.set(text);
    this.theirs.set(null);
    this.restored.set(restored);
    this.error.set('');
    this.showPreview.set(false);
    this.editing.set(true);
    if (focus)
      afterNextRender(() => this.textarea()?.nativeElement.focus(), { injector: this.injector });
  }

  protected cancel(): void {
    if (this.saving()) return;
    this.close();
    this.focusEditButton();
  }

  private close(): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    if (this.draftKey()) this.drafts.clear(this.draftKey());
    this.editing.set(false);
    this.error.set('');
    this.theirs.set(null);
  }

  protected async submit(): Promise<void> {
    if (this.saving()) return;
    this.flush();
    const max = this.maxLength();
    const tooLong =
      max === null ? null : overLimit(this.label().toLowerCase(), textLength(this.draft()), max);
    if (tooLong) {
      this.error.set(tooLong);
      return;
    }
    this.saving.set(true);
    this.error.set('');
    try {
      await this.save()(this.draft(), this.seen);
      this.close();
      this.focusEditButton();
    } catch (error) {
      if (error instanceof EditOnTop) {
        this.seen = (error.base as string | null) ?? null;
        this.theirs.set(this.seen ?? '');
      }
      this.error.set(apiErrorMessage(error));
    } finally {
      this.saving.set(false);
    }
  }

  protected keydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.cancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.submit();
    }
  }

  private focusEditButton(): void {
    afterNextRender(() => this.editButton()?.nativeElement.focus(), { injector: this.injector });
  }
}
