import { describe, expect, it } from '@jest/globals';
import { formatDuration } from './duration.js';

const sec = 1000;
const min = 60 * sec;
const hr = 60 * min;
const day = 24 * hr;

describe('formatDuration', () => {
  it('reads like the issue example', () => {
    expect(formatDuration(hr + 5 * min)).toBe('1 hr 5 mins');
  });

  it('uses singular and plural units', () => {
    expect(formatDuration(min)).toBe('1 min');
    expect(formatDuration(2 * hr + min)).toBe('2 hrs 1 min');
    expect(formatDuration(day)).toBe('1 day');
    expect(formatDuration(3 * day + 4 * hr + 10 * min)).toBe('3 days 4 hrs 10 mins');
  });

  it('leaves out zero parts and seconds once past a minute', () => {
    expect(formatDuration(2 * day + 59 * sec)).toBe('2 days');
    expect(formatDuration(hr + 30 * sec)).toBe('1 hr');
    expect(formatDuration(day + 7 * min)).toBe('1 day 7 mins');
  });

  it('counts seconds under a minute', () => {
    expect(formatDuration(0)).toBe('0 secs');
    expect(formatDuration(1 * sec)).toBe('1 sec');
    expect(formatDuration(59 * sec + 999)).toBe('59 secs');
  });

  it('treats negative and non-finite input as zero', () => {
    expect(formatDuration(-5 * min)).toBe('0 secs');
    expect(formatDuration(Number.NaN)).toBe('0 secs');
  });
});
