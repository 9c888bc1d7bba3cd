import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { IncidentDto, UserDto } from '@response/contracts';
import { IncidentRow } from './incident-row';

const incident: IncidentDto = {
  id: 7,
  report: 'Checkout down <#C1|payments> :fire:',
  reporter: null,
  lead: {
    app_id: 'slack',
    external_id: 'U1',
    display_name: 'ada',
    full_name: 'Ada',
    email: null,
    deleted: false,
  },
  report_time: '2025-03-01T09:20:00Z',
  report_only: false,
  start_time: '2025-03-01T09:15:00Z',
  end_time: '2025-03-01T11:00:00Z',
  is_closed: true,
  summary: null,
  impact: null,
  severity: '1',
  comms_channel: null,
  action_items: [],
  roles: [],
  private: false,
  status: 'resolved',
  severity_text: 'critical',
  version: 3,
  updated_by: null,
  duration: 6300,
  last_update_at: null,
  next_update_due: null,
};

async function render(value: IncidentDto, users: UserDto[] = []): Promise<HTMLElement> {
  TestBed.configureTestingModule({ imports: [IncidentRow], providers: [provideRouter([])] });
  const fixture = TestBed.createComponent(IncidentRow);
  fixture.componentRef.setInput('incident', value);
  fixture.componentRef.setInput('users', users);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('IncidentRow', () => {
  it('shows severity emoji and word, name, status in words, report, lead, start with date, and duration', async () => {
    const el = await render(incident);
    expect(el.querySelector('a')?.getAttribute('href')).toBe('/incident/7');
    expect(el.querySelector('.sev-emoji')?.textContent).toBe('⛈️');
    expect(el.querySelector('.sev-word')?.textContent).toBe('Critical');
    expect(el.querySelector('.sev')?.getAttribute('aria-label')).toBe('Severity: critical');
    expect(el.querySelector('.name')?.textContent).toBe('Incident 7');
    expect(el.querySelector('app-status-badge')?.textContent?.trim()).toBe('RESOLVED');
    expect(el.querySelector('.report')?.textContent).toBe('Checkout down #payments 🔥');
    const meta = el.querySelector('.meta')?.textContent ?? '';
    expect(meta).toContain('ada');
    expect(meta).toMatch(/2025/);
    expect(meta).toContain('1h 45m');
  });

  it('shows escaped text as typed and names mentioned people', async () => {
    const el = await render(
      { ...incident, report: 'R&amp;D &lt;img src=x onerror=alert(1)&gt; for <@U1>' },
      [incident.lead!],
    );
    expect(el.querySelector('.report')?.textContent).toBe(
      'R&D <img src=x onerror=alert(1)> for @ada',
    );
    expect(el.querySelector('.report img')).toBeNull();
  });

  it('uses a cloud when no severity is set and says LIVE while open', async () => {
    const el = await render({
      ...incident,
      severity: null,
      status: 'live',
      end_time: null,
      lead: null,
    });
    expect(el.querySelector('.sev-emoji')?.textContent).toBe('☁️');
    expect(el.querySelector('.sev-word')?.textContent).toBe('No severity');
    expect(el.querySelector('.sev')?.getAttribute('aria-label')).toBe('Severity: no severity');
    expect(el.querySelector('app-status-badge')?.textContent?.trim()).toBe('LIVE');
    expect(el.querySelector('.meta')?.textContent).toContain('—');
  });
});
