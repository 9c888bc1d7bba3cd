import { Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TimelineEntryDto } from '@response/contracts';
import type { Response } from 'express';
import { ValidationError } from '../../common/errors.js';
import { IdPipe } from '../../common/schemas.js';
import { VisibleIncident } from '../../incidents/incident-visibility.js';
import { MessageCurationService } from './message-curation.service.js';

const SLACK_TS = /^\d{1,12}\.\d{1,6}$/;

/** 404s, as for a missing incident, when the caller may not see the incident. */
@ApiTags('messages')
@Controller('core/incidents/:id/messages')
@VisibleIncident({ incidentParam: 'id' })
export class MessageCurationController {
  constructor(private readonly curation: MessageCurationService) {}

  @Post(':ts/timeline')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Add a kept message to the timeline (a `slack_message` entry at its own time); again returns the same entry with 200',
  })
  async add(
    @Param('id', new IdPipe('Incident')) id: number,
    @Param('ts') ts: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TimelineEntryDto> {
    if (!SLACK_TS.test(ts))
      throw new ValidationError({ ts: 'must be a Slack message ts such as 1700000000.000100' });
    const { entry, created } = await this.curation.addToTimeline(id, ts);
    if (!created) res.status(200);
    return entry;
  }
}
