import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import pg from 'pg';
import { getPGliteInstance } from 'typeorm-pglite';
import type { EntityManager } from 'typeorm';
import {
  DomainEvents,
  type ActionChangedEvent,
  type IncidentChangedEvent,
  type StatusUpdatePostedEvent,
  type TimelineChangedEvent,
  type UpdateClockChangedEvent,
} from '../common/domain-events.js';
import { CONFIG, type Config } from '../config/config.js';

/** The Postgres channel every process listens on. */
export const CHANGES_CHANNEL = 'response_changes';
/** How long to wait before listening again after the connection broke. */
const RECONNECT_MS = 1000;

/** What changed: an incident (with anything of it), or an account (its sessions, role or password). */
export type Change = { kind: 'incident'; id: number } | { kind: 'account'; id: number };

type Subscriber = (change: Change) => void;

/**
 * Changes, told to every process. A change is announced with `pg_notify`
 * inside the transaction that makes it, so Postgres delivers it only if that
 * transaction commits, and to every process listening (API and worker
 * processes alike); the embedded database does the same within its one
 * process. Subscribers are called for every change, from any source.
 */
@Injectable()
export class ChangeBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeBus.name);
  private readonly subscribers = new Set<Subscriber>();
  private client: pg.Client | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private closed = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(@Inject(CONFIG) private readonly config: Config) {}

  /** Announces a change as part of the caller's transaction. */
  announce(manager: EntityManager, change: Change): Promise<void> {
    return announceChange(manager, change);
  }

  /** Calls `subscriber` for every change; returns the function that stops it. */
  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  @OnEvent(DomainEvents.IncidentCreated, { suppressErrors: false })
  @OnEvent(DomainEvents.IncidentUpdated, { suppressErrors: false })
  async onIncident(event: IncidentChangedEvent): Promise<void> {
    await this.announce(event.manager, { kind: 'incident', id: event.incidentId });
  }

  @OnEvent(DomainEvents.ActionChanged, { suppressErrors: false })
  @OnEvent(DomainEvents.TimelineChanged, { suppressErrors: false })
  @OnEvent(DomainEvents.StatusUpdatePosted, { suppressErrors: false })
  @OnEvent(DomainEvents.UpdateClockChanged, { suppressErrors: false })
  async onPart(
    event:
      ActionChangedEvent | TimelineChangedEvent | StatusUpdatePostedEvent | UpdateClockChangedEvent,
  ): Promise<void> {
    await this.announce(event.manager, { kind: 'incident', id: event.incidentId });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.stopListening?.().catch(() => undefined);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async listen(): Promise<void> {
    const database = this.config.database;
    if (database.kind === 'embedded') {
      const db = await getPGliteInstance();
      const stop = await db.listen(CHANGES_CHANNEL, (payload) => this.deliver(payload));
      this.stopListening = () => stop();
      return;
    }
    const client = new pg.Client({ connectionString: database.url });
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL && message.payload) this.deliver(message.payload);
    });
    // A dropped connection is listened on again, so live pages keep updating after a database restart.
    client.on('error', (error) => this.reconnect(client, error));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.reconnect(client, error as Error);
    }
  }

  private reconnect(client: pg.Client, error?: Error): void {
    if (this.closed || this.retry || (this.client !== null && this.client !== client)) return;
    this.client = null;
    if (error) this.logger.warn(`Lost the change notifications: ${error.message}; listening again`);
    client.removeAllListeners();
    client.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.closed) void this.listen();
    }, RECONNECT_MS);
  }

  private deliver(payload: string): void {
    const change = decode(payload);
    if (!change) return;
    for (const subscriber of this.subscribers) {
      try {
        subscriber(change);
      } catch (error) {
        this.logger.warn(`A change subscriber failed: ${(error as Error).message}`);
      }
    }
  }
}

/**
 * Tells every process about a change when (and only if) the caller's
 * transaction commits. Usable without the bus, e.g. where sessions end.
 */
export async function announceChange(manager: EntityManager, change: Change): Promise<void> {
  await manager.query(`SELECT pg_notify($1, $2)`, [CHANGES_CHANNEL, encode(change)]);
}

function encode(change: Change): string {
  return `${change.kind}:${change.id}`;
}

function decode(payload: string): Change | null {
  const match = /^(incident|account):(\d{1,12})$/.exec(payload);
  if (!match) return null;
  return { kind: match[1] as Change['kind'], id: Number(match[2]) };
}
