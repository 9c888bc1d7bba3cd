import { HttpErrorResponse } from '@angular/common/http';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MarkdownField } from './markdown-field';

/** Waits until `check` holds (the preview follows the text a moment after the last key). */
async function until(fixture: ComponentFixture<unknown>, check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) {
    await new Promise((r) => setTimeout(r, 20));
    await fixture.whenStable();
  }
  expect(check()).toBe(true);
}

async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await fixture.whenStable();
}

describe('MarkdownField', () => {
  let fixture: ComponentFixture<MarkdownField>;
  let el: HTMLElement;
  let saved: string[];
  let fail: unknown;

  beforeEach(async () => {
    saved = [];
    fail = null;
    TestBed.configureTestingModule({ imports: [MarkdownField] });
    fixture = TestBed.createComponent(MarkdownField);
    fixture.componentRef.setInput('label', 'Summary');
    fixture.componentRef.setInput('text', 'Ping <@U1> :fire: **bold**');
    fixture.componentRef.setInput('users', [
      {
        app_id: 'slack',
        external_id: 'U1',
        display_name: 'ada',
        full_name: 'Ada',
        email: null,
        deleted: false,
      },
    ]);
    fixture.componentRef.setInput('editable', true);
    fixture.componentRef.setInput('save', async (text: string) => {
      if (fail) throw fail;
      saved.push(text);
      fixture.componentRef.setInput('text', text);
    });
    el = fixture.nativeElement as HTMLElement;
    document.body.append(el);
    await settle(fixture);
  });

  afterEach(() => el.remove());

  const button = (name: string) =>
    Array.from(el.querySelectorAll('button')).find(
      (b) => b.textContent?.trim() === name,
    ) as HTMLButtonElement;
  const area = () => el.querySelector('textarea') as HTMLTextAreaElement;

  it('renders readable markdown: names, emoji, emphasis', () => {
    const shown = el.querySelector('markdown') as HTMLElement;
    expect(shown.querySelector('strong')?.textContent).toBe('bold');
    expect(shown.textContent).toContain('Ping @ada 🔥');
  });

  it('edits in place with a preview, saves, and returns focus to Edit', async () => {
    button('Edit').click();
    await settle(fixture);
    expect(document.activeElement).toBe(area());
    expect(area().value).toBe('Ping <@U1> :fire: **bold**');
    area().value = '# Heading';
    area().dispatchEvent(new Event('input'));
    await until(fixture, () => el.querySelector('.preview h1')?.textContent === 'Heading');
    button('Save').click();
    await settle(fixture);
    expect(saved).toEqual(['# Heading']);
    expect(el.querySelector('textarea')).toBeNull();
    expect(el.querySelector('markdown h1')?.textContent).toBe('Heading');
    expect(document.activeElement?.textContent?.trim()).toBe('Edit');
  });

  it('renders the preview once typing pauses, not on every key', async () => {
    button('Edit').click();
    await settle(fixture);
    for (const text of ['# H', '# He', '# Hea', '# Head']) {
      area().value = text;
      area().dispatchEvent(new Event('input'));
      await fixture.whenStable();
    }
    expect(el.querySelector('.preview h1')).toBeNull();
    await until(fixture, () => el.querySelector('.preview h1')?.textContent === 'Head');
  });

  it('refuses text over its limit before saving, and shows the count as it nears it', async () => {
    fixture.componentRef.setInput('maxLength', 10);
    button('Edit').click();
    await settle(fixture);
    area().value = '12345678';
    area().dispatchEvent(new Event('input'));
    await until(
      fixture,
      () => el.querySelector('[data-limit]')?.textContent?.includes('8 / 10') ?? false,
    );
    area().value = '123456789012';
    area().dispatchEvent(new Event('input'));
    button('Save').click();
    await settle(fixture);
    expect(saved).toEqual([]);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain(
      'The summary is 2 characters over its limit of 10',
    );
    expect(area().value).toBe('123456789012');
  });

  it('keeps the draft and shows the API message when saving fails', async () => {
    fail = new HttpErrorResponse({
      status: 400,
      error: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        errors: { summary: 'is too long' },
      },
    });
    button('Edit').click();
    await settle(fixture);
    area().value = 'my careful words';
    area().dispatchEvent(new Event('input'));
    button('Save').click();
    await settle(fixture);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain(
      'Validation failed (summary: is too long)',
    );
    expect(area().value).toBe('my careful words');
    expect(saved).toEqual([]);
  });

  it('cancels with Escape without saving', async () => {
    button('Edit').click();
    await settle(fixture);
    area().value = 'discard me';
    area().dispatchEvent(new Event('input'));
    area().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle(fixture);
    expect(el.querySelector('textarea')).toBeNull();
    expect(saved).toEqual([]);
    expect(el.querySelector('markdown')?.textContent).toContain('Ping @ada');
  });

  it('offers no edit control to readers', async () => {
    fixture.componentRef.setInput('editable', false);
    await settle(fixture);
    expect(button('Edit')).toBeUndefined();
  });

  it('previews a draft exactly as the saved text shows: tags and entities as typed', async () => {
    const typed = '`2>&1` <img src=x> &copy; R&D "q" \'a\'';
    button('Edit').click();
    await settle(fixture);
    area().value = typed;
    area().dispatchEvent(new Event('input'));
    await until(fixture, () => Boolean(el.querySelector('.preview markdown code')));
    const preview = el.querySelector('.preview markdown') as HTMLElement;
    expect(preview.querySelector('img')).toBeNull();
    expect(preview.querySelector('code')?.textContent).toBe('2>&1');
    expect(preview.textContent?.trim()).toBe('2>&1 <img src=x> &copy; R&D "q" \'a\'');
    const previewHtml = preview.innerHTML;
    // The server stores the draft escaped: the saved view renders that the same way.
    fixture.componentRef.setInput(
      'text',
      '`2&gt;&amp;1` &lt;img src=x&gt; &amp;copy; R&amp;D "q" \'a\'',
    );
    button('Cancel').click();
    await settle(fixture);
    expect((el.querySelector('markdown') as HTMLElement).innerHTML).toBe(previewHtml);
  });

  it('never renders script or javascript: links', async () => {
    fixture.componentRef.setInput(
      'text',
      '<img src=x onerror="alert(1)"> [x](javascript:alert(1)) <script>alert(2)</script>',
    );
    await settle(fixture);
    const shown = el.querySelector('markdown') as HTMLElement;
    expect(shown.querySelector('script')).toBeNull();
    expect(shown.querySelector('[onerror]')).toBeNull();
    for (const a of Array.from(shown.querySelectorAll('a')))
      expect(a.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
  });
});
