import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { checkedLookup, hostOf, isPublicAddress, RefusedAddressError } from './address-guard.js';

/** How long an endpoint has to answer (status line and headers). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * What a try came to:
 * - `delivered`: 2xx;
 * - `retry`: a timeout, no connection, 5xx, 408 or 429, tried again later;
 * - `gone`: 410, the endpoint is disabled;
 * - `rejected`: any other answer (4xx, a redirect), not tried again;
 * - `refused`: the address may not be reached (SSRF guard), not tried again.
 */
export type SendOutcome = 'delivered' | 'retry' | 'gone' | 'rejected' | 'refused';

export interface SendResult {
  outcome: SendOutcome;
  statusCode: number | null;
  latencyMs: number;
  /** From `Retry-After` (seconds or an HTTP date), when the answer had one. */
  retryAfterMs: number | null;
  error: string | null;
}

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
}

/** The outcome of an HTTP status. */
export function outcomeOf(status: number): SendOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  if (status >= 500 || status === 429 || status === 408) return 'retry';
  return 'rejected';
}

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * POSTs one signed webhook. Never throws: every failure is a result. Redirects
 * are not followed, and the body of the answer is not read.
 */
export function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendResult> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const early = (outcome: SendOutcome, error: string): Promise<SendResult> =>
    Promise.resolve({ outcome, statusCode: null, retryAfterMs: null, error, latencyMs: 0 });

  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return early('rejected', 'the URL is not valid');
  }
  const host = hostOf(target);
  // A literal address is connected to without any lookup: check it here.
  if (!options.allowPrivate && isIP(host) && !isPublicAddress(host))
    return early('refused', `${host} is a loopback, private or link-local address`);

  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const fail = (outcome: SendOutcome, error: string) =>
      finish({ outcome, statusCode: null, retryAfterMs: null, error });

    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: checkedLookup(options.allowPrivate) as never,
      agent: false,
    });
    const timer = setTimeout(() => {
      fail('retry', `no answer within ${timeoutMs / 1000} s`);
      req.destroy();
    }, timeoutMs);
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const header = res.headers['retry-after'];
      finish({
        outcome: outcomeOf(status),
        statusCode: status,
        retryAfterMs: retryAfterMs(Array.isArray(header) ? header[0] : header),
        error:
          status >= 200 && status < 300
            ? null
            : status >= 300 && status < 400
              ? `HTTP ${status} (redirects are not followed)`
              : `HTTP ${status}`,
      });
      res.resume();
      res.on('error', () => undefined);
      // Only the status matters: do not wait for (or keep) a long body.
      setTimeout(() => res.destroy(), 1000).unref();
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof RefusedAddressError || error.code === 'ERR_WEBHOOK_REFUSED_ADDRESS')
        fail('refused', error.message);
      else fail('retry', error.code ? `${error.code}: ${error.message}` : error.message);
    });
    req.end(body);
  });
}
