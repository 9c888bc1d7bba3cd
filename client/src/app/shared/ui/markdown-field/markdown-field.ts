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
} from '@angular/core';
import type { UserDto } from '@response/contracts';
import { apiErrorMessage } from '../../../core/api-error';
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
export class MarkdownField {
  /** Section title, also the accessible name of the editor. */
  readonly label = input.required<string>();
  readonly text = input<string | null | undefined>('');
  readonly users = input<readonly UserDto[]>([]);
  readonly editable = input(false);
  readonly placeholder = input('Nothing written yet.');
  /** Persists the new text; a rejection keeps the editor open and shows why. */
  readonly save = input.required<(text: string) => Promise<unknown>>();

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

  protected edit(): void {
    this.draft.set(this.text() ?? '');
    this.error.set('');
    this.showPreview.set(false);
    this.editing.set(true);
    afterNextRender(() => this.textarea()?.nativeElement.focus(), { injector: this.injector });
  }

  protected cancel(): void {
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
