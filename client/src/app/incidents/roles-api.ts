import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { IncidentDto, SetIncidentRoleRequest, UserRef } from '@response/contracts';
import type { Observable } from 'rxjs';

/** Roles of an incident besides the lead; each change answers the incident as it is now. */
@Injectable({ providedIn: 'root' })
export class RolesApi {
  private readonly http = inject(HttpClient);

  /** Gives `role` to `user`, or clears it with null. */
  set(incidentId: number, role: string, user: UserRef | null): Observable<IncidentDto> {
    const path = `/core/incidents/${incidentId}/roles/${encodeURIComponent(role)}`;
    if (!user) return this.http.delete<IncidentDto>(path);
    return this.http.put<IncidentDto>(path, { user } satisfies SetIncidentRoleRequest);
  }
}
