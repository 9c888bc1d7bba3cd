import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { isIP } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { CONFIG, type Config } from '../config/config.js';
import { advertiseEmbeddedServer } from '../database/embedded-lock.js';

/** What a local command may call with the token: the accounts API only. */
const ACCOUNTS_PATH = /^\/core\/accounts(\/|$)/;

function isLoopback(address: string | undefined): boolean {
  if (!address || isIP(address) === 0) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

/**
 * With the embedded database, which only this process may open, the
 * `account:*` commands go through this server instead: it writes its address
 * and a random token into `DATA_DIR/lock.json` (readable by its owner only),
 * and admits that token, from this machine, on `/core/accounts` only.
 */
@Injectable()
export class LocalControlService {
  private readonly token = Buffer.from(randomBytes(32).toString('base64url'));

  constructor(@Inject(CONFIG) private readonly config: Config) {}

  /** Called once the server listens on `port`. */
  advertise(port: number): void {
    if (this.config.database.kind !== 'embedded' || !this.config.app.http) return;
    advertiseEmbeddedServer(
      this.config.database.dataDir,
      `http://127.0.0.1:${port}`,
      this.token.toString(),
    );
  }

  /** Whether a request is a local command's: the token, over loopback, on the accounts API. */
  admits(req: Request, token: string): boolean {
    if (this.config.database.kind !== 'embedded') return false;
    const sent = Buffer.from(token);
    return (
      sent.length === this.token.length &&
      timingSafeEqual(sent, this.token) &&
      isLoopback(req.socket.remoteAddress) &&
      ACCOUNTS_PATH.test(req.originalUrl.split('?')[0]!)
    );
  }
}
