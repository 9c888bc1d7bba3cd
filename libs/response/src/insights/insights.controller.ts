import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { InsightIncidentDto, InsightsDto } from '@response/contracts';
import type { Response } from 'express';
import { CurrentAccount, type RequestAccount } from '../auth/current-account.js';
import { viewerOf } from '../incidents/incident-visibility.js';
import { InsightsService } from './insights.service.js';

const RANGE_QUERIES = [
  { name: 'from', required: false, description: 'First day, YYYY-MM-DD (in TZ)' },
  { name: 'to', required: false, description: 'Last day, YYYY-MM-DD, included (default: today)' },
  { name: 'severity', required: false, description: 'Comma-separated: 1,2,3,4,unset' },
];

@ApiTags('insights')
@Controller('core/insights')
export class InsightsController {
  constructor(private readonly insights: InsightsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Figures over the incidents that started in ?from=&to= (default: the last 12 calendar months) and that the caller may see',
  })
  @ApiQuery(RANGE_QUERIES[0])
  @ApiQuery(RANGE_QUERIES[1])
  @ApiQuery(RANGE_QUERIES[2])
  figures(
    @Query() query: Record<string, unknown>,
    @CurrentAccount() account: RequestAccount | undefined,
  ): Promise<InsightsDto> {
    return this.insights.figures(query, viewerOf(account));
  }

  @Get('incidents')
  @ApiOperation({ summary: 'One row per incident counted by the insights, with its figures' })
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery(RANGE_QUERIES[0])
  @ApiQuery(RANGE_QUERIES[1])
  @ApiQuery(RANGE_QUERIES[2])
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  async incidents(
    @Query() query: Record<string, unknown>,
    @CurrentAccount() account: RequestAccount | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InsightIncidentDto[] | string> {
    const answer = await this.insights.incidents(query, viewerOf(account));
    if (answer.format === 'json') return answer.rows;
    // Set only on success, so that errors keep their JSON content type.
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${answer.filename}"`);
    return answer.csv;
  }
}
