import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service.js';

/** Times every request, labelled by its route pattern (never by raw path, to keep labels bounded). */
@Injectable()
export class MetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const pattern = (req.route as { path?: string } | undefined)?.path;
      const route = pattern
        ? `${req.baseUrl}${pattern}`
        : res.statusCode === 404
          ? 'unmatched'
          : 'static';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  }
}
