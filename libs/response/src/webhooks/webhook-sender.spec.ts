import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nextTryDelayMs, RETRY_WINDOW_MS } from './webhook-jobs.js';
import { outcomeOf, retryAfterMs, sendWebhook } from './webhook-sender.js';
import { newWebhookSecret, webhookHeaders } from './webhook-signature.js';

describe('outcomeOf', () => {
  it('sorts answers into delivered, retry, gone and rejected', () => {
    expect([200, 204, 299].map(outcomeOf)).toEqual(['delivered', 'delivered', 'delivered']);
    expect([500, 502, 503, 429, 408].map(outcomeOf)).toEqual(Array(5).fill('retry'));
    expect(outcomeOf(410)).toBe('gone');
    expect([400, 401, 404, 301].map(outcomeOf)).toEqual(Array(4).fill('rejected'));
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('nextTryDelayMs', () => {
  it('doubles from 5 s up to an hour, and follows Retry-After within the 24 h window', () => {
    expect([1, 2, 3, 4].map((n) => nextTryDelayMs(n, null))).toEqual([5000, 10000, 20000, 40000]);
    expect(nextTryDelayMs(40, null)).toBe(3_600_000);
    expect(nextTryDelayMs(1, 2000)).toBe(2000);
    expect(nextTryDelayMs(1, 0)).toBe(1000);
    expect(nextTryDelayMs(1, 10 * RETRY_WINDOW_MS)).toBe(RETRY_WINDOW_MS);
  });
});

describe('webhookHeaders', () => {
  it('signs "id.timestamp.body" with the decoded secret (Standard Webhooks)', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = '{"type":"incident.declared"}';
    const headers = webhookHeaders(secret, 'msg_1', body, new Date(1_700_000_000_123));
    expect(headers['webhook-timestamp']).toBe('1700000000');
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`msg_1.1700000000.${body}`).digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });
});

describe('sendWebhook', () => {
  let server: Server;
  let base: string;
  let handler: (req: IncomingMessage, res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a loopback address unless private addresses are allowed', async () => {
    handler = (_req, res) => res.end();
    const refused = await sendWebhook(`${base}/`, {}, '{}', { allowPrivate: false });
    expect(refused).toMatchObject({ outcome: 'refused', statusCode: null });
    const byName = await sendWebhook(base.replace('127.0.0.1', 'localhost'), {}, '{}', {
      allowPrivate: false,
    });
    expect(byName).toMatchObject({ outcome: 'refused', statusCode: null });
    expect(await sendWebhook(`${base}/`, {}, '{}', { allowPrivate: true })).toMatchObject({
      outcome: 'delivered',
      statusCode: 200,
    });
  });

  it('gives up on an endpoint that does not answer in time, to try again later', async () => {
    handler = () => undefined; // never answers
    const result = await sendWebhook(`${base}/`, {}, '{}', { allowPrivate: true, timeoutMs: 200 });
    expect(result).toMatchObject({ outcome: 'retry', statusCode: null });
    expect(result.error).toMatch(/no answer within 0.2 s/);
    expect(result.latencyMs).toBeGreaterThanOrEqual(190);
  });

  it('reports the status and Retry-After of an answer', async () => {
    handler = (_req, res) => {
      res.writeHead(429, { 'retry-after': '7' });
      res.end('slow down');
    };
    expect(await sendWebhook(`${base}/`, {}, '{}', { allowPrivate: true })).toMatchObject({
      outcome: 'retry',
      statusCode: 429,
      retryAfterMs: 7000,
      error: 'HTTP 429',
    });
  });

  it('counts a refused connection as a failure to retry', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await sendWebhook(`http://127.0.0.1:${port}/`, {}, '{}', { allowPrivate: true });
    expect(result).toMatchObject({ outcome: 'retry', statusCode: null });
    expect(result.error).toMatch(/ECONNREFUSED/);
  });
});
