import { provideHttpClient } from '@angular/common/http';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { TimelineEntryDto } from '@response/contracts';
import { COLLAPSE_AT, IncidentTimeline } from './incident-timeline';

function entry(id: number, timestamp: string, text: string, event_type = 'text'): TimelineEntryDto {
  return {
    id,
    timestamp,
    text,
    text_ui: text,
    event_type,
    metadata: null,
    version: 1,
    updated_by: null,
  };
}

describe('IncidentTimeline', () => {
  let fixture: ComponentFixture<IncidentTimeline>;
  let el: HTMLElement;

  async function show(events: TimelineEntryDto[]): Promise<void> {
    fixture.componentRef.setInput('events', events);
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [IncidentTimeline],
      providers: [provideHttpClient()],
    });
    fixture = TestBed.createComponent(IncidentTimeline);
    fixture.componentRef.setInput('incidentId', 1);
    fixture.componentRef.setInput('events', null);
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
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  const rows = () => Array.from(el.querySelectorAll<HTMLElement>('[data-timeline-entry]'));

  it('groups entries by day in time order and renders their markdown at once', async () => {
    await show([
      entry(2, '2025-03-02T12:00:00Z', 'Paged `db` on-call, see [runbook](https://example.com/rb)'),
      entry(1, '2025-03-01T12:00:00Z', 'Checked the **dashboards** with <@U1> :fire:'),
      entry(3, '2025-03-02T13:00:00Z', 'R&amp;D confirmed the fix'),
    ]);
    expect(el.querySelectorAll('h3.day')).toHaveLength(2);
    const [first, second, third] = rows();
    expect(first.querySelector('markdown strong')?.textContent).toBe('dashboards');
    expect(first.querySelector('markdown')?.textContent).toContain('with @ada 🔥');
    expect(second.querySelector('markdown code')?.textContent).toBe('db');
    expect(second.querySelector('markdown a')?.getAttribute('target')).toBe('_blank');
    expect(third.querySelector('markdown p')?.textContent).toBe('R&D confirmed the fix');
    expect(third.querySelector('.kind')?.textContent).toBe('Note');
    expect(third.querySelector('[aria-label^="Edit entry at"]')).not.toBeNull();
  });

  it('shows stored HTML as inert markup', async () => {
    await show([
      entry(1, '2025-03-01T12:00:00Z', `<img src=x onerror="window.x=1"> [x](javascript:alert(1))`),
    ]);
    const shown = rows()[0].querySelector('markdown') as HTMLElement;
    expect(shown.querySelector('[onerror]')).toBeNull();
    expect(shown.querySelector('a')?.getAttribute('href') ?? '').not.toMatch(/javascript/i);
  });

  it('cuts long update entries with "Show more" and shows them whole on request', async () => {
    const long = `Summary changed: ${'word '.repeat(COLLAPSE_AT / 4)}**end**`;
    await show([entry(1, '2025-03-01T12:00:00Z', long, 'incident_update')]);
    const row = rows()[0];
    expect(row.querySelector('.kind')?.textContent).toBe('Update');
    expect(row.querySelector('markdown strong')).toBeNull();
    const more = row.querySelector('button.link-button') as HTMLButtonElement;
    expect(more.textContent?.trim()).toBe('Show more');
    more.click();
    await fixture.whenStable();
    expect(row.querySelector('markdown strong')?.textContent).toBe('end');
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(more.textContent?.trim()).toBe('Show less');
  });

  it('re-renders an entry whose text changed and keeps the others', async () => {
    await show([entry(1, '2025-03-01T12:00:00Z', 'one'), entry(2, '2025-03-01T12:05:00Z', 'two')]);
    const before = rows()[0].querySelector('markdown p');
    await show([
      entry(1, '2025-03-01T12:00:00Z', 'one'),
      entry(2, '2025-03-01T12:05:00Z', 'two **edited**'),
    ]);
    expect(rows()[0].querySelector('markdown p')).toBe(before);
    expect(rows()[1].querySelector('markdown strong')?.textContent).toBe('edited');
  });

  it('shows a summary change as the new text quoted, who changed it, and the previous text on request', async () => {
    const ada = {
      app_id: 'slack',
      external_id: 'U1',
      display_name: 'ada',
      full_name: 'Ada',
      email: null,
      deleted: false,
    };
    await show([
      {
        ...entry(
          1,
          '2025-03-01T12:00:00Z',
          'Incident summary updated from "old **words**" to "new **words**" by ada',
          'incident_update',
        ),
        metadata: {
          update_type: 'incident_summary',
          old_value: 'old **words**',
          new_value: 'new **words**',
          actor: ada,
        },
      },
    ]);
    const row = rows()[0];
    expect(row.querySelector('.change-head')?.textContent?.trim()).toBe('Summary updated by ada');
    const quoted = row.querySelector('blockquote.quoted') as HTMLElement;
    expect(quoted.textContent?.trim()).toBe('new words');
    expect(quoted.querySelector('strong')?.textContent).toBe('words');
    expect(row.textContent).not.toContain('"');
    expect(row.querySelector('[data-previous]')).toBeNull();
    const previous = Array.from(row.querySelectorAll('button')).find(
      (b) => b.textContent?.trim() === 'Show previous',
    ) as HTMLButtonElement;
    previous.click();
    await fixture.whenStable();
    expect(row.querySelector('[data-previous]')?.textContent?.trim()).toBe('old words');
    expect(previous.textContent?.trim()).toBe('Hide previous');
  });
});
