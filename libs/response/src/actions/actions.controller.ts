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
  createActionSchema,
  createTopLevelActionSchema,
  patchActionSchema,
  putActionSchema,
  type ActionDto,
  type CreateActionBody,
  type CreateTopLevelActionBody,
  type Paginated,
  type PatchActionBody,
} from '@response/contracts';
import { CurrentAccount, type RequestAccount } from '../auth/current-account.js';
import { RequestUrl } from '../common/pagination.js';
import { IdPipe, jsonSchema } from '../common/schemas.js';
import { IF_MATCH_HEADER, IfMatch, VersionEtagInterceptor } from '../common/versioning.js';
import { ZodPipe } from '../common/zod-validation.pipe.js';
import { viewerOf, VisibleIncident } from '../incidents/incident-visibility.js';
import { ActionsService } from './actions.service.js';

/** Every route 404s, as for a missing incident, when the caller may not see the incident. */
@ApiTags('actions')
@Controller('core/incidents/:incidentId/actions')
@VisibleIncident({ incidentParam: 'incidentId' })
@UseInterceptors(VersionEtagInterceptor)
export class IncidentActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Get()
  @ApiOperation({ summary: "An incident's actions (?limit=&offset=)" })
  list(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<ActionDto>> {
    return this.actions.listFromApi({ incidentId }, query, url);
  }

  @Post()
  @ApiOperation({
    summary: 'Add an action; the owner is `user: {external_id}` (default: the caller)',
  })
  @ApiBody({ schema: jsonSchema(createActionSchema) })
  create(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Body(new ZodPipe(createActionSchema)) dto: CreateActionBody,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<ActionDto> {
    return this.actions.createFromApi(incidentId, dto, account);
  }

  @Get(':actionId')
  get(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('actionId', new IdPipe('Action')) id: number,
  ): Promise<ActionDto> {
    return this.actions.getDto(id, { incidentId });
  }

  @Put(':actionId')
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ schema: jsonSchema(putActionSchema) })
  put(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('actionId', new IdPipe('Action')) id: number,
    @Body(new ZodPipe(putActionSchema)) dto: PatchActionBody,
    @CurrentAccount() account: RequestAccount | undefined,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<ActionDto> {
    return this.actions.updateFromApi(id, dto, account, ifMatch, { incidentId });
  }

  @Patch(':actionId')
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ schema: jsonSchema(patchActionSchema) })
  patch(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('actionId', new IdPipe('Action')) id: number,
    @Body(new ZodPipe(patchActionSchema)) dto: PatchActionBody,
    @CurrentAccount() account: RequestAccount | undefined,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<ActionDto> {
    return this.actions.updateFromApi(id, dto, account, ifMatch, { incidentId });
  }

  @Delete(':actionId')
  @HttpCode(204)
  remove(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('actionId', new IdPipe('Action')) id: number,
  ): Promise<void> {
    return this.actions.remove(id, { incidentId });
  }
}

/** Actions of incidents the caller may not see are missing (404) and left out of the list. */
@ApiTags('actions')
@Controller('core/actions')
@UseInterceptors(VersionEtagInterceptor)
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Get()
  @ApiOperation({ summary: 'All actions, oldest first (?limit=&offset=)' })
  list(
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<Paginated<ActionDto>> {
    return this.actions.listFromApi({ viewer: viewerOf(account) }, query, url);
  }

  @Post()
  @VisibleIncident({ bodyField: 'incident' })
  @ApiOperation({ summary: 'Add an action to the incident named by `incident` (its id)' })
  @ApiBody({ schema: jsonSchema(createTopLevelActionSchema) })
  create(
    @Body(new ZodPipe(createTopLevelActionSchema)) dto: CreateTopLevelActionBody,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<ActionDto> {
    return this.actions.createFromApi(dto.incident, dto, account);
  }

  @Get(':id')
  @VisibleIncident({ actionParam: 'id' })
  get(@Param('id', new IdPipe('Action')) id: number): Promise<ActionDto> {
    return this.actions.getDto(id);
  }

  @Put(':id')
  @VisibleIncident({ actionParam: 'id' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ schema: jsonSchema(putActionSchema) })
  put(
    @Param('id', new IdPipe('Action')) id: number,
    @Body(new ZodPipe(putActionSchema)) dto: PatchActionBody,
    @CurrentAccount() account: RequestAccount | undefined,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<ActionDto> {
    return this.actions.updateFromApi(id, dto, account, ifMatch);
  }

  @Patch(':id')
  @VisibleIncident({ actionParam: 'id' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ schema: jsonSchema(patchActionSchema) })
  patch(
    @Param('id', new IdPipe('Action')) id: number,
    @Body(new ZodPipe(patchActionSchema)) dto: PatchActionBody,
    @CurrentAccount() account: RequestAccount | undefined,
    @IfMatch() ifMatch: string | undefined,
  ): Promise<ActionDto> {
    return this.actions.updateFromApi(id, dto, account, ifMatch);
  }

  @Delete(':id')
  @VisibleIncident({ actionParam: 'id' })
  @HttpCode(204)
  remove(@Param('id', new IdPipe('Action')) id: number): Promise<void> {
    return this.actions.remove(id);
  }
}
