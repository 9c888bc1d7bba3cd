import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AccountDto,
  CreateAccountRequest,
  Paginated,
  UpdateAccountRequest,
} from '@response/contracts';
import { map, type Observable } from 'rxjs';

/** Accounts (admins): `/core/accounts`. */
@Injectable({ providedIn: 'root' })
export class AccountsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<AccountDto[]> {
    return this.http
      .get<Paginated<AccountDto>>('/core/accounts', { params: { limit: 1000 } })
      .pipe(map((page) => page.results));
  }

  create(body: CreateAccountRequest): Observable<AccountDto> {
    return this.http.post<AccountDto>('/core/accounts', body);
  }

  update(id: number, body: UpdateAccountRequest): Observable<AccountDto> {
    return this.http.patch<AccountDto>(`/core/accounts/${id}`, body);
  }

  unlock(id: number): Observable<unknown> {
    return this.http.post(`/core/accounts/${id}/unlock`, {});
  }
}
