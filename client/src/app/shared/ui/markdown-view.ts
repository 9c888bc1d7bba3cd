import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { unslackify, type UserDto } from '@response/contracts';
import { MarkdownComponent } from 'ngx-markdown';
import { emoji } from '../emoji';

/**
 * Markdown written in Slack or on the web, made readable (`<@U1>` → `@name`,
 * `:fire:` → 🔥) and rendered by ngx-markdown through Angular's HTML sanitizer.
 */
@Component({
  selector: 'app-markdown-view',
  imports: [MarkdownComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<markdown class="prose" [data]="readable()" />`,
})
export class MarkdownView {
  readonly text = input<string | null | undefined>('');
  readonly users = input<readonly UserDto[]>([]);

  private readonly names = computed(
    () => new Map(this.users().map((u) => [u.external_id, u.display_name || u.full_name])),
  );
  protected readonly readable = computed(() =>
    unslackify(this.text(), { userName: (id) => this.names().get(id), emoji }),
  );
}
