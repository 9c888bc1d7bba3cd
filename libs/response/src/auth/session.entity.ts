import { Column, Entity, Index, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Account } from './account.entity.js';

/** A cookie session; the cookie holds a random token and only its hash is stored. */
@Entity('account_session')
@Index('ix_account_session_expires', ['expiresAt'])
export class Session {
  /** SHA-256 of the session token, hex. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  account: Relation<Account>;

  @Column({ type: 'int' })
  accountId: number;

  @Column({ type: 'varchar', length: 64 })
  csrfToken: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
