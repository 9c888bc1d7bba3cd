import {
  Inject,
  Injectable,
  Logger,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ServiceUnavailableError, UnauthorizedError } from '../common/errors.js';
import { CONFIG, type Config } from '../config/config.js';

/** Requests signed more than this long ago (or ahead) are refused, as Slack recommends. */
export const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

/** Computes Slack's request signature: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}`. */
export function computeSlackSignature(secret: string, timestamp: string, rawBody: Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/** Whether a signature header matches, compared in constant time. */
export function isValidSlackSignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  rawBody: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) return false;
  const expected = Buffer.from(computeSlackSignature(secret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Runs before anything else on the Slack endpoints: 503 when Slack is not
 * configured, 401 unless the request carries a fresh, valid Slack signature.
 */
@Injectable()
export class SignatureGuard implements CanActivate {
  private readonly logger = new Logger(SignatureGuard.name);

  constructor(@Inject(CONFIG) private readonly config: Config) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.slack.enabled) {
      throw new ServiceUnavailableError(
        'Slack is not configured: set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and INCIDENT_CHANNEL_ID',
      );
    }
    const req = context.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    const timestamp = req.header('x-slack-request-timestamp');
    const signature = req.header('x-slack-signature');
    const raw = Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0);
    if (!isValidSlackSignature(this.config.slack.signingSecret, timestamp, signature, raw)) {
      this.logger.warn(
        `Refused ${req.method} ${req.path}: missing, stale or wrong Slack signature`,
      );
      throw new UnauthorizedError('Missing, stale or invalid Slack signature');
    }
    return true;
  }
}
