import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ActionDto, CreateActionRequest, UpdateActionRequest } from '@response/contracts';
import type { Observable } from 'rxjs';
import { ifMatch } from '../core/versions';

@Injectable({ providedIn: 'root' })
export class ActionsApi {
  private readonly http = inject(HttpClient);

  create(incidentId: number, body: CreateActionRequest): Observable<ActionDto> {
    return this.http.post<ActionDto>(`/core/incidents/${incidentId}/actions`, body);
  }

  /** Changes the fields in `body`, if the action is still at `version` (else 412, see `newerVersion`). */
  update(
    incidentId: number,
    actionId: number,
    body: UpdateActionRequest,
    version: number,
  ): Observable<ActionDto> {
    return this.http.patch<ActionDto>(
      `/core/incidents/${incidentId}/actions/${actionId}`,
      body,
      ifMatch(version),
    );
  }

  remove(incidentId: number, actionId: number): Observable<unknown> {
    return this.http.delete(`/core/incidents/${incidentId}/actions/${actionId}`);
  }
}
