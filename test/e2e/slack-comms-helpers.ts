import { expect } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import {
  startFakeSlack,
  type FakeSlack,
  type FakeUser,
  type RecordedCall,
} from '../fakes/fake-slack.js';
import { startTestApp, type StartOptions, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import { eventCallback, events, headlineClick, signedPost, slackEnv } from '../support/slack.js';

/** People of the fake workspace used by the comms channel tests. */
export const People = {
  reporter: { id: 'U0REPORTER', name: 'rita', real_name: 'Rita Reporter', display_name: 'rita' },
  lead: { id: 'U0LEAD0001', name: 'lee', real_name: 'Lee Lead', display_name: 'lee' },
  clicker: { id: 'U0CLICKER', name: 'cliff', real_name: 'Cliff Clicker', display_name: 'cliff' },
  alice: { id: 'U0ALICE01', name: 'alice', real_name: 'Alice Able', display_name: 'alice' },
} satisfies Record<string, FakeUser>;

export interface CommsHarness {
  slack: FakeSlack;
  t: TestApp;
  close(): Promise<void>;
}

/** What the helpers below need: the fake Slack and HTTP into the app (in this process or not). */
export interface SlackTarget {
  slack: FakeSlack;
  t: Pick<TestApp, 'http'>;
}

/** The app with Slack on, against a fake Slack that knows the people above. */
export async function startCommsApp(
  options: StartOptions & { slack?: FakeSlack } = {},
): Promise<CommsHarness> {
  const slack = options.slack ?? (await startFakeSlack());
  seedPeople(slack);
  const t = await startTestApp({ ...options, env: slackEnv(slack.url, options.env ?? {}) });
  return {
    slack,
    t,
    async close() {
      await t.close();
      if (!options.slack) await slack.close();
    },
  };
}

export function seedPeople(slack: FakeSlack): void {
  for (const person of Object.values(People)) slack.seedUser(person);
}

/** Declares an incident through `/core` as the reporter. */
export async function declare(
  t: Pick<TestApp, 'http'>,
  body: Record<string, unknown> = {},
): Promise<IncidentDto> {
  const res = await coreApi(t)
    .post('/core/incidents', {
      report: 'Card payments are failing',
      reporter: { external_id: People.reporter.id },
      ...body,
    })
    .expect(201);
  return res.body as IncidentDto;
}

export async function getIncident(t: Pick<TestApp, 'http'>, id: number): Promise<IncidentDto> {
  return (await coreApi(t).get(`/core/incidents/${id}`).expect(200)).body as IncidentDto;
}

/** Polls until `check` returns a value, failing after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Clicks "Create comms channel" on the headline post. */
export async function clickCreateChannel(
  h: SlackTarget,
  incidentId: number,
  userId: string = People.clicker.id,
): Promise<void> {
  const res = await signedPost(
    h.t.http,
    '/slack/action',
    await headlineClick(h.slack, incidentId, { actionId: 'create-comms-channel-button', userId }),
  );
  expect(res.status).toBe(200);
}

/** Declares an incident and opens its comms channel; returns both once the intro message is there. */
export async function incidentWithChannel(
  h: SlackTarget,
  body: Record<string, unknown> = {},
): Promise<{ incident: IncidentDto; channel: string }> {
  const incident = await declare(h.t, body);
  await clickCreateChannel(h, incident.id);
  const channel = await eventually(
    async () => (await getIncident(h.t, incident.id)).comms_channel?.channel_id,
    10_000,
    'comms channel',
  );
  await h.slack.waitFor(() => h.slack.messages(channel).length > 0, 10_000, 'intro message');
  return { incident: await getIncident(h.t, incident.id), channel };
}

/** Delivers one Events API event, signed. */
export async function sendEvent(
  h: SlackTarget,
  event: Record<string, unknown>,
  eventId?: string,
): Promise<void> {
  const res = await signedPost(h.t.http, '/slack/event', eventCallback(event, { eventId }));
  expect(res.status).toBe(200);
}

/** Types `@incident <text>` in a channel: the message lands in the fake Slack, then the app_mention is delivered. */
export async function mention(
  h: SlackTarget,
  channel: string,
  text: string,
  user: string = People.reporter.id,
): Promise<string> {
  const message = h.slack.addMessage(channel, { text: `<@UBOT0001> ${text}`, user });
  await sendEvent(h, events.appMention({ text: message.text, user, channel, ts: message.ts }));
  return message.ts;
}

/** Waits until the command message carries `reaction`, and returns every reaction on it. */
export async function reactedWith(
  h: SlackTarget,
  channel: string,
  ts: string,
  reaction: string,
): Promise<string[]> {
  await h.slack.waitFor(
    () => h.slack.reactionsOn(channel, ts).includes(reaction),
    10_000,
    `${reaction} on ${ts}`,
  );
  return h.slack.reactionsOn(channel, ts);
}

/** Posts of the bot in a channel whose text matches. */
export function postsIn(
  slack: FakeSlack,
  channel: string,
  match: (text: string) => boolean = () => true,
): RecordedCall[] {
  return slack
    .calls('chat.postMessage')
    .filter((call) => call.args.channel === channel && match(String(call.args.text ?? '')));
}

/** Waits until the bot has posted in a channel a message whose text matches, and returns those posts. */
export function postedIn(
  slack: FakeSlack,
  channel: string,
  match: (text: string) => boolean,
  what = 'a matching post',
): Promise<RecordedCall[]> {
  return slack.waitFor(
    () => {
      const found = postsIn(slack, channel, match);
      return found.length ? found : null;
    },
    10_000,
    `${what} in ${channel}`,
  );
}

/** Gives in-flight jobs a moment, to check that nothing more arrives. */
export function settle(ms = 1500): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
