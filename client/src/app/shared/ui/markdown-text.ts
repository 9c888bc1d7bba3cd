import { Directive, computed, inject, input } from '@angular/core';
import { unslackify } from '@response/contracts';
import { emoji } from '../emoji';
import { MarkdownRenderer } from '../markdown';

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/**
 * `<markdown [text]="…">`: markdown written in Slack or on the web, made readable
 * (`<@U1>` → `@name`, `:fire:` → 🔥) and rendered synchronously into the element,
 * sanitized. For lists of many texts, where a component per text costs too much;
 * the HTML is rebuilt only when the readable text changes.
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
  private readonly readable = computed(() =>
    unslackify(this.text(), { userName: (id) => this.names().get(id), emoji }),
  );
  protected readonly html = computed(() => this.renderer.render(this.readable()));
}
