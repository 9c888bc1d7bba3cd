import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
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
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const meta = this.reflector.get<JobHandlerMeta | undefined>(JOB_HANDLER, fn);
        if (!meta) continue;
        const key = `${meta.queue}:${meta.name}`;
        if (this.handlers.has(key)) {
          throw new Error(`Two handlers claim job "${meta.name}" on queue "${meta.queue}"`);
        }
        this.handlers.set(key, (job) => (fn as Handler).call(instance, job));
      }
    }
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
