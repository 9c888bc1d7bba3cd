import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A person known from a chat app (Slack) or a web-only account (`app_id: "web"`). */
@Entity('external_user')
@Unique('uq_external_user_app_external_id', ['appId', 'externalId'])
export class ExternalUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 50 })
  appId: string;

  @Column({ type: 'varchar', length: 50 })
  externalId: string;

  @Column({ type: 'varchar', length: 100, default: '' })
  displayName: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  fullName: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;
}
