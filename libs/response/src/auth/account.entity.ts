import { Column, Entity, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Role } from '@response/contracts';
import { ExternalUser } from '../users/external-user.entity.js';

/** A login to the web app and the API. */
@Entity('account')
export class Account {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  /** `scrypt$<salt b64>$<hash b64>` */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20, default: 'responder' })
  role: Role;

  @ManyToOne(() => ExternalUser, { nullable: true, onDelete: 'SET NULL' })
  externalUser: Relation<ExternalUser> | null;

  @Column({ type: 'int', nullable: true })
  externalUserId: number | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** Set when an admin disabled the account: it cannot log in and has no session. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;
}
