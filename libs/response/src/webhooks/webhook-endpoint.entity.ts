import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookEvent } from '@response/contracts';

/** Where an admin asked for incident events to be sent, signed with its own secret. */
@Entity('webhook_endpoint')
export class WebhookEndpoint {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** The events it receives. */
  @Column({ type: 'text', array: true })
  events: WebhookEvent[];

  /** Whether events of private incidents are sent to it. */
  @Column({ type: 'boolean', default: false })
  includePrivate: boolean;

  /** `whsec_<base64>`: needed in clear to sign, never shown again after creation. */
  @Column({ type: 'varchar', length: 100 })
  secret: string;

  /** Set when it answered 410 Gone or an admin turned it off; nothing is sent meanwhile. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  disabledReason: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
