import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { IncidentStatus, SEVERITIES, SEVERITY_TEXT } from '@response/contracts';
import { map } from 'rxjs';
import { apiErrorMessage } from '../../core/api-error';
import { Session } from '../../core/session';
import { severityEmoji } from '../../shared/severity';
import { IncidentRow } from '../incident-row/incident-row';
import { IncidentsApi, type IncidentPage } from '../incidents-api';
import { matchesFilter, parseMonth, type IncidentFilter } from './incident-filter';

const PAGE_SIZE = 25;
/**
 * The API filters by month only; status, severity and text are matched here over
 * the most recent incidents, up to this many.
 */
const FILTER_WINDOW = 500;

@Component({
  selector: 'app-incident-list',
  imports: [IncidentRow, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './incident-list.html',
  styleUrl: './incident-list.css',
})
export class IncidentList {
  // Query parameters, bound by the router: a filtered view is a shareable URL.
  readonly status = input<string>();
  readonly severity = input<string>();
  readonly month = input<string>();
  readonly q = input<string>();
  readonly page = input<string>();

  private readonly api = inject(IncidentsApi);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);

  protected readonly statuses = Object.values(IncidentStatus);
  protected readonly severities = SEVERITIES.map((value) => ({ value, text: SEVERITY_TEXT[value], emoji: severityEmoji(value) }));

  protected readonly filter = computed<IncidentFilter>(() => ({
    status: this.statuses.find((s) => s === this.status()),
    severity: this.severity() === 'none' ? 'none' : SEVERITIES.find((s) => s === this.severity()),
    month: parseMonth(this.month()) ? this.month() : undefined,
    search: this.q()?.trim() || undefined,
  }));
  /** Status, severity or text filters are matched in the browser. */
  private readonly localFilter = computed(() => {
    const f = this.filter();
    return Boolean(f.status || f.severity || f.search);
  });
  protected readonly filtered = computed(() => {
    const f = this.filter();
    return Boolean(f.status || f.severity || f.search || f.month);
  });
  protected readonly pageNumber = computed(() => Math.max(1, Math.floor(Number(this.page())) || 1));

  protected readonly incidents = rxResource({
    params: () => ({ filter: this.filter(), local: this.localFilter(), page: this.pageNumber() }),
    stream: ({ params }) => {
      const month = parseMonth(params.filter.month);
      const [limit, offset] = params.local ? [FILTER_WINDOW, 0] : [PAGE_SIZE, (params.page - 1) * PAGE_SIZE];
      const source = month ? this.api.byMonth(month[0], month[1], limit, offset) : this.api.list(limit, offset);
      return source.pipe(map((page) => this.applyLocal(page, params.filter, params.local, params.page)));
    },
  });

  protected readonly rows = computed(() => this.incidents.value()?.results ?? []);
  protected readonly total = computed(() => this.incidents.value()?.count ?? 0);
  protected readonly truncated = computed(() => this.incidents.value()?.truncated ?? false);
  protected readonly pages = computed(() => Math.max(1, Math.ceil(this.total() / PAGE_SIZE)));
  protected readonly error = computed(() => (this.incidents.error() ? apiErrorMessage(this.incidents.error()) : ''));
  protected readonly skeletons = Array.from({ length: 6 }, (_, i) => i);

  private applyLocal(page: IncidentPage, filter: IncidentFilter, local: boolean, pageNumber: number) {
    if (!local) return { ...page, truncated: false };
    const matching = page.results.filter((incident) => matchesFilter(incident, filter));
    const start = (pageNumber - 1) * PAGE_SIZE;
    return { count: matching.length, results: matching.slice(start, start + PAGE_SIZE), truncated: page.count > page.results.length };
  }

  protected setFilter(name: 'status' | 'severity' | 'month' | 'q', value: string): void {
    void this.router.navigate([], {
      queryParams: { [name]: value || null, page: null },
      queryParamsHandling: 'merge',
      replaceUrl: name === 'q',
    });
  }

  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  protected search(value: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.setFilter('q', value.trim()), 250);
  }

  protected clearFilters(): void {
    void this.router.navigate([], { queryParams: {} });
  }

  protected goTo(page: number): void {
    void this.router.navigate([], { queryParams: { page: page > 1 ? page : null }, queryParamsHandling: 'merge' });
  }
}
