import { describe, expect, it } from '@jest/globals';
import { cutStoredText, hasLoneSurrogate, isBlankText, toStoredText } from './stored-text.js';

describe('toStoredText', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(toStoredText(`2>&1 "q" 'a' <b>`)).toBe(`2&gt;&amp;1 "q" 'a' &lt;b&gt;`);
  });

  it('keeps Slack mark-up only when asked to', () => {
    expect(toStoredText('<@U1> <!here>', { slackMarkup: true })).toBe('<@U1> <!here>');
    expect(toStoredText('<@U1> <!here>')).toBe('&lt;@U1&gt; &lt;!here&gt;');
  });
});

describe('cutStoredText', () => {
  it('never cuts an entity in half', () => {
    expect(cutStoredText('a &amp; b', 4)).toBe('a ');
    expect(cutStoredText('a &amp; b', 7)).toBe('a &amp;');
    expect(cutStoredText('a &#39;', 5)).toBe('a ');
    expect(cutStoredText('short', 10)).toBe('short');
  });
});

describe('isBlankText', () => {
  it('is true for text that shows nothing', () => {
    for (const text of [
      '',
      '   ',
      '\u200b\u200c\u200d\u2060\ufeff',
      '\u00a0\u3000\u2003',
      '&nbsp;&#8203;',
      '\u202e\u2066\u2069',
      '\u3164\u115f\u2800',
      '\ufe0f',
      '\n\t\r',
      null,
      undefined,
    ])
      expect(isBlankText(text)).toBe(true);
  });

  it('is false for anything visible', () => {
    for (const text of ['a', ' . ', '\u200b🔥', '&amp;', '\u0301x', '٠'])
      expect(isBlankText(text)).toBe(false);
  });
});

describe('hasLoneSurrogate', () => {
  it('finds half a surrogate pair, and only that', () => {
    expect(hasLoneSurrogate('a\ud800b')).toBe(true);
    expect(hasLoneSurrogate('\udc00')).toBe(true);
    expect(hasLoneSurrogate('x\ud83d')).toBe(true);
    expect(hasLoneSurrogate('🔥 é')).toBe(false);
  });
});
