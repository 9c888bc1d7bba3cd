import { SetMetadata } from '@nestjs/common';

export const JOB_HANDLER = Symbol('JOB_HANDLER');

export interface JobHandlerMeta {
  queue: string;
  name: string;
}

/**
 * Marks a provider method as the processor of one job: `@JobHandler(SLACK_QUEUE, SlackJob.PostMessage)`.
 * Found at boot; two handlers for the same job stop startup.
 */
export const JobHandler = (queue: string, name: string): MethodDecorator =>
  SetMetadata<symbol, JobHandlerMeta>(JOB_HANDLER, { queue, name });
