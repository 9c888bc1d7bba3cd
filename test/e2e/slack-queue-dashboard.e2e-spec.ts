import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { slackEnv } from '../support/slack.js';

const VIEWER = { username: 'vic', password: 'viewer-password-1' };

describe('Queue dashboard at /admin/queues', () => {
  let slack: FakeSlack;
  let t: TestApp;

  beforeAll(async () => {
    slack = await startFakeSlack();
    t = await startTestApp({ env: slackEnv(slack.url) });
    await t.app.get(AccountsService).create({ ...VIEWER, role: 'viewer' });
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });

  it('refuses anonymous users with 401 JSON', async () => {
    const res = await t.http().get('/admin/queues').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401 });
    await t.http().get('/admin/queues/api/queues').expect(401);
  });

  it('refuses non-admins with 403', async () => {
    await t.http().get('/admin/queues').auth(VIEWER.username, VIEWER.password).expect(403);
  });

  it('shows the slack queue to admins', async () => {
    const page = await t
      .http()
      .get('/admin/queues')
      .auth(ADMIN.username, ADMIN.password)
      .expect(200);
    expect(page.text).toContain('<html');
    const api = await t
      .http()
      .get('/admin/queues/api/queues')
      .auth(ADMIN.username, ADMIN.password)
      .expect(200);
    const names = (api.body as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names).toContain('slack');
  });
});

describe('Queue dashboard without Redis', () => {
  it('is not mounted', async () => {
    const t = await startTestApp({ redis: false });
    try {
      const res = await t
        .http()
        .get('/admin/queues/api/queues')
        .auth(ADMIN.username, ADMIN.password);
      expect(res.status).not.toBe(200);
    } finally {
      await t.close();
    }
  });
});
