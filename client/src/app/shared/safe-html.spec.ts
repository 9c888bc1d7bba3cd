import { restrictUrls } from './safe-html';

describe('restrictUrls', () => {
  it('keeps web, mail and relative links, and opens outside ones in a new tab', () => {
    const html = restrictUrls(
      '<a href="https://x.io/a">x</a><a href="mailto:a@b.c">m</a><a href="/incident/2">r</a><a href="#top">t</a>',
    );
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const links = Array.from(doc.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://x.io/a',
      'mailto:a@b.c',
      '/incident/2',
      '#top',
    ]);
    expect(links[0].getAttribute('target')).toBe('_blank');
    expect(links[0].getAttribute('rel')).toContain('noopener');
    expect(links[2].hasAttribute('target')).toBe(false);
  });

  it('drops every other scheme, however it is disguised', () => {
    const html = restrictUrls(
      '<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt:alert(1)">b</a><a href="java\tscript:alert(1)">c</a>' +
        '<a href="data:text/html;base64,PHNjcmlwdD4=">d</a><a href="vbscript:x">e</a><img src="data:image/svg+xml,x">',
    );
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(Array.from(doc.querySelectorAll('[href],[src]'))).toHaveLength(0);
    expect(doc.body.textContent).toBe('abcde');
  });
});
