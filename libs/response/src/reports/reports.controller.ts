import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IdPipe } from '../common/schemas.js';
import { VisibleIncident } from '../incidents/incident-visibility.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@Controller('core/incidents/:id')
@VisibleIncident({ incidentParam: 'id' })
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('report.md')
  @ApiProduces('text/markdown')
  @ApiOperation({ summary: 'The post-incident report as Markdown, as the web app downloads it' })
  @ApiQuery({
    name: 'transcript',
    required: false,
    description: '`1` appends the kept conversation of the comms channel',
  })
  async markdown(
    @Param('id', new IdPipe('Incident')) id: number,
    @Query('transcript') transcript: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const wanted = Array.isArray(transcript) ? transcript.at(-1) : transcript;
    const text = await this.reports.markdown(id, {
      transcript: wanted === '1' || wanted === 'true',
    });
    // Set only on success, so that errors keep their JSON content type.
    res.type('text/markdown; charset=utf-8');
    res.setHeader('Content-Disposition', `inline; filename="incident-${id}-report.md"`);
    return text;
  }
}
