import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { UserDto } from '@response/contracts';
import { map, shareReplay, type Observable } from 'rxjs';

interface UsersPage {
  count: number;
  next: string | null;
  previous: string | null;
  results: UserDto[];
}

@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);
  private cached: Observable<UserDto[]> | null = null;

  /** Everyone the app knows (one page of up to 1000), loaded once per visit. */
  list(): Observable<UserDto[]> {
    this.cached ??= this.http.get<UsersPage | UserDto[]>('/core/users', { params: { page_size: 1000 } }).pipe(
      map((page) => (Array.isArray(page) ? page : page.results).filter((user) => !user.deleted)),
      map((users) => [...users].sort((a, b) => label(a).localeCompare(label(b)))),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.cached;
  }

  /** Forget the list, e.g. after logging out. */
  reset(): void {
    this.cached = null;
  }
}

/** How a user is named on screen. */
export function label(user: UserDto | null | undefined): string {
  if (!user) return '';
  return user.display_name || user.full_name || user.external_id;
}
