import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ChannelMessageDto, Paginated, TimelineEntryDto } from '@response/contracts';
import { EMPTY, expand, map, reduce, type Observable } from 'rxjs';

const PAGE = 1000;

/** The kept conversation of an incident's comms channel. */
@Injectable({ providedIn: 'root' })
export class MessagesApi {
  private readonly http = inject(HttpClient);

  /** Every message (or those matching `search`), oldest first, following pages until the last. */
  list(incidentId: number, search = ''): Observable<ChannelMessageDto[]> {
    const page = (offset: number) =>
      this.http
        .get<Paginated<ChannelMessageDto>>(`/core/incidents/${incidentId}/messages`, {
          params: { limit: PAGE, offset, ...(search ? { search } : {}) },
        })
        .pipe(
          map((body) => ({
            offset,
            results: body.results,
            more: body.next !== null && body.results.length > 0,
          })),
        );
    return page(0).pipe(
      expand((res) => (res.more ? page(res.offset + res.results.length) : EMPTY)),
      reduce((all, res) => all.concat(res.results), [] as ChannelMessageDto[]),
    );
  }

  /** Adds a message to the timeline; adding it again answers the same entry. */
  addToTimeline(incidentId: number, ts: string): Observable<TimelineEntryDto> {
    return this.http.post<TimelineEntryDto>(
      `/core/incidents/${incidentId}/messages/${encodeURIComponent(ts)}/timeline`,
      {},
    );
  }
}
