import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChannelMessageDto, Paginated } from '@response/contracts';
import { RequestUrl } from '../common/pagination.js';
import { IdPipe } from '../common/schemas.js';
import { VisibleIncident } from '../incidents/incident-visibility.js';
import { MessagesService } from './messages.service.js';

/** 404s, as for a missing incident, when the caller may not see the incident. */
@ApiTags('messages')
@Controller('core/incidents/:id/messages')
@VisibleIncident({ incidentParam: 'id' })
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOperation({
    summary:
      "The incident channel's messages, oldest first (?search=&since=&until=&thread=&limit=&offset=)",
  })
  list(
    @Param('id', new IdPipe('Incident')) id: number,
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<ChannelMessageDto>> {
    return this.messages.listFromApi(id, query, url);
  }
}
