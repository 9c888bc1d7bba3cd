import {
  ChangeDetectionStrategy,
  Component,
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
import { decodeEntities, type UserDto } from '@response/contracts';
import { apiErrorMessage } from '../../../core/api-error';
import { Drafts } from '../../../core/drafts';
import { MarkdownView } from '../markdown-view';

/**
 * A markdown text shown rendered, edited in place: a textarea with a live preview,
 * then save or cancel. A failed save keeps the draft open with the API's message.
 */
@Component({
  selector: 'app-markdown-field',
  imports: [MarkdownView],
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
  /** Persists the new text; a rejection keeps the editor open and shows why. */
  readonly save = input.required<(text: string) => Promise<unknown>>();
  /** Where unsaved text is kept (see {@link Drafts}), e.g. `incident:42:summary`; none when empty. */
  readonly draftKey = input('');

  protected readonly editing = signal(false);
  protected readonly draft = signal('');
  protected readonly saving = signal(false);
  protected readonly error = signal('');
  protected readonly showPreview = signal(false);
  protected readonly empty = computed(() => !(this.text() ?? '').trim());
  protected readonly id = `md-${Math.random().toString(36).slice(2, 9)}`;

  private readonly textarea = viewChild<ElementRef<HTMLTextAreaElement>>('area');
  private readonly editButton = viewChild<ElementRef<HTMLButtonElement>>('editButton');
  private readonly injector = inject(Injector);
  private readonly drafts = inject(Drafts);
  protected readonly restored = signal(false);

  ngOnInit(): void {
    // A draft left by a save that failed (e.g. the session ended) opens again.
    const draft = this.draftKey() && this.editable() ? this.drafts.get(this.draftKey()) : null;
    if (draft !== null) this.open(draft, true, false);
  }

  protected setDraft(text: string): void {
    this.draft.set(text);
    if (this.draftKey()) this.drafts.set(this.draftKey(), text);
  }

  protected edit(): void {
    const draft = this.draftKey() ? this.drafts.get(this.draftKey()) : null;
    // Stored escaped (`R&amp;D`): edit the text as it was typed.
    this.open(draft ?? decodeEntities(this.text()), draft !== null, true);
  }

  private open(text: string, restored: boolean, focus: boolean): void {
    this.draft.set(text);
    this.restored.set(restored);
    this.error.set('');
    this.showPreview.set(false);
    this.editing.set(true);
    if (focus)
      afterNextRender(() => this.textarea()?.nativeElement.focus(), { injector: this.injector });
  }

  protected cancel(): void {
    if (this.saving()) return;
    if (this.draftKey()) this.drafts.clear(this.draftKey());
    this.editing.set(false);
    this.error.set('');
    this.focusEditButton();
  }

  protected async submit(): Promise<void> {
    if (this.saving()) return;
    this.saving.set(true);
    this.error.set('');
    try {
      await this.save()(this.draft());
      if (this.draftKey()) this.drafts.clear(this.draftKey());
      this.editing.set(false);
      this.focusEditButton();
    } catch (error) {
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
