import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { HealthDto } from '@response/contracts';
import { HealthService } from './health.service.js';

@Controller('healthz')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** No auth: for load balancers. 503 when the database is down. */
  @Get()
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const report = await this.health.check();
    if (report.database === 'down') res.status(503);
    return report;
  }
}
