import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../common/errors.js';
import { dayIn, monthsSpanned, resolveRange } from './insights-range.js';

describe('insights range', () => {
  const now = new Date('2026-01-31T23:30:00Z');

  it('takes today in the time zone', () => {
    expect(dayIn(now, 'UTC')).toBe('2026-01-31');
    expect(dayIn(now, 'Europe/Paris')).toBe('2026-02-01');
    expect(dayIn(now, 'America/Los_Angeles')).toBe('2026-01-31');
  });

  it('defaults to the last 12 calendar months, this one included', () => {
    expect(resolveRange({}, now, 'UTC')).toEqual({ from: '2025-02-01', to: '2026-01-31' });
    expect(resolveRange({}, now, 'Europe/Paris')).toEqual({ from: '2025-03-01', to: '2026-02-01' });
    expect(resolveRange({ to: '2024-12-15' }, now, 'UTC')).toEqual({
      from: '2024-01-01',
      to: '2024-12-15',
    });
    expect(resolveRange({ from: '2025-12-20' }, now, 'UTC')).toEqual({
      from: '2025-12-20',
      to: '2026-01-31',
    });
  });

  it('counts calendar months', () => {
    expect(monthsSpanned('2025-01-31', '2025-01-31')).toBe(1);
    expect(monthsSpanned('2025-01-31', '2025-02-01')).toBe(2);
    expect(monthsSpanned('2016-01-01', '2025-12-31')).toBe(120);
  });

  it('refuses a reversed or too long range', () => {
    expect(() => resolveRange({ from: '2025-02-02', to: '2025-02-01' }, now, 'UTC')).toThrow(
      ValidationError,
    );
    expect(() => resolveRange({ from: '2015-12-31', to: '2025-12-31' }, now, 'UTC')).toThrow(
      /at most 120 calendar months/,
    );
    expect(resolveRange({ from: '2016-01-01', to: '2025-12-31' }, now, 'UTC').from).toBe(
      '2016-01-01',
    );
  });
});
