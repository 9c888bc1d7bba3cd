import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { ConfigError } from './env.js';

function problems(value: string): string[] {
  try {
    loadConfig({ INCIDENT_ROLES: value });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('INCIDENT_ROLES', () => {
  it('defaults to a comms lead and a scribe; empty counts as unset', () => {
    const roles = [
      { key: 'comms', name: 'Comms lead' },
      { key: 'scribe', name: 'Scribe' },
    ];
    expect(loadConfig({}).incidentRoles).toEqual(roles);
    expect(loadConfig({ INCIDENT_ROLES: ' ' }).incidentRoles).toEqual(roles);
  });

  it('keeps the given order, trims around keys and names, and allows no roles at all', () => {
    expect(
      loadConfig({ INCIDENT_ROLES: ' ops = Operations lead , comms=Comms lead,on_call-2=On call' })
        .incidentRoles,
    ).toEqual([
      { key: 'ops', name: 'Operations lead' },
      { key: 'comms', name: 'Comms lead' },
      { key: 'on_call-2', name: 'On call' },
    ]);
    expect(loadConfig({ INCIDENT_ROLES: 'none' }).incidentRoles).toEqual([]);
  });

  it.each([
    ['Comms=Comms lead', /the key "Comms" must start with a lower-case letter/],
    ['1st=First', /the key "1st" must start/],
    ['comms lead=Comms lead', /the key "comms lead"/],
    ['comms=', /the role "comms" needs a name, e.g. comms=Comms/],
    ['comms', /"comms" must be key=Name/],
    ['comms=Comms lead,,scribe=Scribe', /entry 2 is empty/],
    ['comms=A,comms=B', /the key "comms" is given twice/],
    ['lead=Incident lead', /the key "lead" is the incident lead's own/],
    [`x=${'n'.repeat(51)}`, /at most 50 characters/],
  ])('refuses %j, naming the variable', (value, message) => {
    const found = problems(value);
    expect(found).toEqual([expect.stringMatching(/^INCIDENT_ROLES: /)]);
    expect(found[0]).toMatch(message);
  });

  it('reports every bad entry at once', () => {
    expect(problems('lead=Lead,Bad=Bad,ok=Fine')).toHaveLength(2);
  });
});
