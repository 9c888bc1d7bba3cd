import type { IncidentDto } from '@response/contracts';
import pg from 'pg';
import { ADMIN } from '../support/app.js';
import type { FakeSlack, FakeMessage } from '../fakes/fake-slack.js';
import { TEST_INCIDENT_CHANNEL } from '../support/slack.js';

export const REPORTER = { id: 'U0REPORTER', name: 'rita', real_name: 'Rita Reporter' };

const BASIC = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;

export interface CoreResponse<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

/** A `/core` request as the admin over plain HTTP, to any base URL (a separate process or the test app). */
export async function core<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<CoreResponse<T>> {
  const started = performance.now();
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: {
      Authorization: BASIC,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T, ms: performance.now() - started };
}

export async function declare(baseUrl: string, report: string): Promise<number> {
  const res = await core<IncidentDto>(baseUrl, 'POST', '/core/incidents', {
    report,
    reporter: { external_id: REPORTER.id },
  });
  if (res.status !== 201)
    throw new Error(`declare answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** `chat.postMessage` calls that posted the headline of one incident (successful or not). */
export function headlinePosts(slack: FakeSlack, id: number) {
  return slack
    .calls('chat.postMessage')
    .filter((call) => String(call.args.text ?? '').startsWith(`Incident #${id}:`));
}

/** Headline messages of one incident as they are now in the incidents channel. */
export function headlineMessages(slack: FakeSlack, id: number): FakeMessage[] {
  return slack
    .messages(TEST_INCIDENT_CHANNEL)
    .filter((message) => message.text.startsWith(`Incident #${id}:`));
}

type Block = { block_id?: string; text?: { text?: string } };

export function blockText(message: FakeMessage | undefined, blockId: string): string {
  const blocks = (message?.blocks ?? []) as Block[];
  return blocks.find((block) => block.block_id === blockId)?.text?.text ?? '';
}

/** Runs SQL against a database and returns its rows. */
export async function sql<R = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as R[];
  } finally {
    await client.end();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls an async predicate until it holds. */
export async function eventually<T>(
  predicate: () => Promise<T | false | null | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    await sleep(100);
  }
}
