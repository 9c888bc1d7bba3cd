import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed-login bookkeeping for one key: `pair:<username>|<address>` (failures
 * and the time of the next allowed attempt), `user:<username>` and
 * `ip:<address>` (failures over a fixed window, against the caps), and
 * `known:<username>|<address>` (a recent success there). Kept in Postgres so
 * that every API process shares it.
 */
@Entity('login_throttle')
@Index('ix_login_throttle_window_ends', ['windowEndsAt'])
@Index('ix_login_throttle_username', ['username'])
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  /** The username (lower-cased) the key is about, so that unlocking finds every key. */
  @Column({ type: 'varchar', length: 150, nullable: true })
  username: string | null;

  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz' })
  windowEndsAt: Date;

  /** `pair:` keys: no attempt before this time. */
  @Column({ type: 'timestamptz', nullable: true })
  retryAt: Date | null;
}
