import { describe, expect, it } from '@jest/globals';
import { textLength } from './length.js';

describe('textLength', () => {
  it('counts code points, as the writer counts characters', () => {
    expect(textLength('abc')).toBe(3);
    expect(textLength('🔥é')).toBe(2);
    expect(textLength('R&D')).toBe(3);
  });
});
