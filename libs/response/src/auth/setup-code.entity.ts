import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A one-time code of the setup link printed while no account exists. Only its
 * hash is stored; every code is gone once the first account has been made.
 */
@Entity('setup_code')
export class SetupCode {
  /** SHA-256 of the code, hex. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
