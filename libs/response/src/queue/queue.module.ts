import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bull';
import { QUEUES } from '@response/contracts';
import { CONFIG, type Config } from '../config/config.js';
import { BullJobQueue, bullOptions } from './bull-queue.js';
import { InProcessJobQueue } from './in-process-queue.js';
import { JobQueue } from './job-queue.js';
import { JobRegistry } from './job-registry.js';

/**
 * The job queue. With Redis, `@nestjs/bull` registers, injects and closes one
 * Bull queue per queue of the catalogue; without it, jobs run in this process.
 * Either way, one JobRegistry of `@JobHandler` methods runs them.
 */
@Module({})
export class QueueModule {
  static register(options: { redis: boolean }): DynamicModule {
    const common = {
      module: QueueModule,
      global: true,
      exports: [JobQueue, JobRegistry],
    };
    if (!options.redis) {
      return {
        ...common,
        imports: [DiscoveryModule],
        providers: [
          JobRegistry,
          {
            provide: JobQueue,
            inject: [JobRegistry],
            useFactory: (registry: JobRegistry) => new InProcessJobQueue(registry, true),
          },
        ],
      };
    }
    return {
      ...common,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [CONFIG],
          useFactory: (config: Config) => bullOptions(config),
        }),
        BullModule.registerQueue(...QUEUES.map((name) => ({ name }))),
      ],
      providers: [JobRegistry, BullJobQueue, { provide: JobQueue, useExisting: BullJobQueue }],
    };
  }
}
