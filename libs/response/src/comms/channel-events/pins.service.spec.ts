import { describe, expect, it } from '@jest/globals';
import { slackTsToDate } from './pins.service.js';

describe('slackTsToDate', () => {
  it('reads Slack message timestamps to the millisecond', () => {
    expect(slackTsToDate('1700000123.456700')?.toISOString()).toBe('2023-11-14T22:15:23.457Z');
    expect(slackTsToDate('1700000123')?.toISOString()).toBe('2023-11-14T22:15:23.000Z');
  });

  it('refuses anything else', () => {
    for (const ts of ['', 'abc', '1.2.3', '-1', '1e9', '1700000123.', '17000001234567890'])
      expect(slackTsToDate(ts)).toBeNull();
  });
});
