import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createStatusUpdateSchema,
  type CreateStatusUpdateBody,
  type Paginated,
  type StatusUpdateDto,
} from '@response/contracts';
import { CurrentAccount, type RequestAccount } from '../auth/current-account.js';
import { RequestUrl } from '../common/pagination.js';
import { IdPipe, jsonSchema } from '../common/schemas.js';
import { ZodPipe } from '../common/zod-validation.pipe.js';
import { VisibleIncident } from '../incidents/incident-visibility.js';
import { StatusUpdatesService } from './status-updates.service.js';

/** 404s, as for a missing incident, when the caller may not see the incident. */
@ApiTags('updates')
@Controller('core/incidents/:id/updates')
@VisibleIncident({ incidentParam: 'id' })
export class StatusUpdatesController {
  constructor(private readonly updates: StatusUpdatesService) {}

  @Get()
  @ApiOperation({ summary: "An incident's status updates, newest first (?limit=&offset=)" })
  list(
    @Param('id', new IdPipe('Incident')) id: number,
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<StatusUpdateDto>> {
    return this.updates.listFromApi(id, query, url);
  }

  @Post()
  @ApiOperation({
    summary:
      'Post a status update as the caller: stored, put on the timeline, and sent to Slack (responders)',
  })
  @ApiBody({ schema: jsonSchema(createStatusUpdateSchema) })
  create(
    @Param('id', new IdPipe('Incident')) id: number,
    @Body(new ZodPipe(createStatusUpdateSchema)) body: CreateStatusUpdateBody,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<StatusUpdateDto> {
    return this.updates.createFromApi(id, body, account);
  }
}
