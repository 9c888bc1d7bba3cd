import { describe, expect, it } from '@jest/globals';
import { BlockLimits, button, modal, section, toMrkdwn, truncate } from './block-kit.js';

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

  it('escapes stray mrkdwn control characters but keeps mentions, links and entities', () => {
    expect(toMrkdwn('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(toMrkdwn('ping <@U123> in <#C1|ops> see <https://x.test|docs>')).toBe(
      'ping <@U123> in <#C1|ops> see <https://x.test|docs>',
    );
    expect(toMrkdwn('already &lt;b&gt; escaped')).toBe('already &lt;b&gt; escaped');
  });

  it('escapes stored (already escaped) text exactly once', () => {
    expect(toMrkdwn('Card &amp; payments &lt;failing&gt;')).toBe(
      'Card &amp; payments &lt;failing&gt;',
    );
    expect(toMrkdwn('typed &amp;amp; literally')).toBe('typed &amp;amp; literally');
    expect(toMrkdwn('say &quot;hi&quot; &#39;x&#39;')).toBe('say "hi" \'x\'');
  });
});
