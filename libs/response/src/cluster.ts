import cluster, { type Worker } from 'node:cluster';
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Config } from './config/config.js';

/** A forked HTTP process that died is started again after this long. */
const RESTART_DELAY_MS = 1000;
/** How long HTTP processes get to finish their requests on shutdown. */
const STOP_TIMEOUT_MS = 15_000;

const logger = new Logger('Cluster');
let stopping = false;
const workers = new Set<Worker>();

/**
 * Whether this process forks HTTP processes: `WEB_CONCURRENCY` above 1 on a
 * process that serves HTTP. It then keeps only the queue work of its role
 * (`all`: workers and schedules; `api`: nothing but supervising), and the
 * forked processes serve `PORT` together.
 */
export function isClusterPrimary(config: Config): boolean {
  return cluster.isPrimary && config.app.http && config.webConcurrency > 1;
}

/** Makes this process the supervisor: no HTTP of its own. */
export function asClusterPrimary(config: Config): void {
  config.app.http = false;
}

/**
 * Forks the HTTP processes (the same program, with RESPONSE_CLUSTER_WORKER=1)
 * and resolves once each listens; one that dies is started again.
 */
export async function forkHttpProcesses(count: number): Promise<void> {
  const fork = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork({ RESPONSE_CLUSTER_WORKER: '1' });
      workers.add(worker);
      let listening = false;
      worker.once('listening', () => {
        listening = true;
        resolve();
      });
      worker.once('exit', (code, signal) => {
        workers.delete(worker);
        if (!listening && stopping) {
          resolve();
          return;
        }
        if (!listening) {
          reject(new Error(`an HTTP process exited while starting (${signal ?? `code ${code}`})`));
          return;
        }
        if (stopping) return;
        logger.warn(
          `HTTP process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`,
        );
        setTimeout(() => {
          if (!stopping) fork().catch((error: Error) => logger.error(error.message));
        }, RESTART_DELAY_MS).unref();
      });
    });
  await Promise.all(Array.from({ length: count }, fork));
}

/** Asks every HTTP process to shut down gracefully, and waits for them (killed after a timeout). */
export async function stopHttpProcesses(): Promise<void> {
  stopping = true;
  const exits = [...workers].map(
    (worker) =>
      new Promise<void>((resolve) => {
        if (worker.isDead()) return resolve();
        const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.process.kill('SIGTERM');
      }),
  );
  await Promise.all(exits);
}

/** Stops the forked HTTP processes before the primary's own modules close. */
@Injectable()
export class ClusterShutdown implements BeforeApplicationShutdown {
  async beforeApplicationShutdown(): Promise<void> {
    if (cluster.isPrimary && workers.size > 0) await stopHttpProcesses();
  }
}
