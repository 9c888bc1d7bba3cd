import {
  Body,
  Controller,
  Get,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createIncidentSchema,
  patchIncidentSchema,
  putIncidentSchema,
  type CreateIncidentBody,
  type IncidentDto,
  type Paginated,
  type PatchIncidentBody,
} from '@response/contracts';
import { CurrentAccount, type RequestAccount } from '../auth/current-account.js';
import { RequestUrl } from '../common/pagination.js';
import { IdPipe, jsonSchema } from '../common/schemas.js';
import { IF_MATCH_HEADER, IfMatch, VersionEtagInterceptor } from '../common/versioning.js';
import { ZodPipe } from '../common/zod-validation.pipe.js';
import { viewerOf, VisibleIncident } from './incident-visibility.js';
import { IncidentsService } from './incidents.service.js';

@ApiTags('incidents')
@Controller('core/incidents')
@VisibleIncident({ incidentParam: 'id' })
@UseInterceptors(VersionEtagInterceptor)
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @ApiOperation({
    summary:
      'List incidents, newest first (?limit=&offset=&status=live|resolved|reported&severity=1-4|none&search=)',
  })
  list(
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<Paginated<IncidentDto>> {
    return this.incidents.listFromApi(query, url, viewerOf(account));
  }

  @Post()
  @ApiOperation({
    summary: 'Declare an incident; the reporter is the caller unless `reporter` is given',
  })
  @ApiBody({ schema: jsonSchema(createIncidentSchema) })
  create(
    @Body(new ZodPipe(createIncidentSchema)) dto: CreateIncidentBody,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<IncidentDto> {
    return this.incidents.createFromApi(dto, account);
  }

  @Get('bymonth/:year/:month')
  @ApiOperation({
    summary: 'Incidents reported in a calendar month (UTC), newest first; same filters as the list',
  })
  byMonth(
    @Param('year') year: string,
    @Param('month') month: string,
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<Paginated<IncidentDto>> {
    return this.incidents.byMonthFromApi({ year, month }, query, url, viewerOf(account));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One incident with its actions' })
  get(@Param('id', new IdPipe('Incident')) id: number): Promise<IncidentDto> {
    return this.incidents.getDto(id);
  }

  @Put(':id')
  @ApiOperation({
    summary:
      'Update an incident (read-only fields are ignored); 412 with the current incident when If-Match or `version` is not current',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ schema: jsonSchema(putIncidentSchema) })
  put(
    @Param('id', new IdPipe('Incident')) id: number,
    @Body(new ZodPipe(putIncidentSchema)) dto: PatchIncidentBody,
    @CurrentAccount() account: RequestAccount | undefined,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<IncidentDto> {
    return this.incidents.updateFromApi(id, dto, account, ifMatch);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Partly update an incident; 412 with the current incident when If-Match or `version` is not current',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ schema: jsonSchema(patchIncidentSchema) })
  patch(
    @Param('id', new IdPipe('Incident')) id: number,
    @Body(new ZodPipe(patchIncidentSchema)) dto: PatchIncidentBody,
    @CurrentAccount() account: RequestAccount | undefined,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<IncidentDto> {
    return this.incidents.updateFromApi(id, dto, account, ifMatch);
  }
}
