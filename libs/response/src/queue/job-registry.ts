import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JOB_QUEUE, type JobName, type QueueName } from '@response/contracts';
import { forEachProviderMethod } from '../common/provider-methods.js';
import { JOB_HANDLER, type JobHandlerMeta } from './job-handler.decorator.js';
import type { Job } from './queue.types.js';

type Handler = (job: Job) => Promise<unknown>;

/** How a job ended: done, or failed for good (no try left, or a permanent error). */
export type JobOutcome = 'completed' | 'failed';
export type SettledListener = (job: Job, outcome: JobOutcome) => Promise<void>;

/**
 * Finds every `@JobHandler` at boot and runs jobs through them, for the Redis
 * and the in-process queue alike.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly logger = new Logger(JobRegistry.name);
  private readonly handlers = new Map<JobName, Handler>();
  private readonly settledListeners: SettledListener[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    forEachProviderMethod(this.discovery, this.scanner, (fn, instance, id) => {
      const meta = this.reflector.get<JobHandlerMeta | undefined>(JOB_HANDLER, fn);
      if (!meta) return;
      if (this.handlers.has(meta.name))
        throw new Error(`Two handlers claim job "${meta.name}" (${id})`);
      this.handlers.set(meta.name, (job) => fn.call(instance, job) as Promise<unknown>);
    });
    this.logger.log(`Registered ${this.handlers.size} job handlers`);
  }

  /** Queue names that have at least one handler. */
  queues(): QueueName[] {
    return [...new Set([...this.handlers.keys()].map((name) => JOB_QUEUE[name]))];
  }

  has(name: JobName): boolean {
    return this.handlers.has(name);
  }

  /** Called with every job that ended (the outbox marks its rows done). */
  onSettled(listener: SettledListener): void {
    this.settledListeners.push(listener);
  }

  /**
   * Tells the listeners a job ended. The queues call it before they let go of
   * the job; a listener's failure is logged, never turned into a retry.
   */
  async settled(job: Job, outcome: JobOutcome): Promise<void> {
    for (const listener of this.settledListeners) {
      try {
        await listener(job, outcome);
      } catch (error) {
        this.logger.warn(
          `After job ${job.name} (${job.id}) ${outcome}: ${(error as Error).message}`,
        );
      }
    }
  }

  async run(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`No handler for job "${job.name}" on queue "${job.queue}"`);
    return handler(job);
  }
}
