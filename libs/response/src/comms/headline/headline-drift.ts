import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CONFIG, type Config } from '../../config/config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { HeadlinePostRepository } from './headline-post.repository.js';
import { HeadlineService } from './headline.service.js';

export const DRIFT_SWEEP_EVERY_MS = 60_000;
const BATCH = 200;

/**
 * Every minute, one process of the deployment (whichever takes the lock)
 * compares each open (or just closed) incident's version with the version its
 * headline post shows, and queues a refresh for every post that is behind:
 * whatever was lost on the way (a queue emptied by a Redis restart, a failed
 * job), the headline catches up.
 */
@Injectable()
export class HeadlineDriftSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HeadlineDriftSweep.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly uow: UnitOfWork,
    private readonly posts: HeadlinePostRepository,
    private readonly headline: HeadlineService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.app.worker || !this.config.slack.enabled) return;
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: Error) => this.logger.warn(`Headline drift sweep paused: ${error.message}`))
        .finally(() => (this.running = null));
    }, DRIFT_SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep; returns the incidents whose headline was behind (none when another process has the turn). */
  async sweep(): Promise<number[]> {
    const behind = await this.uow.run(async (manager) => {
      if (!(await this.posts.takeSweepTurn(manager))) return [];
      const rows = await this.posts.behind(manager, BATCH);
      for (const row of rows)
        await this.headline.requestRefresh(manager, row.incidentId, `drift:v${row.version}`);
      return rows.map((row) => row.incidentId);
    });
    if (behind.length > 0)
      this.logger.warn(
        `Headline posts behind their incident, refreshed: ${behind.map((id) => `#${id}`).join(', ')}`,
      );
    return behind;
  }
}
