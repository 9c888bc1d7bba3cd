import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  capitalize,
  formatIncidentDuration,
  type IncidentDto,
  type UserDto,
} from '@response/contracts';
import { label } from '../../core/users-api';
import { dateTime } from '../../shared/format';
import { severityEmoji, severityLabel } from '../../shared/severity';
import { readableText, userNames } from '../../shared/text';
import { StatusBadge } from '../../shared/ui/status-badge';

/** One incident in the list: severity, name, status, report, lead, start and duration. */
@Component({
  selector: 'app-incident-row',
  imports: [RouterLink, StatusBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let i = incident();
    <a class="row" [routerLink]="['/incident', i.id]">
      <span class="sev" role="img" [attr.aria-label]="severity()" [title]="severity()"
        ><span class="sev-emoji" aria-hidden="true">{{ emoji() }}</span
        ><span class="sev-word" aria-hidden="true">{{ severityWord() }}</span></span
      >
      <span class="main">
        <span class="title">
          <strong class="name">Incident {{ i.id }}</strong>
          <app-status-badge [status]="i.status" />
          @if (i.private) {
            <span class="tag">Private</span>
          }
        </span>
        <span class="report">{{ report() }}</span>
      </span>
      <span class="meta">
        <span class="field"><span class="k">Lead</span> {{ lead() }}</span>
        <span class="field"
          ><span class="k">Started</span>
          <time [attr.datetime]="i.start_time">{{ started() }}</time></span
        >
        <span class="field"><span class="k">Duration</span> {{ duration() }}</span>
      </span>
    </a>
  `,
  styles: `
    .row {
      display: grid;
      grid-template-columns: 5.5rem minmax(0, 1fr) auto;
      gap: 0.25rem 1rem;
      align-items: center;
      padding: 0.9rem 1.1rem;
      color: inherit;
      text-decoration: none;
      border-radius: 10px;
    }
    .row:hover {
      background: var(--hover);
    }
    .sev {
      display: flex;
      align-items: center;
      gap: 0.35rem;
    }
    .sev-emoji {
      font-size: 1.5rem;
      line-height: 1;
    }
    .sev-word {
      font-size: 0.72rem;
      font-weight: 650;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--text-2);
    }
    .main {
      display: grid;
      gap: 0.2rem;
      min-width: 0;
    }
    .title {
      display: flex;
      align-items: center;
      gap: 0.6rem;
      flex-wrap: wrap;
    }
    .name {
      font-weight: 650;
    }
    .report {
      color: var(--text-2);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .tag {
      font-size: 0.72rem;
      color: var(--muted);
      border: 1px dashed var(--line-strong);
      border-radius: 999px;
      padding: 0 0.5em;
    }
    .meta {
      display: grid;
      grid-template-columns: 9rem 11rem 5rem;
      gap: 1rem;
      font-size: 0.875rem;
      color: var(--text-2);
    }
    .field {
      display: grid;
    }
    .k {
      font-size: 0.7rem;
      text-transform: uppercase;
      letter-spacing: 0.06em;
      color: var(--muted);
      font-weight: 600;
    }
    @media (max-width: 800px) {
      .row {
        grid-template-columns: minmax(0, 1fr);
      }
      .sev-emoji {
        font-size: 1.15rem;
      }
      .meta {
        grid-column: 1;
        grid-template-columns: repeat(3, auto);
        justify-content: start;
        gap: 0.4rem 1.25rem;
      }
      .report {
        white-space: normal;
      }
    }
  `,
})
export class IncidentRow {
  readonly incident = input.required<IncidentDto>();
  /** Names for Slack mentions in the report. */
  readonly users = input<readonly UserDto[]>([]);

  protected readonly emoji = computed(() => severityEmoji(this.incident().severity));
  protected readonly severity = computed(
    () => `Severity: ${severityLabel(this.incident().severity)}`,
  );
  protected readonly severityWord = computed(() =>
    capitalize(severityLabel(this.incident().severity)),
  );
  private readonly names = computed(() => userNames(this.users()));
  protected readonly report = computed(() => readableText(this.incident().report, this.names()));
  protected readonly lead = computed(() => label(this.incident().lead) || '—');
  protected readonly started = computed(() => dateTime(this.incident().start_time));
  protected readonly duration = computed(() => formatIncidentDuration(this.incident()));
}
