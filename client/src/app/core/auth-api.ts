import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AuthMethodsDto,
  LoginRequest,
  MeDto,
  SetupRequest,
  SetupStatusDto,
} from '@response/contracts';
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

  /** 200 while no account exists yet; 404 once one does. */
  setupStatus(): Observable<SetupStatusDto> {
    return this.http.get<SetupStatusDto>('/core/setup');
  }

  /** Creates the first admin account with the setup link's code, and logs in. */
  setup(body: SetupRequest): Observable<MeDto> {
    return this.http.post<MeDto>('/core/setup', body);
  }

  logout(): Observable<unknown> {
    return this.http.post('/core/auth/logout', {});
  }
}
