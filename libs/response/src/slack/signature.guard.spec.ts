import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { computeSlackSignature, isValidSlackSignature } from './signature.guard.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

describe('Slack request signatures', () => {
  it("computes Slack's documented example signature", () => {
    // The worked example from Slack's "Verifying requests from Slack" guide.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(computeSlackSignature(SECRET, '1531420618', Buffer.from(body))).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  const now = 1_700_000_000;
  const body = Buffer.from('{"type":"event_callback"}');
  const sign = (ts: number, secret = SECRET) =>
    `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body.toString()}`).digest('hex')}`;

  it('accepts a fresh, correct signature', () => {
    expect(isValidSlackSignature(SECRET, String(now), sign(now), body, now)).toBe(true);
    expect(isValidSlackSignature(SECRET, String(now - 300), sign(now - 300), body, now)).toBe(true);
  });

  it('refuses stale or future timestamps', () => {
    expect(isValidSlackSignature(SECRET, String(now - 301), sign(now - 301), body, now)).toBe(
      false,
    );
    expect(isValidSlackSignature(SECRET, String(now + 301), sign(now + 301), body, now)).toBe(
      false,
    );
  });

  it('refuses missing, malformed or wrong signatures', () => {
    expect(isValidSlackSignature(SECRET, undefined, sign(now), body, now)).toBe(false);
    expect(isValidSlackSignature(SECRET, String(now), undefined, body, now)).toBe(false);
    expect(isValidSlackSignature(SECRET, 'abc', sign(now), body, now)).toBe(false);
    expect(isValidSlackSignature(SECRET, String(now), 'v0=short', body, now)).toBe(false);
    expect(isValidSlackSignature(SECRET, String(now), sign(now, 'other-secret'), body, now)).toBe(
      false,
    );
    expect(
      isValidSlackSignature(
        SECRET,
        String(now),
        sign(now),
        Buffer.from('{"type":"tampered"}'),
        now,
      ),
    ).toBe(false);
  });
});
