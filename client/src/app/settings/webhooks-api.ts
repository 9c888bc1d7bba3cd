import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateWebhookRequest,
  Paginated,
  UpdateWebhookRequest,
  WebhookCreatedDto,
  WebhookDeliveryDto,
  WebhookDto,
} from '@response/contracts';
import type { Observable } from 'rxjs';

/** Webhook endpoints and their deliveries (admins). */
@Injectable({ providedIn: 'root' })
export class WebhooksApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Paginated<WebhookDto>> {
    return this.http.get<Paginated<WebhookDto>>('/core/webhooks', { params: { limit: 1000 } });
  }

  create(body: CreateWebhookRequest): Observable<WebhookCreatedDto> {
    return this.http.post<WebhookCreatedDto>('/core/webhooks', body);
  }

  update(id: number, body: UpdateWebhookRequest): Observable<WebhookDto> {
    return this.http.patch<WebhookDto>(`/core/webhooks/${id}`, body);
  }

  remove(id: number): Observable<void> {
    return this.http.delete<void>(`/core/webhooks/${id}`);
  }

  deliveries(id: number): Observable<Paginated<WebhookDeliveryDto>> {
    return this.http.get<Paginated<WebhookDeliveryDto>>(`/core/webhooks/${id}/deliveries`, {
      params: { limit: 50 },
    });
  }

  retry(id: number, deliveryId: number): Observable<WebhookDeliveryDto> {
    return this.http.post<WebhookDeliveryDto>(
      `/core/webhooks/${id}/deliveries/${deliveryId}/retry`,
      {},
    );
  }
}
