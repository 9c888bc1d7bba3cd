import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
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
  async markdown(
    @Param('id', new IdPipe('Incident')) id: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const text = await this.reports.markdown(id);
    // Set only on success, so that errors keep their JSON content type.
    res.type('text/markdown; charset=utf-8');
    res.setHeader('Content-Disposition', `inline; filename="incident-${id}-report.md"`);
    return text;
  }
}
