import { describe, expect, it } from '@jest/globals';
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
