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
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createTimelineEntrySchema,
  patchTimelineEntrySchema,
  putTimelineEntrySchema,
  type CreateTimelineEntryBody,
  type Paginated,
  type PatchTimelineEntryBody,
  type TimelineEntryDto,
} from '@response/contracts';
import { CurrentAccount, type RequestAccount } from '../auth/current-account.js';
import { RequestUrl } from '../common/pagination.js';
import { IdPipe, jsonSchema } from '../common/schemas.js';
import { IF_MATCH_HEADER, IfMatch, VersionEtagInterceptor } from '../common/versioning.js';
import { ZodPipe } from '../common/zod-validation.pipe.js';
import { VisibleIncident } from '../incidents/incident-visibility.js';
import { TimelineService } from './timeline.service.js';

/** Every route 404s, as for a missing incident, when the caller may not see the incident. */
@ApiTags('timeline')
@Controller('core/incidents/:incidentId/timeline/events')
@VisibleIncident({ incidentParam: 'incidentId' })
@UseInterceptors(VersionEtagInterceptor)
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get()
  @ApiOperation({ summary: "An incident's timeline in time order (?limit=&offset=)" })
  list(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<TimelineEntryDto>> {
    return this.timeline.listFromApi(incidentId, query, url);
  }

  @Post()
  @ApiOperation({ summary: 'Add a timeline entry (`metadata` optional)' })
  @ApiBody({ schema: jsonSchema(createTimelineEntrySchema) })
  create(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Body(new ZodPipe(createTimelineEntrySchema)) dto: CreateTimelineEntryBody,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<TimelineEntryDto> {
    return this.timeline.createFromApi(incidentId, dto, account);
  }

  @Get(':eventId')
  get(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('eventId', new IdPipe('Timeline event')) eventId: number,
  ): Promise<TimelineEntryDto> {
    return this.timeline.getDto(incidentId, eventId);
  }

  @Put(':eventId')
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ schema: jsonSchema(putTimelineEntrySchema) })
  put(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('eventId', new IdPipe('Timeline event')) eventId: number,
    @Body(new ZodPipe(putTimelineEntrySchema)) dto: PatchTimelineEntryBody,
    @CurrentAccount() account: RequestAccount | undefined,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<TimelineEntryDto> {
    return this.timeline.updateFromApi(incidentId, eventId, dto, account, ifMatch);
  }

  @Patch(':eventId')
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ schema: jsonSchema(patchTimelineEntrySchema) })
  patch(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('eventId', new IdPipe('Timeline event')) eventId: number,
    @Body(new ZodPipe(patchTimelineEntrySchema)) dto: PatchTimelineEntryBody,
    @CurrentAccount() account: RequestAccount | undefined,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<TimelineEntryDto> {
    return this.timeline.updateFromApi(incidentId, eventId, dto, account, ifMatch);
  }

  @Delete(':eventId')
  @HttpCode(204)
  remove(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('eventId', new IdPipe('Timeline event')) eventId: number,
  ): Promise<void> {
    return this.timeline.remove(incidentId, eventId);
  }
}
