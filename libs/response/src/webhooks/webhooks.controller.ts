import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createWebhookSchema,
  patchWebhookSchema,
  Role,
  WEBHOOK_EVENTS,
  type CreateWebhookBody,
  type Paginated,
  type PatchWebhookBody,
  type WebhookCreatedDto,
  type WebhookDeliveryDto,
  type WebhookDto,
  type WebhookEvent,
} from '@response/contracts';
import { Roles } from '../auth/roles.decorator.js';
import { RequestUrl } from '../common/pagination.js';
import { IdPipe, jsonSchema } from '../common/schemas.js';
import { ZodPipe } from '../common/zod-validation.pipe.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('webhooks')
@Controller('core/webhooks')
@Roles(Role.Admin)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'Webhook endpoints (admins)' })
  list(
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<WebhookDto>> {
    return this.webhooks.list(query, url);
  }

  @Get('events')
  @ApiOperation({ summary: 'The events an endpoint can receive' })
  events(): readonly WebhookEvent[] {
    return WEBHOOK_EVENTS;
  }

  @Post()
  @ApiOperation({
    summary: 'Register an endpoint; the answer carries its signing secret, shown only this once',
  })
  @ApiBody({ schema: jsonSchema(createWebhookSchema) })
  create(
    @Body(new ZodPipe(createWebhookSchema)) body: CreateWebhookBody,
  ): Promise<WebhookCreatedDto> {
    return this.webhooks.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One endpoint (without its secret)' })
  get(@Param('id', new IdPipe('Webhook')) id: number): Promise<WebhookDto> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an endpoint; `enabled: true` turns it on again' })
  @ApiBody({ schema: jsonSchema(patchWebhookSchema) })
  update(
    @Param('id', new IdPipe('Webhook')) id: number,
    @Body(new ZodPipe(patchWebhookSchema)) body: PatchWebhookBody,
  ): Promise<WebhookDto> {
    return this.webhooks.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint and its deliveries' })
  remove(@Param('id', new IdPipe('Webhook')) id: number): Promise<void> {
    return this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Deliveries to an endpoint, newest first, with each try' })
  deliveries(
    @Param('id', new IdPipe('Webhook')) id: number,
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<WebhookDeliveryDto>> {
    return this.webhooks.listDeliveries(id, query, url);
  }

  @Post(':id/deliveries/:delivery_id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again' })
  retry(
    @Param('id', new IdPipe('Webhook')) id: number,
    @Param('delivery_id', new IdPipe('Delivery')) deliveryId: number,
  ): Promise<WebhookDeliveryDto> {
    return this.webhooks.retry(id, deliveryId);
  }
}
