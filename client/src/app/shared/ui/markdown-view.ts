import {
  ChangeDetectionStrategy,
  Component,
  booleanAttribute,
  computed,
  input,
} from '@angular/core';
import { toStoredText, type UserDto } from '@response/contracts';
import { userNames } from '../text';
import { MarkdownText } from './markdown-text';

/**
 * Markdown written in Slack or on the web, rendered like every other text of the
 * app (see `MarkdownRenderer`). With `typed`, the text is a draft as someone
 * types it: it is put in the form the server stores, then rendered the same way,
 * so a preview shows exactly what the saved text will show.
 */
@Component({
  selector: 'app-markdown-view',
  imports: [MarkdownText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<markdown [text]="stored()" [names]="names()" />`,
})
export class MarkdownView {
  readonly text = input<string | null | undefined>('');
  readonly users = input<readonly UserDto[]>([]);
  /** `text` is what is being typed, not stored text. */
  readonly typed = input(false, { transform: booleanAttribute });

  protected readonly names = computed(() => userNames(this.users()));
  protected readonly stored = computed(() => {
    const text = this.text() ?? '';
    return this.typed() ? toStoredText(text) : text;
  });
}
