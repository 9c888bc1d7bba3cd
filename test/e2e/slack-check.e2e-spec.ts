import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { botScopes } from '../../libs/response/src/slack/manifest.js';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { FAKE_BOT_USER_ID, startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { REPO_ROOT } from '../support/processes.js';
import { slackEnv, TEST_INCIDENT_CHANNEL, TEST_REPORT_CHANNEL } from '../support/slack.js';

const run = promisify(execFile);

/** `npm run slack:check`, as a person would run it (the built library's CLI). */
async function slackCheck(env: Record<string, string | undefined>) {
  try {
    const { stdout } = await run(
      process.execPath,
      [resolve(REPO_ROOT, 'libs/response/dist/slack/slack-check.cli.js')],
      { env: { PATH: process.env.PATH, ...env } },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('Checking the Slack connection', () => {
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack?.close();
  });

  const seedChannels = () => {
    slack.reset();
    slack.seedChannel({
      id: TEST_INCIDENT_CHANNEL,
      name: 'incidents',
      members: [FAKE_BOT_USER_ID],
    });
    slack.seedChannel({ id: TEST_REPORT_CHANNEL, name: 'incident-reports' });
  };

  it('passes every check when the token, scopes and channels are right', async () => {
    seedChannels();
    const result = await slackCheck(slackEnv(slack.url));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ok    Bot token: valid');
    expect(result.stdout).toContain(
      `ok    Scopes: all ${botScopes().length} needed scopes granted`,
    );
    expect(result.stdout).toContain(`ok    Incidents channel ${TEST_INCIDENT_CHANNEL}: #incidents`);
    expect(result.stdout).toContain('Slack is connected.');
  });

  it('names what fails, with its fix: a missing scope, a channel without the app, a missing channel', async () => {
    seedChannels();
    slack.grantedScopes = botScopes().filter((scope) => scope !== 'groups:write');
    const result = await slackCheck(
      slackEnv(slack.url, { INCIDENT_REPORT_CHANNEL_ID: TEST_REPORT_CHANNEL }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL  Scopes: missing: groups:write');
    expect(result.stdout).toContain('fix: Update the app from `npm run slack:manifest`');
    expect(result.stdout).toContain(
      `FAIL  Report channel ${TEST_REPORT_CHANNEL}: #incident-reports exists, but the app is not in it`,
    );
    expect(result.stdout).toContain('fix: Type /invite @incident in #incident-reports');

    slack.reset();
    const missing = await slackCheck(slackEnv(slack.url));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      `FAIL  Incidents channel ${TEST_INCIDENT_CHANNEL}: conversations.info answered channel_not_found`,
    );
  });

  it('says when Slack is not configured at all, or the token is refused', async () => {
    const off = await slackCheck({});
    expect(off.code).toBe(1);
    expect(off.stdout).toContain('FAIL  Slack is configured');
    seedChannels();
    slack.failNext('auth.test', { error: 'invalid_auth' });
    const refused = await slackCheck(slackEnv(slack.url));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('FAIL  Bot token: auth.test answered invalid_auth');
  });

  describe('GET /core/slack/check', () => {
    let t: TestApp;
    beforeAll(async () => {
      seedChannels();
      t = await startTestApp({ env: slackEnv(slack.url), redis: false });
      await t.app
        .get(AccountsService)
        .create({ username: 'resa', password: 'responder-password-1', role: 'responder' });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('gives admins the same checklist, and no one else', async () => {
      seedChannels();
      const res = await t
        .http()
        .get('/core/slack/check')
        .auth(ADMIN.username, ADMIN.password)
        .expect(200);
      expect(res.body.ok).toBe(true);
      expect(res.body.results.map((r: { check: string }) => r.check)).toEqual([
        'Signing secret',
        'Bot token',
        'Scopes',
        `Incidents channel ${TEST_INCIDENT_CHANNEL}`,
      ]);
      await t.http().get('/core/slack/check').auth('resa', 'responder-password-1').expect(403);
      await t.http().get('/core/slack/check').expect(401);
    });
  });
});
