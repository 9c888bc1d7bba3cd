import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateTimelineEventRequest,
  Paginated,
  TimelineEntryDto,
  UpdateTimelineEventRequest,
} from '@response/contracts';
import { EMPTY, expand, map, reduce, type Observable } from 'rxjs';
import { ifMatch } from '../core/versions';

const PAGE = 1000;

@Injectable({ providedIn: 'root' })
export class TimelineApi {
  private readonly http = inject(HttpClient);

  /** The whole timeline, following pages until the last. */
  list(incidentId: number): Observable<TimelineEntryDto[]> {
    const page = (offset: number) =>
      this.http
        .get<Paginated<TimelineEntryDto> | TimelineEntryDto[]>(
          `/core/incidents/${incidentId}/timeline/events`,
          {
            params: { limit: PAGE, offset },
          },
        )
        .pipe(
          map((body) =>
            Array.isArray(body)
              ? { offset, results: body, more: false }
              : {
                  offset,
                  results: body.results,
                  more: body.next !== null && body.results.length > 0,
                },
          ),
        );
    return page(0).pipe(
      expand((res) => (res.more ? page(res.offset + res.results.length) : EMPTY)),
      reduce((all, res) => all.concat(res.results), [] as TimelineEntryDto[]),
    );
  }

  create(incidentId: number, body: CreateTimelineEventRequest): Observable<TimelineEntryDto> {
    return this.http.post<TimelineEntryDto>(`/core/incidents/${incidentId}/timeline/events`, body);
  }

  /** Changes the fields in `body`, if the entry is still at `version` (else 412, see `newerVersion`). */
  update(
    incidentId: number,
    eventId: number,
    body: UpdateTimelineEventRequest,
    version: number,
  ): Observable<TimelineEntryDto> {
    return this.http.patch<TimelineEntryDto>(
      `/core/incidents/${incidentId}/timeline/events/${eventId}`,
      body,
      ifMatch(version),
    );
  }

  remove(incidentId: number, eventId: number): Observable<unknown> {
    return this.http.delete(`/core/incidents/${incidentId}/timeline/events/${eventId}`);
  }
}
