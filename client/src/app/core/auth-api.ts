import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { LoginRequest, MeDto } from '@response/contracts';
import type { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  me(): Observable<MeDto> {
    return this.http.get<MeDto>('/core/auth/me');
  }

  login(body: LoginRequest): Observable<MeDto> {
    return this.http.post<MeDto>('/core/auth/login', body);
  }

  logout(): Observable<unknown> {
    return this.http.post('/core/auth/logout', {});
  }
}
