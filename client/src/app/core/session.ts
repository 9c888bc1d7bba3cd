import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Role, type LoginRequest, type MeDto, type SetupRequest } from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthApi } from './auth-api';

/**
 * Who is logged in. The session itself is an HttpOnly cookie the app never sees;
 * only the CSRF token from `/core/auth/me` is kept, in memory.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly api = inject(AuthApi);
  private readonly state = signal<MeDto | null>(null);
  private loading: Promise<MeDto | null> | null = null;
  /** True while an expired session is being sent to the login page. */
  redirecting = false;

  readonly me = this.state.asReadonly();
  readonly loggedIn = computed(() => this.state() !== null);
  readonly canEdit = computed(() => {
    const role = this.state()?.role;
    return role === Role.Admin || role === Role.Responder;
  });
  readonly isAdmin = computed(() => this.state()?.role === Role.Admin);
  readonly csrfToken = computed(() => this.state()?.csrf_token ?? null);

  /** Loads the current account once; null when logged out. */
  ensureLoaded(): Promise<MeDto | null> {
    if (this.state()) return Promise.resolve(this.state());
    this.loading ??= firstValueFrom(this.api.me()).then(
      (me) => {
        this.state.set(me);
        return me;
      },
      (error: unknown) => {
        this.loading = null;
        if (error instanceof HttpErrorResponse && (error.status === 401 || error.status === 403))
          return null;
        throw error;
      },
    );
    return this.loading;
  }

  async login(body: LoginRequest): Promise<MeDto> {
    await firstValueFrom(this.api.login(body));
    return this.reload();
  }

  /** Creates the first admin account (first start) and is then logged in as it. */
  async setup(body: SetupRequest): Promise<MeDto> {
    await firstValueFrom(this.api.setup(body));
    return this.reload();
  }

  /** Who is logged in, asked again (e.g. after logging in, or after one's own account changed). */
  async reload(): Promise<MeDto> {
    // The login answer may not carry the CSRF token; /me always does.
    const me = await firstValueFrom(this.api.me());
    this.state.set(me);
    this.loading = null;
    return me;
  }

  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.api.logout());
    } finally {
      this.clear();
    }
  }

  clear(): void {
    this.state.set(null);
    this.loading = null;
  }
}
