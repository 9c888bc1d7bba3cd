import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

/** Values Postgres cannot store, or that would exhaust the stack, are 400s naming the field. */
describe('input the database cannot store', () => {
  let t: TestApp;
  let incidentId: number;

  beforeAll(async () => {
    t = await startTestApp({ redis: false });
    const res = await t
      .http()
      .post('/core/incidents')
      .auth(ADMIN.username, ADMIN.password)
      .send({ report: 'Target' });
    incidentId = res.body.id as number;
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, body: string) =>
    t
      .http()
      .post(path)
      .auth(ADMIN.username, ADMIN.password)
      .set('Content-Type', 'application/json')
      .send(body);

  it('refuses NUL characters anywhere in a body, naming the field', async () => {
    const cases: [string, string, string][] = [
      ['/core/incidents', '{"report":"nul \\u0000 char"}', 'report'],
      [
        `/core/incidents/${incidentId}/actions`,
        '{"details":"x","user":{"external_id":"U\\u0000"}}',
        'user.external_id',
      ],
      [
        `/core/incidents/${incidentId}/timeline/events`,
        '{"timestamp":"2026-11-28T10:00:00Z","text":"t","metadata":{"a":["\\u0000"]}}',
        'metadata.a.0',
      ],
      ['/core/auth/login', '{"username":"a\\u0000","password":"x"}', 'username'],
    ];
    for (const [path, body, field] of cases) {
      const res = await post(path, body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({ [field]: 'must not contain NUL characters' });
    }
  });

  it('refuses deeply nested metadata', async () => {
    const deep = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
    const res = await post(
      `/core/incidents/${incidentId}/timeline/events`,
      `{"timestamp":"2026-11-28T10:00:00Z","text":"deep","metadata":${deep}}`,
    );
    expect(res.status).toBe(400);
    expect(Object.values(res.body.errors as Record<string, string>)[0]).toMatch(
      /nested deeper than 32/,
    );
  });

  it('refuses a NUL in a Basic username without a 500', async () => {
    const res = await t.http().get('/core/incidents').auth('adm\u0000in', 'x');
    expect(res.status).toBe(401);
  });

  it('still accepts ordinary nested metadata', async () => {
    const res = await post(
      `/core/incidents/${incidentId}/timeline/events`,
      '{"timestamp":"2026-11-28T10:00:00Z","text":"ok","metadata":{"a":{"b":{"c":[1,2,{"d":"e"}]}}}}',
    );
    expect(res.status).toBe(201);
    expect(res.body.metadata).toEqual({ a: { b: { c: [1, 2, { d: 'e' }] } } });
  });
});
