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
import { limitOffsetPage, parseLimitOffset, RequestUrl } from '../common/pagination.js';
import { IdPipe, jsonSchema } from '../common/schemas.js';
import { ZodPipe } from '../common/zod-validation.pipe.js';
import { viewerOf, VisibleIncident } from '../incidents/incident-visibility.js';
import { UsersService } from '../users/users.service.js';
import { ActionsService, type ActionScope, type UpdateActionInput } from './actions.service.js';

/** Shared by the nested and the top-level routes. */
abstract class ActionsEndpoints {
  constructor(
    protected readonly actions: ActionsService,
    protected readonly users: UsersService,
  ) {}

  protected async listIn(
    scope: ActionScope,
    query: Record<string, unknown>,
    url: URL,
  ): Promise<Paginated<ActionDto>> {
    const page = parseLimitOffset(query);
    const { count, actions } = await this.actions.list(scope, page.offset, page.limit);
    return limitOffsetPage(url, page, count, await this.actions.toDtos(actions));
  }

  /** The owner defaults to the caller. */
  protected async createIn(
    incidentId: number,
    dto: CreateActionBody,
    account: RequestAccount | undefined,
  ): Promise<ActionDto> {
    const owner =
      dto.user === undefined
        ? await this.users.forAccount(account)
        : await this.users.resolveRef(dto.user, 'user');
    const action = await this.actions.create(incidentId, {
      details: dto.details,
      userId: owner?.id ?? null,
      done: dto.done,
      dueDate: dto.due_date,
      doneDate: dto.done_date,
      priority: dto.priority,
      type: dto.type,
    });
    return this.actions.toDto(action);
  }

  protected async updateIn(
    id: number,
    scope: ActionScope,
    dto: PatchActionBody,
  ): Promise<ActionDto> {
    await this.actions.findOne(id, scope);
    const patch: UpdateActionInput = {
      details: dto.details,
      done: dto.done,
      dueDate: dto.due_date,
      doneDate: dto.done_date,
      priority: dto.priority,
      type: dto.type,
    };
    if (dto.user !== undefined)
      patch.userId = (await this.users.resolveRef(dto.user, 'user'))?.id ?? null;
    return this.actions.toDto(await this.actions.update(id, patch, scope));
  }
}

/** Every route 404s, as for a missing incident, when the caller may not see the incident. */
@ApiTags('actions')
@Controller('core/incidents/:incidentId/actions')
@VisibleIncident({ incidentParam: 'incidentId' })
export class IncidentActionsController extends ActionsEndpoints {
  constructor(actions: ActionsService, users: UsersService) {
    super(actions, users);
  }

  @Get()
  @ApiOperation({ summary: "An incident's actions (?limit=&offset=)" })
  list(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<ActionDto>> {
    return this.listIn({ incidentId }, query, url);
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
    return this.createIn(incidentId, dto, account);
  }

  @Get(':actionId')
  async get(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('actionId', new IdPipe('Action')) id: number,
  ): Promise<ActionDto> {
    return this.actions.toDto(await this.actions.findOne(id, { incidentId }));
  }

  @Put(':actionId')
  @ApiBody({ schema: jsonSchema(putActionSchema) })
  put(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('actionId', new IdPipe('Action')) id: number,
    @Body(new ZodPipe(putActionSchema)) dto: PatchActionBody,
  ): Promise<ActionDto> {
    return this.updateIn(id, { incidentId }, dto);
  }

  @Patch(':actionId')
  @ApiBody({ schema: jsonSchema(patchActionSchema) })
  patch(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('actionId', new IdPipe('Action')) id: number,
    @Body(new ZodPipe(patchActionSchema)) dto: PatchActionBody,
  ): Promise<ActionDto> {
    return this.updateIn(id, { incidentId }, dto);
  }

  @Delete(':actionId')
  @HttpCode(204)
  async remove(
    @Param('incidentId', new IdPipe('Incident')) incidentId: number,
    @Param('actionId', new IdPipe('Action')) id: number,
  ): Promise<void> {
    await this.actions.remove(id, { incidentId });
  }
}

/** Actions of incidents the caller may not see are missing (404) and left out of the list. */
@ApiTags('actions')
@Controller('core/actions')
export class ActionsController extends ActionsEndpoints {
  constructor(actions: ActionsService, users: UsersService) {
    super(actions, users);
  }

  @Get()
  @ApiOperation({ summary: 'All actions, oldest first (?limit=&offset=)' })
  list(
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<Paginated<ActionDto>> {
    return this.listIn({ viewer: viewerOf(account) }, query, url);
  }

  @Post()
  @VisibleIncident({ bodyField: 'incident' })
  @ApiOperation({ summary: 'Add an action to the incident named by `incident` (its id)' })
  @ApiBody({ schema: jsonSchema(createTopLevelActionSchema) })
  create(
    @Body(new ZodPipe(createTopLevelActionSchema)) dto: CreateTopLevelActionBody,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<ActionDto> {
    return this.createIn(dto.incident, dto, account);
  }

  @Get(':id')
  @VisibleIncident({ actionParam: 'id' })
  async get(@Param('id', new IdPipe('Action')) id: number): Promise<ActionDto> {
    return this.actions.toDto(await this.actions.findOne(id));
  }

  @Put(':id')
  @VisibleIncident({ actionParam: 'id' })
  @ApiBody({ schema: jsonSchema(putActionSchema) })
  put(
    @Param('id', new IdPipe('Action')) id: number,
    @Body(new ZodPipe(putActionSchema)) dto: PatchActionBody,
  ): Promise<ActionDto> {
    return this.updateIn(id, {}, dto);
  }

  @Patch(':id')
  @VisibleIncident({ actionParam: 'id' })
  @ApiBody({ schema: jsonSchema(patchActionSchema) })
  patch(
    @Param('id', new IdPipe('Action')) id: number,
    @Body(new ZodPipe(patchActionSchema)) dto: PatchActionBody,
  ): Promise<ActionDto> {
    return this.updateIn(id, {}, dto);
  }

  @Delete(':id')
  @VisibleIncident({ actionParam: 'id' })
  @HttpCode(204)
  async remove(@Param('id', new IdPipe('Action')) id: number): Promise<void> {
    await this.actions.remove(id);
  }
}
