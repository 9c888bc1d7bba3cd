import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { UserDto } from '@response/contracts';
import { EMPTY, expand, map, reduce, shareReplay, type Observable } from 'rxjs';

const PAGE_SIZE = 1000;

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

  /** Everyone the app knows, following the pages of `/core/users`; loaded once per visit. */
  list(): Observable<UserDto[]> {
    const page = (number: number) =>
      this.http
        .get<UsersPage | UserDto[]>('/core/users', {
          params: { page: number, page_size: PAGE_SIZE },
        })
        .pipe(
          map((body) =>
            Array.isArray(body)
              ? { number, results: body, more: false }
              : {
                  number,
                  results: body.results,
                  more: body.next !== null && body.results.length > 0,
                },
          ),
        );
    this.cached ??= page(1).pipe(
      expand((res) => (res.more ? page(res.number + 1) : EMPTY)),
      reduce((all, res) => all.concat(res.results), [] as UserDto[]),
      map((users) => users.filter((user) => !user.deleted)),
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
