import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { STATUS_TEXT, type IncidentStatus } from '@response/contracts';

/** LIVE / RESOLVED / REPORTED: a word and a shape, not only a colour. */
@Component({
  selector: 'app-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="badge" [class]="'badge ' + status()"
    ><span class="dot" aria-hidden="true"></span>{{ text() }}</span
  >`,
  styles: `
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 0.4em;
      padding: 0.15em 0.6em;
      border-radius: 999px;
      font-size: 0.72rem;
      font-weight: 650;
      letter-spacing: 0.06em;
      text-transform: uppercase;
      white-space: nowrap;
      border: 1px solid currentColor;
    }
    .dot {
      width: 0.5em;
      height: 0.5em;
      border-radius: 50%;
      background: currentColor;
    }
    .live {
      color: var(--live);
      background: var(--live-bg);
    }
    .live .dot {
      animation: pulse 1.6s ease-in-out infinite;
    }
    .resolved {
      color: var(--resolved);
      background: var(--resolved-bg);
    }
    .resolved .dot {
      border-radius: 1px;
    }
    .reported {
      color: var(--reported);
      background: var(--reported-bg);
    }
    .reported .dot {
      background: transparent;
      border: 1.5px solid currentColor;
    }
    @keyframes pulse {
      50% {
        opacity: 0.3;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .live .dot {
        animation: none;
      }
    }
  `,
})
export class StatusBadge {
  readonly status = input.required<IncidentStatus>();
  protected readonly text = computed(() =>
    (STATUS_TEXT[this.status()] ?? this.status()).toUpperCase(),
  );
}
