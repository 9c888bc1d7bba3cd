import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Paginated, StatusUpdateDto } from '@response/contracts';
import { map, type Observable } from 'rxjs';

/** Status updates for stakeholders (`/core/incidents/:id/updates`), newest first. */
@Injectable({ providedIn: 'root' })
export class UpdatesApi {
  private readonly http = inject(HttpClient);

  /** The latest update, or null before the first. */
  latest(incidentId: number): Observable<StatusUpdateDto | null> {
    return this.http
      .get<Paginated<StatusUpdateDto>>(`/core/incidents/${incidentId}/updates`, {
        params: { limit: 1 },
      })
      .pipe(map((page) => page.results[0] ?? null));
  }

  post(incidentId: number, text: string): Observable<StatusUpdateDto> {
    return this.http.post<StatusUpdateDto>(`/core/incidents/${incidentId}/updates`, { text });
  }
}
