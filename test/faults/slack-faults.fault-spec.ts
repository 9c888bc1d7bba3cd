import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import { SEVERITY_TEXT, type Severity } from '@response/contracts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startRedisServer } from '../support/processes.js';
import { slackEnv } from '../support/slack.js';
import {
  blockText,
  core,
  declare,
  eventually,
  headlineMessages,
  headlinePosts,
  REPORTER,
} from './helpers.js';

const INCIDENTS = 50;

/** What the headline must show for the incident's latest state. */
function expectHeadlineMatches(slack: FakeSlack, incident: IncidentDto): void {
  const [message] = headlineMessages(slack, incident.id);
  expect(message?.text).toBe(`Incident #${incident.id}: ${incident.report}`);
  expect(blockText(message, 'report')).toContain(incident.report);
  const severity = incident.severity ? SEVERITY_TEXT[incident.severity as Severity] : 'unset';
  expect(blockText(message, 'severity').toLowerCase()).toContain(severity);
  expect(blockText(message, 'status').toLowerCase()).toContain(incident.status);
}

describe('Slack answers 429 (Retry-After: 1) to 30% and 5xx to 10% of calls', () => {
  let slack: FakeSlack;
  let t: TestApp;
  let redis: Awaited<ReturnType<typeof startRedisServer>>;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.seedUser(REPORTER);
    // A Redis of its own: no other test run can share its queues.
    redis = await startRedisServer();
    t = await startTestApp({ env: { ...slackEnv(slack.url), REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
    await slack?.close();
  });

  it(`${INCIDENTS} incidents declared and edited: every headline ends correct, none posted twice`, async () => {
    let seed = 0x2545f491;
    let faults = 0;
    const random = () => {
      // xorshift32: a seeded, repeatable run
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      const roll = (seed >>> 0) / 0x100000000;
      if (roll < 0.4) faults++;
      return roll;
    };
    slack.setFaults({ rate429: 0.3, rate5xx: 0.1, retryAfter: 1, random });

    const ids: number[] = [];
    for (let i = 0; i < INCIDENTS; i++) ids.push(await declare(t.url, `Fault run incident ${i}`));
    // Several edits per incident, interleaved across incidents, while earlier refreshes are being retried.
    for (const [n, id] of ids.entries()) {
      const res = await core(t.url, 'PATCH', `/core/incidents/${id}`, {
        severity: String((n % 4) + 1),
      });
      expect(res.status).toBe(200);
    }
    for (const [n, id] of ids.entries()) {
      const res = await core(t.url, 'PATCH', `/core/incidents/${id}`, {
        report: `Fault run incident ${n} (edited)`,
        summary: `summary ${n}`,
      });
      expect(res.status).toBe(200);
    }
    for (const id of ids.filter((_, n) => n % 3 === 0)) {
      const res = await core(t.url, 'PATCH', `/core/incidents/${id}`, {
        end_time: new Date().toISOString(),
      });
      expect(res.status).toBe(200);
    }

    const latest = new Map<number, IncidentDto>();
    for (const id of ids)
      latest.set(id, (await core<IncidentDto>(t.url, 'GET', `/core/incidents/${id}`)).body);

    await eventually(
      async () =>
        ids.every((id) => {
          const incident = latest.get(id)!;
          const [message] = headlineMessages(slack, id);
          return (
            message?.text === `Incident #${id}: ${incident.report}` &&
            blockText(message, 'status').toLowerCase().includes(incident.status) &&
            blockText(message, 'severity')
              .toLowerCase()
              .includes(SEVERITY_TEXT[incident.severity as Severity])
          );
        }),
      // Posts to one channel are paced at about one a second (Slack's limit), so 50 headlines take a minute or more.
      240_000,
      'every headline to show the latest state',
    );
    slack.setFaults(null);

    expect(faults).toBeGreaterThan(INCIDENTS); // the faults really happened
    for (const id of ids) {
      expectHeadlineMatches(slack, latest.get(id)!);
      // Slack stored one message per incident; any further chat.postMessage attempts were the refused ones, retried.
      expect(headlineMessages(slack, id)).toHaveLength(1);
      expect(headlinePosts(slack, id).length).toBeGreaterThanOrEqual(1);
    }
    expect(slack.messages('CINCIDENTS')).toHaveLength(INCIDENTS);
  }, 300_000);
});
