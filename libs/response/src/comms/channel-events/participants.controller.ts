import { Controller, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ParticipantDto } from '@response/contracts';
import { IdPipe } from '../../common/schemas.js';
import { VisibleIncident } from '../../incidents/incident-visibility.js';
import { ParticipantsService } from './participants.service.js';

/** The people most active in an incident's comms channel. */
@ApiTags('incidents')
@Controller('core/incidents')
@VisibleIncident({ incidentParam: 'id' })
export class ParticipantsController {
  constructor(private readonly participants: ParticipantsService) {}

  @Get(':id/participants')
  @HttpCode(200)
  @ApiOperation({ summary: 'The most active people in the incident channel (?limit=, default 5)' })
  list(
    @Param('id', new IdPipe('Incident')) id: number,
    @Query() query: Record<string, unknown>,
  ): Promise<ParticipantDto[]> {
    return this.participants.fromApi(id, query);
  }
}
