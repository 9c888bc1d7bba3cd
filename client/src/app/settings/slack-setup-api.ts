import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { SlackCheckDto } from '@response/contracts';
import type { Observable } from 'rxjs';

/** The Slack connection checklist (admins). */
@Injectable({ providedIn: 'root' })
export class SlackSetupApi {
  private readonly http = inject(HttpClient);

  check(): Observable<SlackCheckDto> {
    return this.http.get<SlackCheckDto>('/core/slack/check');
  }
}
