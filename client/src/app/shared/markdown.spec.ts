import { TestBed } from '@angular/core/testing';
import { IMAGE_HOSTS } from './image-hosts';
import { MarkdownRenderer, isPlainText, trimIndentation } from './markdown';

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('isPlainText', () => {
  it('accepts typed text that renders as one paragraph of itself', () => {
    expect(isPlainText('Rolled back the deploy, errors are down (finally).')).toBe(true);
    expect(isPlainText('R&D says "done" &copy; 2>1 is not here')).toBe(false);
    expect(isPlainText('R&D says "done" &copy;')).toBe(true);
    expect(isPlainText("Paged the on-call 🔥 at 3 o'clock!")).toBe(true);
  });

  it('sends anything markdown could change to the parser', () => {
    for (const text of [
      'Checked the **dashboards**',
      'Paged `db`',
      'snake_case',
      '~~gone~~',
      'See [the runbook](https://example.com/runbook)',
      '![pixel](https://example.com/p.png)',
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
    expect(renderer.html('R&amp;D &quot;q&quot; &amp;lt;')).toBe(
      '<p>R&amp;D &quot;q&quot; &amp;lt;</p>',
    );
    expect(parse(renderer.html('R&amp;D &lt;img&gt; &amp;lt;')).body.textContent?.trim()).toBe(
      'R&D <img> &lt;',
    );
    expect(renderer.html('')).toBe('');
  });

  it('shows what was typed in code spans and blocks, decoded exactly once', () => {
    const doc = parse(
      renderer.html(
        'Run `2&gt;&amp;1 &quot;x&quot; &#39;y&#39;`\n\n```\nif a &lt; b &amp;&amp; c &gt; d: &amp;amp;\n```',
      ),
    );
    const [span, block] = Array.from(doc.querySelectorAll('code'));
    expect(span.textContent).toBe(`2>&1 "x" 'y'`);
    expect(block.textContent).toBe('if a < b && c > d: &amp;\n');
  });

  it('shows tags, comments and entities as the characters typed, never as HTML', () => {
    const doc = parse(
      renderer.html(
        '**Map&lt;String, Integer&gt;** &lt;img src=x&gt; &lt;!-- c --&gt; &amp;copy;\n\n&lt;div&gt;\n*x*\n&lt;/div&gt;',
      ),
    );
    expect(doc.querySelector('img, div, b')).toBeNull();
    expect(doc.querySelector('strong')?.textContent).toBe('Map<String, Integer>');
    expect(doc.body.textContent).toContain('<img src=x> <!-- c --> &copy;');
    expect(doc.body.textContent).toContain('<div>\n*x*\n</div>');
  });

  it('names mentions and shows emoji, but shows Slack mark-up typed on the web as typed', () => {
    const names = new Map([['U1', 'ada']]);
    const doc = parse(renderer.html('<@U1> :fire: &lt;!channel&gt; &lt;@U1&gt;', names));
    expect(doc.body.textContent?.trim()).toBe('@ada 🔥 <!channel> <@U1>');
  });

  it('never loads a remote image: it is a link that names its host', () => {
    const doc = parse(
      renderer.html('![tracker](https://pixel.example/t.gif?u=1) ![](http://x.io/a.png)'),
    );
    expect(doc.querySelector('img')).toBeNull();
    const links = Array.from(doc.querySelectorAll('a.image-link'));
    expect(links.map((a) => a.textContent)).toEqual([
      'Image: tracker (pixel.example)',
      'Image (x.io)',
    ]);
    expect(links[0].getAttribute('href')).toBe('https://pixel.example/t.gif?u=1');
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
        if (attr.name === 'href' || attr.name === 'src') expect(attr.value).toMatch(/^https?:/);
      }
    }
  });
});

describe('MarkdownRenderer with IMAGE_HOSTS', () => {
  it('loads images only from the hosts given, on their port', () => {
    TestBed.configureTestingModule({
      providers: [
        { provide: IMAGE_HOSTS, useValue: ['img.example', '*.cdn.example', 'localhost:8080'] },
      ],
    });
    const renderer = TestBed.inject(MarkdownRenderer);
    const doc = parse(
      renderer.html(
        [
          '![a](https://img.example/a.png)',
          '![b](https://x.cdn.example/b.png)',
          '![c](http://localhost:8080/c.png)',
          '![d](https://img.example:8443/d.png)',
          '![e](https://cdn.example/e.png)',
          '![f](https://evil.example/f.png)',
        ].join(' '),
      ),
    );
    expect(Array.from(doc.querySelectorAll('img')).map((img) => img.getAttribute('alt'))).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(Array.from(doc.querySelectorAll('a.image-link')).map((a) => a.textContent)).toEqual([
      'Image: d (img.example:8443)',
      'Image: e (cdn.example)',
      'Image: f (evil.example)',
    ]);
  });
});
