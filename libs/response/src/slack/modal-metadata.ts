import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CONFIG, type Config } from '../config/config.js';

/**
 * A modal's `private_metadata` carries what it was opened for (an incident id,
 * the channel of a slash command) and who opened it, authenticated with an
 * HMAC under a key derived from the signing secret. Slack sends it back with
 * the submission; a tampered value, or one submitted by someone else (a
 * replayed payload), opens to null.
 */
@Injectable()
export class ModalMetadata {
  private readonly key: Buffer;

  constructor(@Inject(CONFIG) config: Config) {
    this.key = createHmac('sha256', config.slack.signingSecret || 'slack-not-configured')
      .update('response:modal-metadata:v1')
      .digest();
  }

  /** `private_metadata` for a modal opened by `userId` for `data`. */
  seal(data: unknown, userId: string): string {
    const body = Buffer.from(JSON.stringify({ u: userId, d: data })).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The data of a sealed value submitted by `userId`, or null when it is not one of ours for them. */
  open<T = unknown>(sealed: string, userId: string): T | null {
    const dot = sealed.lastIndexOf('.');
    if (dot <= 0) return null;
    const body = sealed.slice(0, dot);
    const mac = Buffer.from(sealed.slice(dot + 1));
    const expected = Buffer.from(this.mac(body));
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
    try {
      const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
        u?: unknown;
        d?: unknown;
      };
      return parsed.u === userId ? ((parsed.d ?? null) as T | null) : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
