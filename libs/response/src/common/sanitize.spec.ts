import { describe, expect, it } from '@jest/globals';
import { decodeEntities } from '@response/contracts';
import fc from 'fast-check';
import { sameText, sanitize } from './sanitize.js';

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

  it('keeps markdown, and escapes tags too: the web app shows them as typed', () => {
    expect(sanitize('# Title\n\n**bold** _it_ `code`\n\n- one\n- two\n\n> quote')).toBe(
      '# Title\n\n**bold** _it_ `code`\n\n- one\n- two\n\n> quote',
    );
    expect(sanitize('<b>b</b> <a href="https://x.io" onclick="x()">l</a>')).toBe(
      '&lt;b&gt;b&lt;/b&gt; &lt;a href="https://x.io" onclick="x()"&gt;l&lt;/a&gt;',
    );
  });

  it('changes nothing else that was typed: case, attributes, comments', () => {
    expect(
      sanitize('Map<String, Integer> m; <img src=x onerror=alert(1)> <!-- c --> <?php ?>'),
    ).toBe(
      'Map&lt;String, Integer&gt; m; &lt;img src=x onerror=alert(1)&gt; &lt;!-- c --&gt; &lt;?php ?&gt;',
    );
  });

  it('keeps Slack mentions, channels and links of text written in Slack', () => {
    const text = 'ping <@U123> in <#C1|general> <!here> see <https://example.com/a?b=1|the doc>';
    expect(sanitize(text, { slackMarkup: true })).toBe(text);
  });

  it('escapes Slack mark-up typed anywhere else, so it can never ping or hide a link', () => {
    expect(sanitize('<!channel> <@U123> <https://evil.example|docs>')).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|docs&gt;',
    );
  });

  it('does not let a Slack-like token carry attributes', () => {
    const clean = sanitize('<https://x|a onmouseover="y">', { slackMarkup: true });
    expect(clean.startsWith('&lt;https:')).toBe(true);
    expect(clean).not.toContain('<');
  });

  it('keeps nested block quotes but still escapes a tag at a line start', () => {
    expect(sanitize('> a\n> > b\n<x>')).toBe('> a\n> > b\n&lt;x&gt;');
  });

  it('reads an entity the writer typed as HTML; any other `&` is text', () => {
    expect(sanitize('&amp;lt; &lt; &#39; &copy; &bogus; & R&D')).toBe(
      '&amp;lt; &lt; &#39; &amp;copy; &amp;bogus; &amp; R&amp;D',
    );
    expect(decodeEntities(sanitize('&amp;lt; &copy;'))).toBe('&lt; &copy;');
  });

  it('leaves null, undefined and empty strings alone', () => {
    expect(sanitize(null)).toBeNull();
    expect(sanitize(undefined)).toBeUndefined();
    expect(sanitize('')).toBe('');
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.boolean(), (text, slack) => {
        const once = sanitize(text, { slackMarkup: slack });
        expect(sanitize(once, { slackMarkup: slack })).toBe(once);
      }),
    );
  });

  it('never stores a `<` outside a Slack token of Slack itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(sanitize(text)).not.toMatch(/[<]/);
      }),
    );
  });
});

describe('decodeEntities(sanitize(text))', () => {
  it.each([
    'Card payments: 50% failing!',
    'R&D says 1 < 2 && 3 > 2',
    `"quoted" and it's fine`,
    '<iframe>x</iframe> and <img>',
    '<b>bold</b> and <em>kept</em>',
    'Vec<String> and List<Map<K,V>> in `2>&1`',
    '> a quote\n> > nested\n>not at the start: a > b',
    'emoji 🔥, accents é, a\u00a0non-breaking space, tabs\tand\nlines',
  ])('gives back what was typed: %s', (text) => {
    expect(decodeEntities(sanitize(text))).toBe(text);
  });

  it('gives back whatever was typed, but for entities typed as such', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        fc.pre(!/&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i.test(text));
        expect(decodeEntities(sanitize(text))).toBe(text);
      }),
    );
  });
});

describe('sameText', () => {
  it('knows stored text sent back as it is, and text typed again as it reads', () => {
    const fromSlack = sanitize('<@U1> R&amp;D', { slackMarkup: true });
    expect(fromSlack).toBe('<@U1> R&amp;D');
    expect(sameText(fromSlack, fromSlack)).toBe(true);
    expect(sameText(decodeEntities(fromSlack), fromSlack)).toBe(true);
    expect(sameText('<@U1> R&D!', fromSlack)).toBe(false);
    expect(sameText('x', null)).toBe(false);
  });
});
