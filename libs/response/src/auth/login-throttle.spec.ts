import { describe, expect, it } from '@jest/globals';
import { delayAfter, LOGIN_LIMITS } from './login-throttle.service.js';

describe('delayAfter', () => {
  it('lets the first failures through, then doubles the wait up to a minute', () => {
    const waits = Array.from({ length: 12 }, (_, i) => delayAfter(i + 1));
    expect(waits).toEqual([0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
    expect(LOGIN_LIMITS.perUsername).toBeGreaterThan(10 * LOGIN_LIMITS.freeAttempts);
  });
});
