import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AuthMethodsDto, LoginRequest, MeDto } from '@response/contracts';
import type { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  me(): Observable<MeDto> {
    return this.http.get<MeDto>('/core/auth/me');
  }

  /** How people log in here: password, and a provider to sign in with. */
  methods(): Observable<AuthMethodsDto> {
    return this.http.get<AuthMethodsDto>('/core/auth/methods');
  }

  login(body: LoginRequest): Observable<MeDto> {
    return this.http.post<MeDto>('/core/auth/login', body);
  }

  logout(): Observable<unknown> {
    return this.http.post('/core/auth/logout', {});
  }
}
