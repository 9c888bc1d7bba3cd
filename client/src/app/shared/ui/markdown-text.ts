import { Directive, computed, inject, input } from '@angular/core';
import { MarkdownRenderer } from '../markdown';

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/**
 * `<markdown [text]="…">`: stored text (as `/core` returns it) rendered into the
 * element by {@link MarkdownRenderer}, the one pipeline of the app: mentions
 * named, `:fire:` → 🔥, entities decoded once, markdown, sanitized. The HTML is
 * rebuilt only when the text or the names change.
 */
@Directive({
  selector: 'markdown[text]',
  host: { class: 'prose', '[innerHTML]': 'html()' },
})
export class MarkdownText {
  readonly text = input<string | null | undefined>('');
  /** Slack user id → name (see `userNames`), shared by every text of a list. */
  readonly names = input<ReadonlyMap<string, string>>(NO_NAMES);

  private readonly renderer = inject(MarkdownRenderer);
  protected readonly html = computed(() => this.renderer.render(this.text(), this.names()));
}
