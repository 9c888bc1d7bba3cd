import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../common/errors.js';
import { CONFIG, type Config } from '../config/config.js';
import type { AuthenticatedRequest } from '../auth/current-account.js';
import { MetricsService } from './metrics.service.js';

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Prometheus scrape endpoint: `Authorization: Bearer $METRICS_TOKEN`, or an admin account. */
  @Get()
  async scrape(
    @Req() req: Request & AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    this.authorize(req);
    res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return this.metrics.render();
  }

  private authorize(req: Request & AuthenticatedRequest): void {
    const header = req.headers.authorization ?? '';
    const token = this.config.auth.metricsToken;
    const bearer = header.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (token && bearer && sameToken(bearer, token)) return;
    if (req.account?.role === 'admin') return;
    if (req.account) throw new ForbiddenError('Metrics are for admins');
    throw new UnauthorizedError('Send Authorization: Bearer <METRICS_TOKEN> or log in as an admin');
  }
}
