import { Inject, Injectable } from '@nestjs/common';
import type { HealthDto } from '@response/contracts';
import { DataSource } from 'typeorm';
import { CONFIG, type Config } from '../config/config.js';
import { JobQueue } from '../queue/job-queue.js';
import { ChannelMembership } from '../slack/channel-membership.js';

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    @Inject(CONFIG) private readonly config: Config,
    private readonly membership: ChannelMembership,
  ) {}

  async check(): Promise<HealthDto> {
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const q = await this.queue.health();
    const queue = q.mode === 'in-process' ? 'in-process' : q.up ? 'up' : 'down';
    return {
      status: database === 'up' && queue !== 'down' ? 'ok' : 'degraded',
      database,
      queue,
      slack: this.config.slack.enabled ? 'configured' : 'off',
      ...(this.config.slack.enabled ? { slack_channels: this.membership.status() } : {}),
    };
  }
}
