import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { forEachProviderMethod } from '../common/provider-methods.js';
import { JOB_HANDLER, type JobHandlerMeta } from './job-handler.decorator.js';
import type { Job } from './queue.types.js';

type Handler = (job: Job) => Promise<unknown>;

/** Finds every `@JobHandler` at boot and runs jobs through them. */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly logger = new Logger(JobRegistry.name);
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    forEachProviderMethod(this.discovery, this.scanner, (fn, instance) => {
      const meta = this.reflector.get<JobHandlerMeta | undefined>(JOB_HANDLER, fn);
      if (!meta) return;
      const key = `${meta.queue}:${meta.name}`;
      if (this.handlers.has(key)) {
        throw new Error(`Two handlers claim job "${meta.name}" on queue "${meta.queue}"`);
      }
      this.handlers.set(key, (job) => (fn as Handler).call(instance, job) as Promise<unknown>);
    });
    this.logger.log(`Registered ${this.handlers.size} job handlers`);
  }

  /** Queue names that have at least one handler. */
  queues(): string[] {
    return [...new Set([...this.handlers.keys()].map((key) => key.split(':')[0]))];
  }

  has(queue: string, name: string): boolean {
    return this.handlers.has(`${queue}:${name}`);
  }

  async run(job: Job): Promise<unknown> {
    const handler = this.handlers.get(`${job.queue}:${job.name}`);
    if (!handler) throw new Error(`No handler for job "${job.name}" on queue "${job.queue}"`);
    return handler(job);
  }
}
