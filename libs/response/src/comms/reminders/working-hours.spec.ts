import { describe, expect, it } from '@jest/globals';
import { isWorkingHours } from './working-hours.js';

describe('isWorkingHours', () => {
  it('is true on weekdays from 09:00 to 17:59', () => {
    // 2025-03-05 is a Wednesday.
    expect(isWorkingHours(new Date('2025-03-05T09:00:00Z'), 'UTC')).toBe(true);
    expect(isWorkingHours(new Date('2025-03-05T17:59:59Z'), 'UTC')).toBe(true);
  });

  it('is false before 09:00, from 18:00 and at weekends', () => {
    expect(isWorkingHours(new Date('2025-03-05T08:59:59Z'), 'UTC')).toBe(false);
    expect(isWorkingHours(new Date('2025-03-05T18:00:00Z'), 'UTC')).toBe(false);
    expect(isWorkingHours(new Date('2025-03-08T12:00:00Z'), 'UTC')).toBe(false); // Saturday
    expect(isWorkingHours(new Date('2025-03-09T12:00:00Z'), 'UTC')).toBe(false); // Sunday
  });

  it('uses the configured time zone', () => {
    // 08:30 UTC is 09:30 in Paris (UTC+1 in March before DST) and 03:30 in New York.
    const at = new Date('2025-03-05T08:30:00Z');
    expect(isWorkingHours(at, 'Europe/Paris')).toBe(true);
    expect(isWorkingHours(at, 'America/New_York')).toBe(false);
    // Friday 23:30 UTC is already Saturday in Tokyo.
    expect(isWorkingHours(new Date('2025-03-07T23:30:00Z'), 'Asia/Tokyo')).toBe(false);
    // Sunday 23:30 UTC is Monday 08:30 in Tokyo, then 09:30 an hour later.
    expect(isWorkingHours(new Date('2025-03-09T23:30:00Z'), 'Asia/Tokyo')).toBe(false);
    expect(isWorkingHours(new Date('2025-03-10T00:30:00Z'), 'Asia/Tokyo')).toBe(true);
  });
});
