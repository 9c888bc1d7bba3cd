import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ChannelMessageDto, Paginated, TimelineEntryDto } from '@response/contracts';
import { concat, filter, from, map, mergeMap, of, scan, type Observable } from 'rxjs';

/** The first page is small, so that the first messages show at once. */
export const FIRST_PAGE = 100;
/** The largest page the API gives. */
export const PAGE = 1000;
/** Pages asked for at a time after the first. */
const CONCURRENT = 3;

/** Messages as they arrive: each chunk follows the one before, oldest first. */
export interface MessagesChunk {
  /** How many messages there are (or match) in all. */
  count: number;
  messages: ChannelMessageDto[];
  /** The last chunk. */
  done: boolean;
}

/** The kept conversation of an incident's comms channel. */
@Injectable({ providedIn: 'root' })
export class MessagesApi {
  private readonly http = inject(HttpClient);

  /**
   * Every message (or those matching `search`), oldest first, in chunks: the
   * first FIRST_PAGE messages, then the rest in pages of PAGE, asked for
   * CONCURRENT at a time and handed on in order. The pages are those counted
   * by the first answer: messages posted while they load come with the next load.
   */
  stream(incidentId: number, search = ''): Observable<MessagesChunk> {
    const page = (offset: number, limit: number) =>
      this.http.get<Paginated<ChannelMessageDto>>(`/core/incidents/${incidentId}/messages`, {
        params: { limit, offset, ...(search ? { search } : {}) },
      });
    return page(0, FIRST_PAGE).pipe(
      mergeMap((first) => {
        const offsets: number[] = [];
        if (first.next !== null)
          for (let offset = first.results.length; offset < first.count; offset += PAGE)
            offsets.push(offset);
        const head = of<MessagesChunk>({
          count: first.count,
          messages: first.results,
          done: offsets.length === 0,
        });
        const rest = from(offsets).pipe(
          mergeMap(
            (offset, index) => page(offset, PAGE).pipe(map((body) => ({ index, body }))),
            CONCURRENT,
          ),
          // A page that arrives before those ahead of it waits for them.
          scan(
            (state, { index, body }) => {
              const waiting = new Map(state.waiting).set(index, body);
              const ready: Paginated<ChannelMessageDto>[] = [];
              let next = state.next;
              for (let body = waiting.get(next); body; body = waiting.get(next)) {
                ready.push(body);
                waiting.delete(next++);
              }
              return { next, waiting, ready };
            },
            {
              next: 0,
              waiting: new Map<number, Paginated<ChannelMessageDto>>(),
              ready: [] as Paginated<ChannelMessageDto>[],
            },
          ),
          filter((state) => state.ready.length > 0),
          map((state): MessagesChunk => ({
            count: state.ready.at(-1)!.count,
            messages: state.ready.flatMap((body) => body.results),
            done: state.next === offsets.length,
          })),
        );
        return concat(head, rest);
      }),
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
