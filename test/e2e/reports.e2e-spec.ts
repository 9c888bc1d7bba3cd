import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  renderIncidentReport,
  type IncidentDto,
  type Paginated,
  type TimelineEntryDto,
} from '@response/contracts';
import { coreApi } from '../support/core-api.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('GET /core/incidents/:id/report.md', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;
  let incident: IncidentDto;

  beforeAll(async () => {
    t = await startTestApp({ redis: false });
    api = coreApi(t);
    const created = await api
      .post('/core/incidents', {
        report: 'Checkout fails for card payments',
        summary: 'Payments **failed** after the deploy :fire:',
        impact: 'About 10% of orders',
        severity: '2',
        start_time: '2025-03-01T09:15:00Z',
      })
      .expect(201);
    incident = created.body as IncidentDto;
    await api
      .post(`/core/incidents/${incident.id}/timeline/events`, {
        timestamp: '2025-03-01T09:20:00Z',
        text: 'Rolled back',
      })
      .expect(201);
    await api
      .post(`/core/incidents/${incident.id}/timeline/events`, {
        timestamp: '2025-03-02T08:00:00Z',
        text: 'Fix deployed',
      })
      .expect(201);
    await api
      .post(`/core/incidents/${incident.id}/actions`, {
        details: 'Add a payment canary',
        priority: '1',
      })
      .expect(201);
    await api
      .post(`/core/incidents/${incident.id}/actions`, { details: 'Write the runbook', done: true })
      .expect(201);
    await api
      .patch(`/core/incidents/${incident.id}`, { end_time: '2025-03-02T09:45:00Z' })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers the post-incident report as text/markdown', async () => {
    const res = await api.get(`/core/incidents/${incident.id}/report.md`).expect(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    const text = res.text;
    expect(text).toContain(`# Incident ${incident.id}: Checkout fails for card payments`);
    expect(text).toContain('- **Status:** Resolved');
    expect(text).toContain('- **Severity:** major');
    expect(text).toContain('- **Started:** 2025-03-01 09:15 UTC');
    expect(text).toContain('- **Ended:** 2025-03-02 09:45 UTC');
    expect(text).toContain('- **Duration:** 1d');
    expect(text).toContain('Payments **failed** after the deploy 🔥');
    expect(text).toContain('### 2025-03-01');
    expect(text).toContain('- **09:20 UTC** Rolled back');
    expect(text).toContain('### 2025-03-02');
    expect(text).toContain('- [ ] Add a payment canary — owner @admin, high priority');
    expect(text).toMatch(/- \[x\] Write the runbook/);
    // Open actions first.
    expect(text.indexOf('Add a payment canary')).toBeLessThan(text.indexOf('Write the runbook'));
  });

  it('is the same text the web app builds from the API', async () => {
    const now = new Date();
    const dto = (await api.get(`/core/incidents/${incident.id}`).expect(200)).body as IncidentDto;
    const page = (
      await api.get(`/core/incidents/${incident.id}/timeline/events?limit=1000`).expect(200)
    ).body as Paginated<TimelineEntryDto>;
    const res = await api.get(`/core/incidents/${incident.id}/report.md`).expect(200);
    const strip = (s: string) => s.replace(/_Report generated .*_/, '');
    expect(strip(res.text)).toBe(
      strip(
        renderIncidentReport({
          incident: dto,
          timeline: page.results,
          now,
          emoji: (n) => (n === 'fire' ? '🔥' : undefined),
        }),
      ),
    );
  });

  it('needs authentication and a real incident', async () => {
    await t.http().get(`/core/incidents/${incident.id}/report.md`).expect(401);
    const missing = await api.get('/core/incidents/999999/report.md').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404 });
    await api
      .get('/core/incidents/abc/report.md')
      .expect((res) => expect([400, 404]).toContain(res.status));
  });
});
