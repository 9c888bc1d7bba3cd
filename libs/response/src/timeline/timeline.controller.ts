import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createTimelineEntrySchema,
  patchTimelineEntrySchema,
  putTimelineEntrySchema,
  type CreateTimelineEntryBody,
  type Paginated,
  type PatchTimelineEntryBody,
  type TimelineEntryDto,
} from '@response/contracts';
import { limitOffsetPage, parseLimitOffset, RequestUrl } from '../common/pagination.js';
import { IdPipe, jsonSchema } from '../common/schemas.js';
import { ZodPipe } from '../common/zod-validation.pipe.js';
import { VisibleIncident } from '../incidents/incident-visibility.js';
import { TimelineService } from './timeline.service.js';

const toInput = (dto: PatchTimelineEntryBody) => ({
  timestamp: dto.timestamp,
  text: dto.text,
  eventType: dto.event_type,
  metadata: dto.metadata,
});

/** Every route 404s, as for a missing incident, when the caller may not see the incident. */
@ApiTags('timeline')
@Controller('core/incidents/:incidentId/timeline/events')
@VisibleIncident({ incidentParam: 'incidentId' })
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get()
  @ApiOperation({ summary: "An incident's timeline in time order (?limit=&offset=)" })
  async list(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<TimelineEntryDto>> {
    const page = parseLimitOffset(query);
    const { count, events } = await this.timeline.listPage(incidentId, page.offset, page.limit);
    return limitOffsetPage(url, page, count, await this.timeline.toDtos(events));
  }

  @Post()
  @ApiOperation({ summary: 'Add a timeline entry (`metadata` optional)' })
  @ApiBody({ schema: jsonSchema(createTimelineEntrySchema) })
  async create(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Body(new ZodPipe(createTimelineEntrySchema)) dto: CreateTimelineEntryBody,
  ): Promise<TimelineEntryDto> {
    return this.timeline.toDto(
      await this.timeline.create(incidentId, {
        ...toInput(dto),
        timestamp: dto.timestamp,
        text: dto.text,
      }),
    );
  }

  @Get(':eventId')
  async get(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('eventId', new IdPipe('Timeline event')) eventId: number,
  ): Promise<TimelineEntryDto> {
    return this.timeline.toDto(await this.timeline.findOne(incidentId, eventId));
  }

  @Put(':eventId')
  @ApiBody({ schema: jsonSchema(putTimelineEntrySchema) })
  async put(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('eventId', new IdPipe('Timeline event')) eventId: number,
    @Body(new ZodPipe(putTimelineEntrySchema)) dto: PatchTimelineEntryBody,
  ): Promise<TimelineEntryDto> {
    return this.timeline.toDto(await this.timeline.update(incidentId, eventId, toInput(dto)));
  }

  @Patch(':eventId')
  @ApiBody({ schema: jsonSchema(patchTimelineEntrySchema) })
  async patch(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('eventId', new IdPipe('Timeline event')) eventId: number,
    @Body(new ZodPipe(patchTimelineEntrySchema)) dto: PatchTimelineEntryBody,
  ): Promise<TimelineEntryDto> {
    return this.timeline.toDto(await this.timeline.update(incidentId, eventId, toInput(dto)));
  }

  @Delete(':eventId')
  @HttpCode(204)
  async remove(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('eventId', new IdPipe('Timeline event')) eventId: number,
  ): Promise<void> {
    await this.timeline.remove(incidentId, eventId);
  }
}
