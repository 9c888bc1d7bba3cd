import { Column, Entity, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Account } from '../account.entity.js';

/** An account's identity at an OpenID Connect provider: its issuer and subject (`sub`). */
@Entity('account_identity')
@Unique('uq_account_identity_issuer_subject', ['issuer', 'subject'])
export class AccountIdentity {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  account: Relation<Account>;

  @Column({ type: 'int' })
  accountId: number;

  @Column({ type: 'varchar', length: 500 })
  issuer: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastLoginAt: Date;
}
