import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../common/errors.js';
import type { ExternalUser } from '../users/external-user.entity.js';
import type { Incident } from './incident.entity.js';
import {
  changeAuthor,
  incidentUpdateEntries,
  planIncidentUpdate,
  type TrackedFields,
} from './incident-updates.js';

const user = (id: number, name: string): ExternalUser =>
  ({
    id,
    appId: 'slack',
    externalId: `U${id}`,
    displayName: name,
    fullName: `${name} Full`,
    email: null,
    deleted: false,
  }) as ExternalUser;
const alice = user(1, 'alice');
const bob = user(2, 'bob');

const base: TrackedFields = {
  report: 'db down',
  summary: null,
  impact: null,
  lead: null,
  severity: null,
};

const incident = (overrides: Partial<Incident> = {}): Incident =>
  ({
    id: 7,
    report: 'db down',
    summary: null,
    impact: null,
    lead: null,
    leadId: null,
    severity: null,
    startTime: new Date('2024-01-01T10:00:00Z'),
    endTime: null,
    version: 1,
    ...overrides,
  }) as Incident;

describe('incidentUpdateEntries', () => {
  it('writes nothing when nothing tracked changed', () => {
    expect(incidentUpdateEntries(base, { ...base })).toEqual([]);
  });

  it('adds a lead', () => {
    const [entry] = incidentUpdateEntries(base, { ...base, lead: alice });
    expect(entry.text).toBe('alice was added as incident lead');
    expect(entry.eventType).toBe('incident_update');
    expect(entry.metadata).toEqual({
      update_type: 'incident_lead',
      old_value: null,
      new_value: {
        app_id: 'slack',
        external_id: 'U1',
        display_name: 'alice',
        full_name: 'alice Full',
        email: null,
        deleted: false,
      },
      actor: null,
    });
  });

  it('changes a lead', () => {
    const [entry] = incidentUpdateEntries({ ...base, lead: alice }, { ...base, lead: bob });
    expect(entry.text).toBe('Incident lead changed from alice to bob');
    expect((entry.metadata.old_value as { external_id: string }).external_id).toBe('U1');
    expect((entry.metadata.new_value as { external_id: string }).external_id).toBe('U2');
  });

  it('removes a lead', () => {
    const [entry] = incidentUpdateEntries({ ...base, lead: alice }, base);
    expect(entry.text).toBe('alice was removed as incident lead');
    expect(entry.metadata.new_value).toBeNull();
  });

  it('updates the report', () => {
    const [entry] = incidentUpdateEntries(base, { ...base, report: 'db slow' });
    expect(entry.text).toBe('Incident report updated from "db down" to "db slow"');
    expect(entry.metadata).toEqual({
      update_type: 'incident_report',
      old_value: 'db down',
      new_value: 'db slow',
      actor: null,
    });
  });

  it('adds then updates the summary', () => {
    expect(incidentUpdateEntries(base, { ...base, summary: 'x' })[0]).toMatchObject({
      text: 'Incident summary added: "x"',
      metadata: { update_type: 'incident_summary', old_value: null, new_value: 'x' },
    });
    expect(
      incidentUpdateEntries({ ...base, summary: 'x' }, { ...base, summary: 'y' })[0].text,
    ).toBe('Incident summary updated from "x" to "y"');
  });

  it('adds then updates the impact', () => {
    expect(incidentUpdateEntries(base, { ...base, impact: 'users' })[0]).toMatchObject({
      text: 'Incident impact added: "users"',
      metadata: { update_type: 'incident_impact' },
    });
    expect(incidentUpdateEntries({ ...base, impact: 'a' }, { ...base, impact: 'b' })[0].text).toBe(
      'Incident impact updated from "a" to "b"',
    );
  });

  it('sets then updates the severity with {id, text} values', () => {
    expect(incidentUpdateEntries(base, { ...base, severity: '2' })[0]).toEqual({
      text: 'Incident severity set to major',
      eventType: 'incident_update',
      metadata: {
        update_type: 'incident_severity',
        old_value: null,
        new_value: { id: '2', text: 'major' },
        actor: null,
      },
    });
    expect(
      incidentUpdateEntries({ ...base, severity: '2' }, { ...base, severity: '1' })[0],
    ).toMatchObject({
      text: 'Incident severity updated from major to critical',
      metadata: { old_value: { id: '2', text: 'major' }, new_value: { id: '1', text: 'critical' } },
    });
  });

  it('says who made the change, with the user in the metadata', () => {
    const [severity, closed] = incidentUpdateEntries(
      { ...base, severity: '2', endTime: null },
      { ...base, severity: '1', endTime: new Date('2024-01-01T12:00:00Z') },
      changeAuthor(bob, 'U2'),
    );
    expect(severity.text).toBe('Incident severity updated from major to critical by bob');
    expect(severity.metadata.actor).toMatchObject({ external_id: 'U2', display_name: 'bob' });
    expect(closed).toEqual({
      text: 'Incident closed by bob',
      eventType: 'incident_update',
      metadata: {
        update_type: 'incident_closed',
        old_value: null,
        new_value: '2024-01-01T12:00:00.000Z',
        actor: expect.objectContaining({ external_id: 'U2' }),
      },
    });
    // Someone acting in Slack whose names are not known yet is named by a mention.
    expect(
      incidentUpdateEntries({ ...base }, { ...base, summary: 's' }, changeAuthor(null, 'U9'))[0]
        .text,
    ).toBe('Incident summary added: "s" by <@U9>');
    const placeholder = { ...user(9, ''), fullName: '' } as ExternalUser;
    expect(changeAuthor(placeholder, 'U9')).toEqual({ name: '<@U9>', user: placeholder });
  });

  it('writes closed and reopened entries, and none for a changed end time', () => {
    const end = new Date('2024-01-01T12:00:00Z');
    expect(incidentUpdateEntries({ ...base, endTime: end }, { ...base, endTime: null })).toEqual([
      expect.objectContaining({
        text: 'Incident reopened',
        metadata: expect.objectContaining({ update_type: 'incident_reopened' }),
      }),
    ]);
    expect(
      incidentUpdateEntries(
        { ...base, endTime: end },
        { ...base, endTime: new Date('2024-01-01T13:00:00Z') },
      ),
    ).toEqual([]);
  });

  it('writes one entry per changed field, in a stable order', () => {
    const entries = incidentUpdateEntries(base, {
      report: 'r',
      summary: 's',
      impact: 'i',
      lead: bob,
      severity: '3',
    });
    expect(entries.map((e) => e.metadata.update_type)).toEqual([
      'incident_lead',
      'incident_report',
      'incident_summary',
      'incident_impact',
      'incident_severity',
    ]);
  });
});

