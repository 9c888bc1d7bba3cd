import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateIncidentRequest,
  IncidentDto,
  Paginated,
  ParticipantDto,
  UpdateIncidentRequest,
} from '@response/contracts';
import { map, type Observable } from 'rxjs';

export interface IncidentPage {
  count: number;
  results: IncidentDto[];
}

function toPage(body: Paginated<IncidentDto> | IncidentDto[]): IncidentPage {
  return Array.isArray(body)
    ? { count: body.length, results: body }
    : { count: body.count, results: body.results };
}

@Injectable({ providedIn: 'root' })
export class IncidentsApi {
  private readonly http = inject(HttpClient);

  /** Newest first by report time; `filters` are `status`, `severity` and `search`. */
  list(
    limit: number,
    offset: number,
    filters: Record<string, string> = {},
  ): Observable<IncidentPage> {
    return this.http
      .get<Paginated<IncidentDto>>('/core/incidents', { params: { ...filters, limit, offset } })
      .pipe(map(toPage));
  }

  /** Incidents reported in one month (`month` is 1-12), with the same filters as {@link list}. */
  byMonth(
    year: number,
    month: number,
    limit: number,
    offset: number,
    filters: Record<string, string> = {},
  ): Observable<IncidentPage> {
    return this.http
      .get<Paginated<IncidentDto> | IncidentDto[]>(`/core/incidents/bymonth/${year}/${month}`, {
        params: { ...filters, limit, offset },
      })
      .pipe(map(toPage));
  }

  get(id: number): Observable<IncidentDto> {
    return this.http.get<IncidentDto>(`/core/incidents/${id}`);
  }

  create(body: CreateIncidentRequest): Observable<IncidentDto> {
    return this.http.post<IncidentDto>('/core/incidents', body);
  }

  update(id: number, body: UpdateIncidentRequest): Observable<IncidentDto> {
    return this.http.patch<IncidentDto>(`/core/incidents/${id}`, body);
  }

  /** Top participants by message count. */
  participants(id: number): Observable<ParticipantDto[]> {
    return this.http
      .get<ParticipantDto[] | Paginated<ParticipantDto>>(`/core/incidents/${id}/participants`)
      .pipe(map((body) => (Array.isArray(body) ? body : body.results)));
  }

  /** The report as the server renders it; with `transcript`, the channel's conversation follows. */
  reportMarkdown(id: number, transcript: boolean): Observable<string> {
    return this.http.get(`/core/incidents/${id}/report.md`, {
      params: transcript ? { transcript: 1 } : {},
      responseType: 'text',
    });
  }
}
