import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { JobQueue } from '../queue/job-queue.js';
import { OutboxRelay } from '../outbox/outbox.relay.js';

/** Prometheus metrics of this process. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'response_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly slackCalls = new Counter({
    name: 'response_slack_api_calls_total',
    help: 'Slack Web API calls by method and outcome',
    labelNames: ['method', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly queueJobs = new Gauge({
    name: 'response_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  private readonly outboxLag = new Gauge({
    name: 'response_outbox_lag_seconds',
    help: 'Age of the oldest outbox row not yet moved to the queue',
    registers: [this.registry],
  });

  constructor(
    private readonly queue: JobQueue,
    private readonly relay: OutboxRelay,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'response_' });
  }

  /** Records one Slack Web API call; `outcome` is `ok` or the Slack error code. */
  slackCall(method: string, outcome: string): void {
    this.slackCalls.inc({ method, outcome });
  }

  async render(): Promise<string> {
    const [counts, lag] = await Promise.all([
      this.queue.counts().catch(() => ({})),
      this.relay.lagSeconds().catch(() => Number.NaN),
    ]);
    this.queueJobs.reset();
    for (const [queue, states] of Object.entries(counts)) {
      for (const [state, value] of Object.entries(states))
        this.queueJobs.set({ queue, state }, value);
    }
    this.outboxLag.set(lag);
    return this.registry.metrics();
  }
}
