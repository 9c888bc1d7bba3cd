import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { adminOnly } from '../../auth/admin-only.middleware.js';
import { AuthService } from '../../auth/auth.service.js';
import { BullJobQueue } from '../bull-queue.js';
import { JobQueue } from '../job-queue.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board at `/admin/queues`, for admins only. Present only when jobs run on
 * Redis (Bull); with the in-process queue the path is left to the rest of the app.
 * Built on first use, once every job handler (and so every queue) is known.
 */
@Injectable()
export class QueueDashboardMiddleware implements NestMiddleware {
  private readonly logger = new Logger(QueueDashboardMiddleware.name);
  private readonly guard: RequestHandler;
  private router: RequestHandler | null = null;

  constructor(
    private readonly queue: JobQueue,
    auth: AuthService,
  ) {
    this.guard = adminOnly(auth);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if (!(this.queue instanceof BullJobQueue)) {
      next();
      return;
    }
    const path = req.originalUrl.split('?')[0];
    if (path !== QUEUE_DASHBOARD_PATH && !path.startsWith(`${QUEUE_DASHBOARD_PATH}/`)) {
      next();
      return;
    }
    this.guard(req, res, (error?: unknown) => {
      if (error) {
        next(error);
        return;
      }
      const router = this.dashboard(this.queue as BullJobQueue);
      // The dashboard's router expects paths relative to where it is mounted.
      req.url = req.originalUrl.slice(QUEUE_DASHBOARD_PATH.length) || '/';
      router(req, res, next);
    });
  }

  private dashboard(queue: BullJobQueue): RequestHandler {
    if (!this.router) {
      const adapter = new ExpressAdapter();
      adapter.setBasePath(QUEUE_DASHBOARD_PATH);
      const queues = queue.bullQueues();
      // @bull-board/express ships its own copy of @bull-board/api's types; the adapter is the same at runtime.
      const serverAdapter = adapter as unknown as Parameters<
        typeof createBullBoard
      >[0]['serverAdapter'];
      createBullBoard({ queues: queues.map((q) => new BullAdapter(q)), serverAdapter });
      this.router = adapter.getRouter() as RequestHandler;
      this.logger.log(
        `Queue dashboard at ${QUEUE_DASHBOARD_PATH} for ${queues.map((q) => q.name).join(', ')}`,
      );
    }
    return this.router;
  }
}
