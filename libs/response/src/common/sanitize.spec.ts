import { describe, expect, it } from '@jest/globals';
import { decodeEntities } from '@response/contracts';
import fc from 'fast-check';
import { sanitize } from './sanitize.js';

describe('sanitize', () => {
  it('escapes an iframe instead of dropping it', () => {
    expect(sanitize('<iframe>x</iframe>')).toBe('&lt;iframe&gt;x&lt;/iframe&gt;');
  });

  it('escapes a script', () => {
    expect(sanitize("<script>alert('x')</script>")).toBe("&lt;script&gt;alert('x')&lt;/script&gt;");
  });

  it('escapes a meta refresh and keeps its attribute as text', () => {
    expect(sanitize('<meta http-equiv="refresh content=0;">')).toBe(
      '&lt;meta http-equiv="refresh content=0;"&gt;',
    );
  });

  it('keeps markdown and the tags markdown produces', () => {
    const text =
      '# Title\n\n**bold** _it_ `code`\n\n- one\n- two\n\n> quote <b>b</b> <em>e</em> <code>c</code>';
    expect(sanitize(text)).toBe(text);
  });

  it('drops dangerous attributes and schemes from allowed tags', () => {
    expect(sanitize('<a href="https://example.com" onclick="x()">l</a>')).toBe(
      '<a href="https://example.com">l</a>',
    );
    expect(sanitize('<a href="javascript:alert(1)">l</a>')).toBe('<a>l</a>');
  });

  it('escapes an img with an event handler', () => {
    expect(sanitize('<img src=x onerror=alert(1)>')).toBe('&lt;img src="x" onerror="alert(1)"&gt;');
  });

  it('keeps Slack mentions, channels and links', () => {
    const text = 'ping <@U123> in <#C1|general> <!here> see <https://example.com/a?b=1|the doc>';
    expect(sanitize(text)).toBe(text);
  });

  it('does not let a Slack-like token carry attributes', () => {
    const clean = sanitize('<https://x|a onmouseover="y">');
    expect(clean.startsWith('&lt;https:')).toBe(true);
    expect(clean).not.toContain('<');
  });

  it('keeps nested block quotes but still escapes a tag at a line start', () => {
    expect(sanitize('> a\n> > b\n<x>')).toBe('> a\n> > b\n&lt;x&gt;');
  });

  it('leaves null, undefined and empty strings alone', () => {
    expect(sanitize(null)).toBeNull();
    expect(sanitize(undefined)).toBeUndefined();
    expect(sanitize('')).toBe('');
  });

  it('is idempotent on its own output', () => {
    const once = sanitize("<script>alert('x')</script> & <b>ok</b>");
    expect(sanitize(once)).toBe(once);
  });
});

describe('decodeEntities(sanitize(text))', () => {
  it.each([
    'Card payments: 50% failing!',
    'R&D says 1 < 2 && 3 > 2',
    `"quoted" and it's fine`,
    '<iframe>x</iframe> and <img>',
    '<b>bold</b> and <em>kept</em>',
    'ping <@U123> in <#C1|general> <!here> see <https://example.com/a?b=1&c=2|the doc>',
    '> a quote\n> > nested\n>not at the start: a > b',
    'emoji 🔥, accents é, a\u00a0non-breaking space, tabs\tand\nlines',
  ])('gives back what was typed: %s', (text) => {
    expect(decodeEntities(sanitize(text))).toBe(text);
  });

  it('gives back what was typed for text with HTML-like characters but no tags', () => {
    const word = fc.constantFrom(
      'card',
      'R&D',
      ' & ',
      ' < ',
      ' > ',
      '<>',
      '"',
      "'",
      '/',
      '=',
      '%',
      '🔥',
      'é',
      ' ',
      '\n',
      '\t',
      '> ',
      '<@U1>',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), (words) => {
        const text = words.join('');
        expect(decodeEntities(sanitize(text))).toBe(text);
      }),
    );
  });

  it('reads an entity the writer typed as HTML, so it comes back decoded once', () => {
    expect(sanitize('&amp;lt;')).toBe('&amp;lt;');
    expect(decodeEntities(sanitize('&amp;lt;'))).toBe('&lt;');
  });
});
