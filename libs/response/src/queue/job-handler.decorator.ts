import { SetMetadata } from '@nestjs/common';
import type { JobName } from '@response/contracts';
import type { Job } from './queue.types.js';

export const JOB_HANDLER = Symbol('JOB_HANDLER');

export interface JobHandlerMeta {
  name: JobName;
}

/**
 * Marks a provider method as the processor of one job of the catalogue:
 * `@JobHandler(SlackJob.PostMessage)`. The method must take that job's data
 * (`Job<typeof SlackJob.PostMessage>`), or nothing, or it does not compile.
 * Found at boot; two handlers for the same job stop startup.
 */
export function JobHandler<N extends JobName>(name: N) {
  return <F extends (job: Job<N>) => Promise<unknown>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ): void => {
    SetMetadata<symbol, JobHandlerMeta>(JOB_HANDLER, { name })(target, key, descriptor);
  };
}
