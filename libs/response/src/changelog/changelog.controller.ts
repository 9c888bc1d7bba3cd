import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { eventsWindowQuery, type ChangeLogEntryDto, type Paginated } from '@response/contracts';
import { ValidationError } from '../common/errors.js';
import { limitOffsetPage, parseLimitOffset, RequestUrl } from '../common/pagination.js';
import { parseOrThrow } from '../common/zod-validation.pipe.js';
import { ChangeLogEntrySerializer } from './changelog-entry.serializer.js';
import { ChangeLogReader } from './changelog-reader.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;

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
  async list(
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<ChangeLogEntryDto>> {
    const page = parseLimitOffset(query);
    const window = parseOrThrow(eventsWindowQuery, { from: query.from, to: query.to });
    const to = window.to ?? new Date();
    const from = window.from ?? new Date(to.getTime() - DAY_MS);
    if (from > to) throw new ValidationError({ from: 'must not be after to' });
    const { count, events } = await this.events.list(from, to, page.offset, page.limit);
    return limitOffsetPage(url, page, count, events.map(ChangeLogEntrySerializer.toDto));
  }
}
