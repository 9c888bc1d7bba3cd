import { describe, expect, it } from '@jest/globals';
import { prettyLine } from './logger.js';

describe('prettyLine', () => {
  it('reads as time, level, context, message and the other fields', () => {
    expect(
      prettyLine({
        level: 40,
        time: '2026-11-30T12:00:01.123Z',
        pid: 7,
        context: 'OutboxRelay',
        msg: 'Outbox relay paused',
        incidentId: 12,
      }),
    ).toBe('12:00:01 WARN  [OutboxRelay] Outbox relay paused incidentId=12\n');
  });

  it('writes a request as method, path, status and time', () => {
    expect(
      prettyLine({
        level: 30,
        time: '2026-11-30T12:00:02.000Z',
        context: 'HTTP',
        msg: 'request',
        method: 'GET',
        path: '/core/incidents',
        status: 200,
        ms: 4.2,
      }),
    ).toBe('12:00:02 INFO  [HTTP] GET /core/incidents 200 4.2 ms\n');
  });
});
