import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import {
  capitalize,
  SEVERITY_TEXT,
  type InsightSeverity,
  type InsightSpanDto,
  type InsightsDto,
} from '@response/contracts';
import type { ChartConfiguration } from 'chart.js';
import { apiErrorMessage } from '../core/api-error';
import { severityEmoji } from '../shared/severity';
import { InsightsApi, type InsightsQuery } from './insights-api';
import { InsightsChart, type ChartHit } from './insights-chart';
import {
  SEVERITY_COLOURS,
  listSeverity,
  monthLabel,
  parseDay,
  parseSeverities,
  span,
  spanUnit,
} from './insights-format';

const SEVERITIES: readonly InsightSeverity[] = ['1', '2', '3', '4', 'unset'];
const P50 = '#4f46e5';
const P90 = '#a5a0f0';
/** Owners and people shown: the ten with most. */
const TOP = 10;

type ChartName = 'months' | 'duration' | 'lead' | 'owners' | 'people';

const severityName = (s: InsightSeverity) =>
  s === 'unset' ? 'Not set' : capitalize(SEVERITY_TEXT[s]);

function spanChart(span: InsightSpanDto, label: string): ChartConfiguration {
  const unit = spanUnit(span.by_month.flatMap((m) => [m.p50_seconds, m.p90_seconds]));
  const line = (name: string, colour: string, values: (number | null)[]) => ({
    label: `${name} (${unit.name})`,
    data: values.map((v) => (v === null ? null : Math.round((v / unit.seconds) * 10) / 10)),
    borderColor: colour,
    backgroundColor: colour,
    spanGaps: false,
  });
  return {
    type: 'line',
    data: {
      labels: span.by_month.map((m) => monthLabel(m.month)),
      datasets: [
        line(
          `${label} p50`,
          P50,
          span.by_month.map((m) => m.p50_seconds),
        ),
        line(
          `${label} p90`,
          P90,
          span.by_month.map((m) => m.p90_seconds),
        ),
      ],
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: unit.name } } } },
  };
}

function barsByPerson(
  labels: string[],
  datasets: { label: string; colour: string; data: number[] }[],
): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels,
      datasets: datasets.map((d) => ({
        label: d.label,
        data: d.data,
        backgroundColor: d.colour,
      })),
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
}

/**
 * `/insights`: how we are doing at incidents. The range and the severities
 * live in the URL (`?from=&to=&severity=`); every chart can be read as a
 * table; a bar of the monthly chart opens the incident list filtered to that
 * month and severity.
 */
@Component({
  selector: 'app-insights-page',
  imports: [InsightsChart, NgTemplateOutlet, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './insights-page.html',
  styleUrl: './insights-page.css',
})
export class InsightsPage {
  // Query parameters, bound by the router.
  readonly from = input<string>();
  readonly to = input<string>();
  readonly severity = input<string>();

  private readonly api = inject(InsightsApi);
  private readonly router = inject(Router);

  protected readonly severities = SEVERITIES.map((value) => ({
    value,
    text: severityName(value),
    emoji: severityEmoji(value === 'unset' ? null : value),
  }));
  protected readonly spanText = span;
  protected readonly monthLabel = monthLabel;
  protected readonly listSeverity = listSeverity;

  protected readonly query = computed<InsightsQuery>(() => ({
    from: parseDay(this.from()),
    to: parseDay(this.to()),
    severity: parseSeverities(this.severity()),
  }));
  protected readonly chosen = computed(() => new Set(this.query().severity));

  protected readonly insights = rxResource({
    params: () => this.query(),
    stream: ({ params }) => this.api.get(params),
  });
  protected readonly data = computed<InsightsDto | undefined>(() => this.insights.value());
  protected readonly error = computed(() =>
    this.insights.error() ? apiErrorMessage(this.insights.error()) : '',
  );
  protected readonly csvUrl = computed(() => this.api.csvUrl(this.query()));

  /** Which charts are shown as tables. */
  protected readonly tables = signal<ReadonlySet<ChartName>>(new Set());
  protected toggle(name: ChartName): void {
    const next = new Set(this.tables());
    if (next.has(name)) next.delete(name);
    else next.add(name);
    this.tables.set(next);
  }

  protected readonly total = computed(() =>
    (this.data()?.by_month ?? []).reduce((sum, m) => sum + m.total, 0),
  );
  protected readonly raised = computed(() =>
    (this.data()?.severity_changes ?? []).reduce((sum, m) => sum + m.count, 0),
  );
  protected readonly months = computed(() => {
    const data = this.data();
    if (!data) return [];
    return data.by_month.map((m, i) => ({
      ...m,
      raised: data.severity_changes[i]?.count ?? 0,
    }));
  });
  protected readonly owners = computed(() => (this.data()?.actions.by_owner ?? []).slice(0, TOP));
  protected readonly moreOwners = computed(
    () => (this.data()?.actions.by_owner.length ?? 0) - this.owners().length,
  );
  protected readonly ownerName = (user: { display_name: string; full_name: string } | null) =>
    user ? user.display_name || user.full_name : 'Nobody';

  protected readonly monthsChart = computed<ChartConfiguration | null>(() => {
    const data = this.data();
    if (!data) return null;
    return {
      type: 'bar',
      data: {
        labels: data.by_month.map((m) => monthLabel(m.month)),
        datasets: SEVERITIES.map((s) => ({
          label: severityName(s),
          data: data.by_month.map((m) => m.by_severity[s]),
          backgroundColor: SEVERITY_COLOURS[s],
        })),
      },
      options: {
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    };
  });
  protected readonly durationChart = computed(() => {
    const data = this.data();
    return data ? spanChart(data.duration, 'Duration') : null;
  });
  protected readonly leadChart = computed(() => {
    const data = this.data();
    return data ? spanChart(data.time_to_lead, 'Time to lead') : null;
  });
  protected readonly ownersChart = computed(() =>
    this.data()
      ? barsByPerson(
          this.owners().map((o) => this.ownerName(o.user)),
          [
            { label: 'Open', colour: P50, data: this.owners().map((o) => o.open) },
            {
              label: 'Overdue',
              colour: SEVERITY_COLOURS['1'],
              data: this.owners().map((o) => o.overdue),
            },
          ],
        )
      : null,
  );
  protected readonly peopleChart = computed(() => {
    const people = this.data()?.participants ?? [];
    return this.data()
      ? barsByPerson(
          people.map((p) => this.ownerName(p.user)),
          [{ label: 'Incidents', colour: P50, data: people.map((p) => p.incidents) }],
        )
      : null;
  });

  /** A bar of the monthly chart: the incident list for that month and severity. */
  protected openMonth(hit: ChartHit): void {
    const month = this.data()?.by_month[hit.index]?.month;
    const severity = SEVERITIES[hit.dataset];
    if (!month || !severity) return;
    void this.router.navigate(['/'], {
      queryParams: { month, severity: listSeverity(severity) },
    });
  }

  protected setDay(name: 'from' | 'to', value: string): void {
    void this.router.navigate([], {
      queryParams: { [name]: parseDay(value) ?? null },
      queryParamsHandling: 'merge',
    });
  }

  protected setSeverity(value: InsightSeverity, on: boolean): void {
    const next = new Set(this.query().severity);
    if (on) next.add(value);
    else next.delete(value);
    const list = SEVERITIES.filter((s) => next.has(s));
    void this.router.navigate([], {
      queryParams: { severity: list.length ? list.join(',') : null },
      queryParamsHandling: 'merge',
    });
  }

  protected reset(): void {
    void this.router.navigate([], { queryParams: {} });
  }
}
