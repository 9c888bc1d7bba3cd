import { describe, expect, it } from '@jest/globals';
import { formatDuration, formatIncidentDuration, incidentDurationSeconds } from './duration.js';

const min = 60;
const hr = 60 * min;
const day = 24 * hr;

describe('formatDuration, short style', () => {
  it.each([
    [0, '0s'],
    [59, '59s'],
    [60, '1m'],
    [3_599, '59m'],
    [3_600, '1h'],
    [3_660, '1h 1m'],
    [86_400, '1d'],
    [95_400, '1d 2h'],
    [90_061, '1d 1h'],
    [-5, '0s'],
    [Number.NaN, '0s'],
  ])('%s seconds is %s', (seconds, text) => {
    expect(formatDuration(seconds, 'short')).toBe(text);
  });

  it('shows the largest unit and the one below it only', () => {
    expect(formatDuration(day + 7 * min, 'short')).toBe('1d');
    expect(formatDuration(2 * day + 3 * hr + 10 * min, 'short')).toBe('2d 3h');
  });

  it('treats no value as zero', () => {
    expect(formatDuration(null, 'short')).toBe('0s');
    expect(formatDuration(undefined, 'short')).toBe('0s');
    expect(formatDuration(Number.POSITIVE_INFINITY, 'short')).toBe('0s');
  });
});

describe('formatDuration, long style', () => {
  it('reads like `1 hr 5 mins`', () => {
    expect(formatDuration(hr + 5 * min, 'long')).toBe('1 hr 5 mins');
  });

  it('uses singular and plural units', () => {
    expect(formatDuration(min, 'long')).toBe('1 min');
    expect(formatDuration(2 * hr + min, 'long')).toBe('2 hrs 1 min');
    expect(formatDuration(day, 'long')).toBe('1 day');
    expect(formatDuration(3 * day + 4 * hr + 10 * min, 'long')).toBe('3 days 4 hrs 10 mins');
  });

  it('leaves out zero parts and seconds once past a minute', () => {
    expect(formatDuration(2 * day + 59, 'long')).toBe('2 days');
    expect(formatDuration(hr + 30, 'long')).toBe('1 hr');
    expect(formatDuration(day + 7 * min, 'long')).toBe('1 day 7 mins');
  });

  it('counts whole seconds under a minute', () => {
    expect(formatDuration(0, 'long')).toBe('0 secs');
    expect(formatDuration(1, 'long')).toBe('1 sec');
    expect(formatDuration(59.999, 'long')).toBe('59 secs');
  });

  it('treats negative and non-finite input as zero', () => {
    expect(formatDuration(-5 * min, 'long')).toBe('0 secs');
    expect(formatDuration(Number.NaN, 'long')).toBe('0 secs');
  });
});

describe('incident durations', () => {
  const closed = { start_time: '2025-03-01T09:15:00Z', end_time: '2025-03-02T11:45:00Z' };
  const open = { start_time: '2025-03-01T09:15:00Z', end_time: null };

  it('counts from start to end, or to now while open', () => {
    expect(incidentDurationSeconds(closed)).toBe(95_400);
    expect(incidentDurationSeconds(open, new Date('2025-03-01T10:15:00Z'))).toBe(3_600);
  });

  it('counts zero for an end before the start or a time that cannot be read', () => {
    expect(incidentDurationSeconds({ ...closed, end_time: '2025-03-01T09:00:00Z' })).toBe(0);
    expect(incidentDurationSeconds({ ...closed, start_time: 'soon' })).toBe(0);
  });

  it('reads in the short style', () => {
    expect(formatIncidentDuration(closed)).toBe('1d 2h');
    expect(formatIncidentDuration(open, new Date('2025-03-01T10:20:00Z'))).toBe('1h 5m');
  });
});
