import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CONFIG, type Config } from '../config/config.js';
import { BullJobQueue } from './bull-queue.js';
import { InProcessJobQueue } from './in-process-queue.js';
import { JobQueue } from './job-queue.js';
import { JobRegistry } from './job-registry.js';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    JobRegistry,
    {
      provide: JobQueue,
      inject: [CONFIG, JobRegistry],
      useFactory: (config: Config, registry: JobRegistry): JobQueue =>
        config.redis.url
          ? new BullJobQueue(config.redis.url, registry, config.app.worker)
          : new InProcessJobQueue(registry, true),
    },
  ],
  exports: [JobQueue, JobRegistry],
})
export class QueueModule {}