describe('planIncidentUpdate', () => {
  it('refuses to unset a severity once set', () => {
    const act = () => planIncidentUpdate(incident({ severity: '2' }), { severity: null }, null);
    expect(act).toThrow(ValidationError);
    try {
      act();
    } catch (err) {
      expect((err as ValidationError).errors).toHaveProperty('severity');
    }
  });

  it('accepts severity null when there was none, as no change', () => {
    expect(planIncidentUpdate(incident(), { severity: null }, null)).toEqual({
      next: {},
      changed: [],
    });
  });

  it('changes the severity', () => {
    expect(planIncidentUpdate(incident({ severity: '3' }), { severity: '1' }, null)).toEqual({
      next: { severity: '1' },
      changed: ['severity'],
    });
  });

  it('ignores fields sent with their current value', () => {
    const current = incident({ summary: 's', severity: '2' });
    const plan = planIncidentUpdate(
      current,
      { report: 'db down', summary: 's', severity: '2', startTime: new Date(current.startTime) },
      null,
    );
    expect(plan.changed).toEqual([]);
  });

  it('sanitises text and stores blank text as null', () => {
    const plan = planIncidentUpdate(
      incident({ summary: 'old' }),
      { report: '<script>x</script>', summary: '  ' },
      null,
    );
    expect(plan.next).toEqual({ report: '&lt;script&gt;x&lt;/script&gt;', summary: null });
  });

  it('limits the report as typed, in characters, not once escaped', () => {
    expect(planIncidentUpdate(incident(), { report: '<'.repeat(200) }, null).next.report).toBe(
      '&lt;'.repeat(200),
    );
    expect(planIncidentUpdate(incident(), { report: '😀'.repeat(200) }, null).next.report).toBe(
      '😀'.repeat(200),
    );
    expect(() => planIncidentUpdate(incident(), { report: '<'.repeat(201) }, null)).toThrow(
      ValidationError,
    );
    expect(() => planIncidentUpdate(incident(), { summary: '&'.repeat(50_001) }, null)).toThrow(
      ValidationError,
    );
  });

  it('rejects an end before the start', () => {
    expect(() =>
      planIncidentUpdate(incident(), { endTime: new Date('2023-12-31T00:00:00Z') }, null),
    ).toThrow(ValidationError);
  });

  it('reports lead and end time changes by name', () => {
    const plan = planIncidentUpdate(
      incident(),
      { leadId: 2, endTime: new Date('2024-01-01T11:00:00Z') },
      bob,
    );
    expect(plan.changed).toEqual(['lead', 'endTime']);
    expect(plan.next.leadId).toBe(2);
  });
});
