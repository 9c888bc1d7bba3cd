import { describe, expect, it } from '@jest/globals';
import { BlockLimits, button, modal, section, truncate } from './block-kit.js';

describe('Block Kit limits', () => {
  it('truncates with an ellipsis, counting code points', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 3)).toBe('abc');
    expect([...truncate('🔥'.repeat(10), 5)]).toHaveLength(5);
  });

  it('keeps section text within 3000 characters and modal titles within 24', () => {
    const text = (section('x', 'y'.repeat(5000)).text as { text: string }).text;
    expect(text.length).toBe(BlockLimits.sectionText);
    expect(text.endsWith('…')).toBe(true);
    const view = modal({
      callbackId: 'c',
      title: 'A very long modal title indeed',
      blocks: [],
    }) as { title: { text: string } };
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(button('b', 'x'.repeat(100)).text.text.length).toBe(75);
  });
});
