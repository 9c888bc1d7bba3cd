import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import { REPO_ROOT, SERVER_ENTRY } from '../support/processes.js';

/** Runs the built server with some environment until it exits (or 30 s pass). */
function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SERVER_ENTRY],
      {
        cwd: REPO_ROOT,
        // Were the value accepted, nothing would be written inside the repository.
        env: {
          PATH: process.env.PATH,
          PORT: '0',
          DATA_DIR: join(tmpdir(), 'response-roles'),
          ...env,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          output: `${stdout}${stderr}`,
        }),
    );
  });
}

describe('INCIDENT_ROLES', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      redis: false,
      env: { INCIDENT_ROLES: 'ops = Operations lead, comms=Comms lead' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names the roles of every incident, in the configured order', async () => {
    const api = coreApi(t);
    const incident = (await api.post('/core/incidents', { report: 'Custom roles' }).expect(201))
      .body as IncidentDto;
    expect(incident.roles).toEqual([
      { role: 'ops', name: 'Operations lead', user: null },
      { role: 'comms', name: 'Comms lead', user: null },
    ]);
    const given = await api
      .put(`/core/incidents/${incident.id}/roles/ops`, {
        user: { app_id: 'web', external_id: 'admin' },
      })
      .expect(200);
    expect((given.body as IncidentDto).roles[0].user?.external_id).toBe('admin');
    const scribe = await api
      .put(`/core/incidents/${incident.id}/roles/scribe`, { user: null })
      .expect(404);
    expect(scribe.body.message).toBe('Role "scribe" not found (the roles are: ops, comms)');
  });

  it('a bad value stops startup with a message naming the variable', async () => {
    const { code, output } = await runServer({
      INCIDENT_ROLES: 'comms=Comms lead,lead=Incident lead,Ops=',
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(output).toContain('Invalid configuration');
    expect(output).toContain(`INCIDENT_ROLES: the key "lead" is the incident lead's own`);
    expect(output).toContain('INCIDENT_ROLES: the key "Ops" must start with a lower-case letter');
    expect(output).not.toMatch(/\n\s+at /);
  });
});
