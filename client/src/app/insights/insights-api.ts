import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { InsightsDto } from '@response/contracts';
import type { Observable } from 'rxjs';

/** What the insights are asked for: days `YYYY-MM-DD` and severities (`1`..`4`, `unset`). */
export interface InsightsQuery {
  from?: string;
  to?: string;
  severity?: string[];
}

function params(query: InsightsQuery): Record<string, string> {
  const result: Record<string, string> = {};
  if (query.from) result['from'] = query.from;
  if (query.to) result['to'] = query.to;
  if (query.severity?.length) result['severity'] = query.severity.join(',');
  return result;
}

/** `/core/insights`. */
@Injectable({ providedIn: 'root' })
export class InsightsApi {
  private readonly http = inject(HttpClient);

  get(query: InsightsQuery): Observable<InsightsDto> {
    return this.http.get<InsightsDto>('/core/insights', { params: params(query) });
  }

  /** The CSV of the same incidents, one row each (a plain link: the session cookie goes along). */
  csvUrl(query: InsightsQuery): string {
    const search = new URLSearchParams({ ...params(query), format: 'csv' });
    return `/core/insights/incidents?${search.toString()}`;
  }
}
