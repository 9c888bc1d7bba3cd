import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  capitalize,
  type IncidentDto,
  IncidentStatus,
  SEVERITIES,
  SEVERITY_TEXT,
  STATUS_TEXT,
} from '@response/contracts';
import { catchError, of } from 'rxjs';
import { apiErrorMessage } from '../../core/api-error';
import { LiveApi } from '../../core/live';
import { Session } from '../../core/session';
import { UsersApi } from '../../core/users-api';
import { severityEmoji } from '../../shared/severity';
import { IncidentRow } from '../incident-row/incident-row';
import { IncidentsApi } from '../incidents-api';
import { filterParams, parseFilter, parseMonth, type IncidentFilter } from './incident-filter';

const PAGE_SIZE = 25;

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

  protected readonly statuses = Object.values(IncidentStatus).map((value) => ({
    value,
    text: capitalize(STATUS_TEXT[value] ?? value),
  }));
  protected readonly severities = SEVERITIES.map((value) => ({
    value,
    text: capitalize(SEVERITY_TEXT[value]),
    emoji: severityEmoji(value),
  }));
  /** Names for Slack mentions in reports. */
  protected readonly users = toSignal(
    inject(UsersApi)
      .list()
      .pipe(catchError(() => of([]))),
    { initialValue: [] },
  );

  protected readonly filter = computed<IncidentFilter>(() =>
    parseFilter({
      status: this.status(),
      severity: this.severity(),
      month: this.month(),
      q: this.q(),
    }),
  );
  protected readonly filtered = computed(() => {
    const f = this.filter();
    return Boolean(f.status || f.severity || f.search || f.month);
  });
  /** The page asked for in the URL (1 when missing or malformed). */
  protected readonly pageNumber = computed(() => Math.max(1, Math.floor(Number(this.page())) || 1));

  /** Status, severity and text are filtered by the API, so paging and counts are exact. */
  protected readonly incidents = rxResource({
    params: () => ({ filter: this.filter(), page: this.pageNumber() }),
    stream: ({ params }) => {
      const month = parseMonth(params.filter.month);
      const offset = (params.page - 1) * PAGE_SIZE;
      const query = filterParams(params.filter);
      return month
        ? this.api.byMonth(month[0], month[1], PAGE_SIZE, offset, query)
        : this.api.list(PAGE_SIZE, offset, query);
    },
  });

  constructor() {
    // Changes from Slack, other people and other processes show up in place.
    inject(LiveApi)
      .incidents()
      .pipe(takeUntilDestroyed())
      .subscribe((incident) => this.applyLive(incident));
  }

  /**
   * A changed incident replaces its row; a new one appears on top of the first,
   * unfiltered page. Other pages and filtered views wait for the next load, so
   * nothing moves under the reader's eyes.
   */
  private applyLive(incident: IncidentDto): void {
    const page = this.incidents.value();
    if (!page) return;
    const at = page.results.findIndex((row) => row.id === incident.id);
    if (at !== -1) {
      const results = [...page.results];
      results[at] = incident;
      this.incidents.set({ ...page, results });
    } else if (
      this.pageNumber() === 1 &&
      !this.filtered() &&
      page.results.every((row) => row.id < incident.id)
    ) {
      this.incidents.set({
        count: page.count + 1,
        results: [incident, ...page.results].slice(0, PAGE_SIZE),
      });
    }
  }

  protected readonly rows = computed(() => this.incidents.value()?.results ?? []);
  protected readonly total = computed(() => this.incidents.value()?.count ?? 0);
  protected readonly pages = computed(() => Math.max(1, Math.ceil(this.total() / PAGE_SIZE)));
  /** A page past the end (`?page=99`): there are incidents, just not this many. */
  protected readonly pastEnd = computed(
    () => this.rows().length === 0 && this.total() > 0 && this.pageNumber() > 1,
  );
  protected readonly error = computed(() =>
    this.incidents.error() ? apiErrorMessage(this.incidents.error()) : '',
  );
  protected readonly skeletons = Array.from({ length: 6 }, (_, i) => i);

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
    void this.router.navigate([], {
      queryParams: { page: page > 1 ? page : null },
      queryParamsHandling: 'merge',
    });
  }
}
