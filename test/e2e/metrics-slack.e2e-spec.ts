import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import { slackEnv, TEST_INCIDENT_CHANNEL } from '../support/slack.js';

const TOKEN = 'metrics-token-0123456789';
const REPORTER = { id: 'U0REPORTER', name: 'rita', real_name: 'Rita Reporter' };

describe('Slack API metrics', () => {
  let slack: FakeSlack;
  let t: TestApp;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.seedUser(REPORTER);
    t = await startTestApp({ env: { ...slackEnv(slack.url), METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });

  const scrape = async () =>
    (await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text;

  it('counts Slack calls by method and outcome, failures by their Slack error', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 1);
    await coreApi(t)
      .post('/core/incidents', { report: 'Counted', reporter: { external_id: REPORTER.id } })
      .expect(201);
    await slack.waitFor(() => slack.messages(TEST_INCIDENT_CHANNEL).length > 0, 15_000, 'headline');
    let text = await scrape();
    for (
      let tries = 0;
      tries < 50 && !/method="chat.postMessage",outcome="ok"/.test(text);
      tries++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      text = await scrape();
    }
    expect(text).toMatch(
      /response_slack_api_calls_total\{method="chat.postMessage",outcome="ok"\} 1/,
    );
    expect(text).toMatch(
      /response_slack_api_calls_total\{method="chat.postMessage",outcome="rate_limited"\} 1/,
    );
  });
});
