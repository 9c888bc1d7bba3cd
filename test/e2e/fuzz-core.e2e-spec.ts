import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

/**
 * Hostile input on every `/core` write endpoint: thousands of generated bodies,
 * some valid-looking, most not. Nothing may answer 5xx, and every error is JSON
 * with a message.
 */

const FIELDS = [
  'report',
  'summary',
  'impact',
  'lead',
  'reporter',
  'severity',
  'report_only',
  'private',
  'start_time',
  'end_time',
  'details',
  'user',
  'done',
  'done_date',
  'due_date',
  'priority',
  'type',
  'timestamp',
  'text',
  'event_type',
  'metadata',
  'external_id',
  'id',
  'action_items',
  'comms_channel',
  '__proto__',
  'constructor',
];

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    "'; DROP TABLE incident; --",
    '\u0000',
    '%00',
    '9999-99-99T99:99:99Z',
    '2026-02-30',
    '1e309',
    'NaN',
    '-1',
    '0',
    '5',
    '１',
    'null',
    '{}',
    '[]',
    'x'.repeat(70_000),
    '../../etc/passwd',
    '${jndi:ldap://x}',
    '\ud800',
  ),
);

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('external_id', 'id', 'text', 'display_name'), tie('node'), {
      maxKeys: 3,
    }),
  ),
})).node;

const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 8 }),
  value,
  fc.jsonValue(),
);

const rawBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '{',
    '{"report":',
    '[1,2',
    '\u0000\u0001',
    'report=x&severity=1',
    '{"a":1}{"b":2}',
  ),
);

interface Target {
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
}

// Thousands of requests per test: on a loaded machine they need more than the default minute.
jest.setTimeout(240_000);

describe('fuzzing the /core write endpoints', () => {
  let t: TestApp;
  let targets: Target[];

  beforeAll(async () => {
    t = await startTestApp({ redis: false });
    const incident = await t
      .http()
      .post('/core/incidents')
      .auth(ADMIN.username, ADMIN.password)
      .send({ report: 'Fuzz target', summary: 's', severity: '2' })
      .expect(201);
    const id = incident.body.id as number;
    const action = await t
      .http()
      .post(`/core/incidents/${id}/actions`)
      .auth(ADMIN.username, ADMIN.password)
      .send({ details: 'Fuzz action' })
      .expect(201);
    const event = await t
      .http()
      .post(`/core/incidents/${id}/timeline/events`)
      .auth(ADMIN.username, ADMIN.password)
      .send({ timestamp: new Date().toISOString(), text: 'Fuzz entry' })
      .expect(201);
    const a = action.body.id as number;
    const e = event.body.id as number;
    targets = [
      { method: 'post', path: '/core/incidents' },
      { method: 'put', path: `/core/incidents/${id}` },
      { method: 'patch', path: `/core/incidents/${id}` },
      { method: 'post', path: `/core/incidents/${id}/actions` },
      { method: 'put', path: `/core/incidents/${id}/actions/${a}` },
      { method: 'patch', path: `/core/incidents/${id}/actions/${a}` },
      { method: 'post', path: `/core/incidents/${id}/timeline/events` },
      { method: 'put', path: `/core/incidents/${id}/timeline/events/${e}` },
      { method: 'patch', path: `/core/incidents/${id}/timeline/events/${e}` },
      { method: 'post', path: '/core/actions' },
      { method: 'put', path: `/core/actions/${a}` },
      { method: 'patch', path: `/core/actions/${a}` },
      { method: 'post', path: '/core/auth/login' },
      { method: 'patch', path: '/core/incidents/abc' },
      { method: 'patch', path: '/core/incidents/99999999999999999999' },
      { method: 'delete', path: `/core/incidents/${id}/actions/-1` },
      { method: 'delete', path: `/core/incidents/${id}/timeline/events/1e5` },
    ];
  });

  afterAll(async () => {
    await t.close();
  });

  function check(
    status: number,
    res: { body: unknown; headers: Record<string, string> },
    what: string,
  ): void {
    if (status >= 500) throw new Error(`${what} answered ${status}: ${JSON.stringify(res.body)}`);
    if (status >= 400) {
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(typeof (res.body as { message?: unknown }).message).toBe('string');
    }
  }

  it('never answers 5xx to generated JSON bodies', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.nat(), body, async (pick, payload) => {
        const target = targets[pick % targets.length];
        const request = t.http()[target.method](target.path);
        const res = await request
          .auth(ADMIN.username, ADMIN.password)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(payload) ?? 'null');
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        check(res.status, res, `${target.method.toUpperCase()} ${target.path}`);
      }),
      { numRuns: 2500, seed: 20261128 },
    );
    // The generator reaches the handlers: some writes succeed, most are refused with 400.
    const succeeded = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    expect(succeeded).toBeGreaterThan(10);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(500);
  });

  it('never answers 5xx to malformed raw bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        rawBody,
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (pick, raw, type) => {
          const target = targets[pick % targets.length];
          const request = t.http()[target.method](target.path);
          const res = await request
            .auth(ADMIN.username, ADMIN.password)
            .set('Content-Type', type)
            .send(raw);
          check(res.status, res, `${target.method.toUpperCase()} ${target.path} (${type})`);
        },
      ),
      { numRuns: 800, seed: 42 },
    );
  });

  it('answers 413 with JSON to a body over 1 MB', async () => {
    const res = await t
      .http()
      .post('/core/incidents')
      .auth(ADMIN.username, ADMIN.password)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ report: 'x', summary: 'y'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/too large/);
  });
});
