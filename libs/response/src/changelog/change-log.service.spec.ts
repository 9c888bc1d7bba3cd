import { beforeEach, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { Action } from '../actions/action.entity.js';
import type { IncidentWithChannel } from '../incidents/full-incident.js';
import { ChangeLogService } from './change-log.service.js';
import type { ChangeLogEntry } from './changelog-entry.entity.js';
import type { IncidentHistoryRepository, IncidentSave } from './incident-history.repository.js';

/** Records what would be saved, without a database. */
function fakeManager() {
  const saved: Partial<ChangeLogEntry>[] = [];
  const manager = {
    create: (_entity: unknown, values: Partial<ChangeLogEntry>) => ({ ...values }),
    save: async (value: Partial<ChangeLogEntry>) => {
      saved.push(value);
      return { id: saved.length, ...value };
    },
  } as unknown as EntityManager;
  return { manager, saved };
}

const reporter = {
  id: 1,
  appId: 'slack',
  externalId: 'U1',
  displayName: 'ann',
  fullName: 'Ann',
  email: null,
  deleted: false,
};

const incident = (isPrivate: boolean): IncidentWithChannel =>
  ({
    id: 3,
    report: 'db down',
    reporter,
    lead: null,
    reportTime: new Date('2024-01-01T10:00:00Z'),
    reportOnly: false,
    private: isPrivate,
    startTime: new Date('2024-01-01T10:00:00Z'),
    endTime: null,
    summary: null,
    impact: null,
    severity: '2',
    commsChannel: null,
    actions: [{ id: 9 }],
  }) as unknown as IncidentWithChannel;

const action = {
  id: 9,
  incidentId: 3,
  details: 'fix <@U1> :fire:',
  done: false,
  user: reporter,
  createdDate: new Date('2024-01-01T11:00:00Z'),
  doneDate: null,
  dueDate: null,
  priority: '1',
  type: null,
} as unknown as Action;

describe('ChangeLogService', () => {
  const history: IncidentSave[] = [];
  const log = new ChangeLogService({
    record: async (_manager: EntityManager, save: IncidentSave) => {
      history.push(save);
    },
  } as IncidentHistoryRepository);
  beforeEach(() => {
    history.length = 0;
  });

  it('logs an incident save without action_items, and its lead and severity in the history', async () => {
    const { manager, saved } = fakeManager();
    const at = new Date('2024-01-01T10:05:00Z');
    await log.incidentSaved(manager, incident(false), at);
    expect(history).toEqual([{ incidentId: 3, at, hasLead: false, severity: '2' }]);
    expect(saved).toHaveLength(1);
    expect(saved[0].eventType).toBe('incident_event');
    expect(saved[0].timestamp).toBe(at);
    expect(saved[0].payload).toMatchObject({
      id: 3,
      report: 'db down',
      severity: '2',
      severity_text: 'major',
      is_closed: false,
    });
    expect(saved[0].payload).not.toHaveProperty('action_items');
    expect((saved[0].payload as { reporter: { external_id: string } }).reporter.external_id).toBe(
      'U1',
    );
  });

  it('logs an action save with incident_id and without details_ui', async () => {
    const { manager, saved } = fakeManager();
    await log.actionSaved(manager, action, false);
    expect(saved).toHaveLength(1);
    expect(saved[0].eventType).toBe('action_event');
    expect(saved[0].payload).toMatchObject({
      id: 9,
      incident_id: 3,
      details: 'fix <@U1> :fire:',
      priority: '1',
    });
    expect(saved[0].payload).not.toHaveProperty('details_ui');
  });

  it('logs nothing for a private incident or its actions, but keeps its history', async () => {
    const { manager, saved } = fakeManager();
    const at = new Date('2024-01-01T10:05:00Z');
    expect(await log.incidentSaved(manager, incident(true), at)).toBeNull();
    expect(await log.actionSaved(manager, action, true)).toBeNull();
    expect(saved).toEqual([]);
    expect(history).toEqual([{ incidentId: 3, at, hasLead: false, severity: '2' }]);
  });
});
