import { describe, expect, it } from '@jest/globals';
import { capitalize } from './case.js';

describe('capitalize', () => {
  it('upper-cases the first letter only', () => {
    expect(capitalize('critical')).toBe('Critical');
    expect(capitalize('live incident')).toBe('Live incident');
    expect(capitalize('')).toBe('');
  });
});
