import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  byMonthParams,
  createIncidentSchema,
  incidentFilterQuery,
  participantsQuery,
  patchIncidentSchema,
  putIncidentSchema,
  type CreateIncidentBody,
  type IncidentDto,
  type Paginated,
  type ParticipantDto,
  type PatchIncidentBody,
} from '@response/contracts';
import { CurrentAccount, type RequestAccount } from '../auth/current-account.js';
import { ValidationError } from '../common/errors.js';
import { limitOffsetPage, parseLimitOffset, RequestUrl } from '../common/pagination.js';
import { IdPipe, jsonSchema } from '../common/schemas.js';
import { parseOrThrow, ZodPipe } from '../common/zod-validation.pipe.js';
import { UsersService } from '../users/users.service.js';
import { viewerOf, VisibleIncident } from './incident-visibility.js';
import {
  IncidentsService,
  type IncidentListFilter,
  type UpdateIncidentInput,
} from './incidents.service.js';

@ApiTags('incidents')
@Controller('core/incidents')
@VisibleIncident({ incidentParam: 'id' })
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly users: UsersService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'List incidents, newest first (?limit=&offset=&status=live|resolved|reported&severity=1-4|none&search=)',
  })
  async list(
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<Paginated<IncidentDto>> {
    const page = parseLimitOffset(query);
    const filter = listFilter(query);
    const { count, incidents } = await this.incidents.list(
      page.offset,
      page.limit,
      viewerOf(account),
      filter,
    );
    return limitOffsetPage(url, page, count, await this.incidents.toDtos(incidents));
  }

  @Post()
  @ApiOperation({
    summary: 'Declare an incident; the reporter is the caller unless `reporter` is given',
  })
  @ApiBody({ schema: jsonSchema(createIncidentSchema) })
  async create(
    @Body(new ZodPipe(createIncidentSchema)) dto: CreateIncidentBody,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<IncidentDto> {
    const caller = await this.users.forAccount(account);
    const reporter = dto.reporter ? await this.users.resolveRef(dto.reporter, 'reporter') : caller;
    if (!reporter) throw new ValidationError({ reporter: 'is required' });
    const lead = await this.users.resolveRef(dto.lead, 'lead');
    const incident = await this.incidents.create(
      {
        report: dto.report,
        summary: dto.summary,
        impact: dto.impact,
        leadId: lead?.id ?? null,
        reporterId: reporter.id,
        severity: dto.severity,
        reportOnly: dto.report_only,
        private: dto.private,
        startTime: dto.start_time,
      },
      UsersService.actorId(caller),
    );
    return this.incidents.toDto(incident);
  }

  @Get('bymonth/:year/:month')
  @ApiOperation({
    summary: 'Incidents reported in a calendar month (UTC), newest first; same filters as the list',
  })
  async byMonth(
    @Param('year') year: string,
    @Param('month') month: string,
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<Paginated<IncidentDto>> {
    const params = parseOrThrow(byMonthParams, { year, month });
    const page = parseLimitOffset(query);
    const filter = listFilter(query);
    const { count, incidents } = await this.incidents.byMonth(
      params.year,
      params.month,
      page.offset,
      page.limit,
      viewerOf(account),
      filter,
    );
    return limitOffsetPage(url, page, count, await this.incidents.toDtos(incidents));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One incident with its actions' })
  async get(@Param('id', new IdPipe('Incident')) id: number): Promise<IncidentDto> {
    return this.incidents.toDto(await this.incidents.findOne(id));
  }

  @Put(':id')
  @ApiOperation({ summary: 'Update an incident (read-only fields are ignored)' })
  @ApiBody({ schema: jsonSchema(putIncidentSchema) })
  async put(
    @Param('id', new IdPipe('Incident')) id: number,
    @Body(new ZodPipe(putIncidentSchema)) dto: PatchIncidentBody,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<IncidentDto> {
    return this.update(id, dto, account);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Partly update an incident' })
  @ApiBody({ schema: jsonSchema(patchIncidentSchema) })
  async patch(
    @Param('id', new IdPipe('Incident')) id: number,
    @Body(new ZodPipe(patchIncidentSchema)) dto: PatchIncidentBody,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<IncidentDto> {
    return this.update(id, dto, account);
  }

  @Get(':id/participants')
  @HttpCode(200)
  @ApiOperation({ summary: 'The most active people in the incident channel (?limit=, default 5)' })
  async participants(
    @Param('id', new IdPipe('Incident')) id: number,
    @Query() query: Record<string, unknown>,
  ): Promise<ParticipantDto[]> {
    const { limit } = parseOrThrow(participantsQuery, { limit: query.limit });
    return this.incidents.participants(id, limit ?? 5);
  }

  private async update(
    id: number,
    dto: PatchIncidentBody,
    account: RequestAccount | undefined,
  ): Promise<IncidentDto> {
    await this.incidents.findOne(id);
    const caller = await this.users.forAccount(account);
    const patch: UpdateIncidentInput = {
      report: dto.report,
      summary: dto.summary,
      impact: dto.impact,
      severity: dto.severity,
      startTime: dto.start_time,
      endTime: dto.end_time,
    };
    if (dto.lead !== undefined)
      patch.leadId = dto.lead ? (await this.users.resolveRef(dto.lead, 'lead'))!.id : null;
    const incident = await this.incidents.update(id, patch, UsersService.actorId(caller));
    return this.incidents.toDto(incident);
  }
}

/** `?status=&severity=&search=` (400 naming the parameter when invalid). */
function listFilter(query: Record<string, unknown>): IncidentListFilter {
  const { status, severity, search } = parseOrThrow(incidentFilterQuery, {
    status: query.status,
    severity: query.severity,
    search: query.search,
  });
  return { status, severity, words: search };
}
