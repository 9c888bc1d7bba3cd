import { Body, Controller, Delete, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { setIncidentRoleSchema, type IncidentDto } from '@response/contracts';
import { CurrentAccount, type RequestAccount } from '../auth/current-account.js';
import { IdPipe, jsonSchema } from '../common/schemas.js';
import { VisibleIncident } from './incident-visibility.js';
import { IncidentRolesService } from './incident-roles.service.js';

/**
 * Roles besides the lead. Both routes answer the incident as it is after the
 * change; an unknown role is a 404, and a hidden incident 404s as a missing one.
 */
@ApiTags('incidents')
@Controller('core/incidents/:id/roles')
@VisibleIncident({ incidentParam: 'id' })
export class IncidentRolesController {
  constructor(private readonly roles: IncidentRolesService) {}

  @Put(':role')
  @ApiOperation({
    summary:
      'Give a role (`INCIDENT_ROLES`) to someone: `{"user": {"external_id": "U…"}}` (add `app_id` for a web user); `{"user": null}` clears it',
  })
  @ApiBody({ schema: jsonSchema(setIncidentRoleSchema) })
  set(
    @Param('id', new IdPipe('Incident')) id: number,
    @Param('role') role: string,
    @Body() body: unknown,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<IncidentDto> {
    return this.roles.setFromApi(id, role, body, account);
  }

  @Delete(':role')
  @ApiOperation({ summary: 'Clear a role: nobody holds it any more' })
  clear(
    @Param('id', new IdPipe('Incident')) id: number,
    @Param('role') role: string,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<IncidentDto> {
    return this.roles.clearFromApi(id, role, account);
  }
}
