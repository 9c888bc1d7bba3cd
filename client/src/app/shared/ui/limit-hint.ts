import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** From this share of the limit on, the count is shown. */
const SHOW_FROM = 0.8;

/**
 * "41,200 / 50,000 characters" once a text nears its limit, and how much is
 * over when it is past it. Characters are counted as typed (`textLength`).
 */
@Component({
  selector: 'app-limit-hint',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (shown()) {
      <span class="limit" [class.over]="over() > 0" aria-live="polite" data-limit>
        {{ format(length()) }} / {{ format(max()) }} characters
        @if (over() > 0) {
          — {{ format(over()) }} too many
        }
      </span>
    }
  `,
  styles: `
    .limit {
      font-size: 0.78rem;
      color: var(--muted);
      font-variant-numeric: tabular-nums;
    }
    .over {
      color: var(--danger);
      font-weight: 600;
    }
  `,
})
export class LimitHint {
  readonly length = input.required<number>();
  readonly max = input.required<number>();

  protected readonly over = computed(() => Math.max(0, this.length() - this.max()));
  protected readonly shown = computed(() => this.length() >= this.max() * SHOW_FROM);
  protected readonly format = (n: number) => n.toLocaleString('en-GB');
}

/** Why a text cannot be saved, before asking the server; null when it can. */
export function overLimit(what: string, length: number, max: number): string | null {
  if (length <= max) return null;
  const over = (length - max).toLocaleString('en-GB');
  return `The ${what} is ${over} ${length - max === 1 ? 'character' : 'characters'} over its limit of ${max.toLocaleString('en-GB')}. Shorten it, then save.`;
}
