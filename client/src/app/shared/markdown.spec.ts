import { TestBed } from '@angular/core/testing';
import { MarkdownRenderer, isPlainText, trimIndentation } from './markdown';

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('isPlainText', () => {
  it('accepts text that renders as one paragraph of itself', () => {
    expect(isPlainText('Rolled back the deploy, errors are down (finally).')).toBe(true);
    expect(isPlainText('R&amp;D says &quot;done&quot; &lt;3')).toBe(true);
    expect(isPlainText("Paged the on-call 🔥 at 3 o'clock!")).toBe(true);
  });

  it('sends anything markdown could change to the parser', () => {
    for (const text of [
      'Checked the **dashboards**',
      'Paged `db`',
      'snake_case',
      '~~gone~~',
      'See [the runbook](https://example.com/runbook)',
      'https://example.com',
      'www.example.com',
      'mail ada@example.com',
      '# Heading',
      '1. first',
      '12) twelfth',
      '- item',
      '+ item',
      '> quote',
      '    code',
      'two\nlines',
      'a \\* b',
      'a &copy; b',
      'a & b',
      '<b>bold</b>',
    ]) {
      expect(isPlainText(text), text).toBe(false);
    }
  });
});

describe('trimIndentation', () => {
  it('removes the indentation all lines share, keeping deeper indents', () => {
    expect(trimIndentation('  a\n\n    b\n  c')).toBe('a\n\n  b\nc');
    expect(trimIndentation('a\n  b')).toBe('a\n  b');
  });
});

describe('MarkdownRenderer', () => {
  let renderer: MarkdownRenderer;

  beforeEach(() => {
    renderer = TestBed.inject(MarkdownRenderer);
  });

  it('renders plain text as a paragraph, decoding stored entities once and escaping them again', () => {
    expect(renderer.html('R&amp;D &lt;img&gt; &amp;lt;')).toBe(
      '<p>R&amp;D &lt;img&gt; &amp;lt;</p>',
    );
    expect(parse(renderer.html('R&amp;D &lt;img&gt;')).body.textContent).toBe('R&D <img>');
    expect(renderer.html('')).toBe('');
  });

  it('renders markdown: emphasis, code, lists, links that open in a new tab', () => {
    const doc = parse(
      renderer.html('1000. See [the runbook](https://example.com/runbook) and **this** `code`'),
    );
    const list = doc.querySelector('ol');
    expect(list?.getAttribute('start')).toBe('1000');
    const link = doc.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.com/runbook');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toContain('noopener');
    expect(doc.querySelector('strong')?.textContent).toBe('this');
    expect(doc.querySelector('code')?.textContent).toBe('code');
  });

  it('does not treat a shared indent as a code block', () => {
    expect(parse(renderer.html('    **bold**\n    line')).querySelector('pre')).toBeNull();
  });

  it('keeps markup inert: no scripts, handlers or script URLs survive', () => {
    const html = renderer.html(
      [
        `<script>window.x=1</script>`,
        `<img src=x onerror="window.x=2">`,
        `<a href="javascript:alert(1)">raw</a>`,
        `[md](javascript:alert(1))`,
        `[tab](java\tscript:alert(1))`,
        `![img](javascript:alert(1))`,
        `<iframe src="https://example.com"></iframe>`,
        `[data](data:text/html;base64,PHNjcmlwdD4=)`,
      ].join('\n\n'),
    );
    const doc = parse(html);
    expect(doc.querySelectorAll('script, iframe, style, form')).toHaveLength(0);
    for (const el of Array.from(doc.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        expect(attr.name.startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false);
        if (attr.name === 'href' || attr.name === 'src')
          expect(attr.value).toMatch(/^(https?:|x$)/);
      }
    }
  });
});
