import { describe, expect, it } from '@jest/globals';
import { decodeEntities, escapeHtml } from './entities.js';

describe('decodeEntities', () => {
  it('decodes the entities the server writes, named and numeric', () => {
    expect(
      decodeEntities(
        'R&amp;D &lt;img src=x onerror=alert(1)&gt; &quot;a&quot; &#39;b&#x27; a&#x2F;b &#8212; &#X41;',
      ),
    ).toBe(`R&D <img src=x onerror=alert(1)> "a" 'b' a/b — A`);
    expect(decodeEntities('&apos;x&apos; a&nbsp;b')).toBe("'x' a\u00a0b");
  });

  it('decodes once only, and leaves unknown or invalid entities as they are', () => {
    expect(decodeEntities('&amp;lt; &bogus; &#0; &#xD800; &#99999999; & alone')).toBe(
      '&lt; &bogus; &#0; &#xD800; &#99999999; & alone',
    );
    expect(decodeEntities('&AMP; &constructor; &toString; &amp')).toBe(
      '&AMP; &constructor; &toString; &amp',
    );
  });

  it('gives an empty string for no text', () => {
    expect(decodeEntities('')).toBe('');
    expect(decodeEntities(null)).toBe('');
    expect(decodeEntities(undefined)).toBe('');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x">R&D's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;',
    );
  });

  it('escapes an entity again, so it shows as typed', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('is undone by decodeEntities', () => {
    const text = `1 < 2 & "quotes" aren't > 0 🔥 é &lt;`;
    expect(decodeEntities(escapeHtml(text))).toBe(text);
  });
});
