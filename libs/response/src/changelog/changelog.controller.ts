import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ChangeLogEntryDto, Paginated } from '@response/contracts';
import { RequestUrl } from '../common/pagination.js';
import { ChangeLogReader } from './changelog-reader.service.js';

@ApiTags('events')
@Controller('core/events')
export class ChangeLogController {
  constructor(private readonly events: ChangeLogReader) {}

  @Get()
  @ApiOperation({
    summary: 'The change log between ?from= and ?to= (default: the last 24 hours), oldest first',
  })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601' })
  list(
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<ChangeLogEntryDto>> {
    return this.events.listFromApi(query, url);
  }
}
