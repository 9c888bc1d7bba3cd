import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A sign-in started at the provider and not finished yet: what the callback
 * checks. Used once (deleted by the callback), and only for 10 minutes.
 */
@Entity('oidc_login')
@Index('ix_oidc_login_expires', ['expiresAt'])
export class OidcLogin {
  /** SHA-256 of the `state` sent to the provider (the browser holds the value in a cookie). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  stateHash: string;

  @Column({ type: 'varchar', length: 100 })
  nonce: string;

  @Column({ type: 'varchar', length: 100 })
  codeVerifier: string;

  /** Where to go afterwards: a path of this site. */
  @Column({ type: 'varchar', length: 2000 })
  next: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
