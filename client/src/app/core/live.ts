import { Injectable, NgZone, inject } from '@angular/core';
import type { IncidentDto } from '@response/contracts';
import { Observable } from 'rxjs';

/** Longest wait before connecting again after the stream failed for good. */
const MAX_RETRY_MS = 30_000;

/**
 * Live updates from `/core`'s Server-Sent Events streams. The browser's
 * EventSource reconnects by itself after a network drop or a server restart;
 * when it gives up (an error answer), this connects again with a growing
 * delay until the subscriber leaves. The server sends the current state on
 * every (re)connection, so nothing missed while away stays missed.
 */
@Injectable({ providedIn: 'root' })
export class LiveApi {
  private readonly zone = inject(NgZone);

  /** The incident, each time it (or anything of it) changes. */
  incident(id: number): Observable<IncidentDto> {
    return this.stream(`/core/incidents/${id}/stream`);
  }

  /** Every incident the caller can see, as it changes. */
  incidents(): Observable<IncidentDto> {
    return this.stream('/core/stream');
  }

  private stream(url: string): Observable<IncidentDto> {
    return new Observable<IncidentDto>((subscriber) => {
      if (typeof EventSource === 'undefined') return undefined;
      let source: EventSource | null = null;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let delay = 1000;
      let closed = false;
      const connect = () => {
        source = new EventSource(url, { withCredentials: true });
        source.addEventListener('open', () => (delay = 1000));
        source.addEventListener('incident', (event) => {
          let incident: IncidentDto;
          try {
            incident = JSON.parse((event as MessageEvent<string>).data) as IncidentDto;
          } catch {
            return;
          }
          this.zone.run(() => subscriber.next(incident));
        });
        source.addEventListener('error', () => {
          // CLOSED: the browser will not try again by itself (an error answer, e.g. after a restart).
          if (closed || source?.readyState !== EventSource.CLOSED) return;
          source.close();
          retry = setTimeout(connect, delay);
          delay = Math.min(delay * 2, MAX_RETRY_MS);
        });
      };
      connect();
      return () => {
        closed = true;
        clearTimeout(retry);
        source?.close();
      };
    });
  }
}
