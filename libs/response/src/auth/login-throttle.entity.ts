import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed-login counter for one key (`user:<name>` or `ip:<address>`) over a fixed
 * window. Kept in Postgres so that every API process shares the same counts.
 */
@Entity('login_throttle')
@Index('ix_login_throttle_window_ends', ['windowEndsAt'])
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz' })
  windowEndsAt: Date;
}
