import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  accountDtoSchema,
  paginatedSchema,
  type AccountDto,
  type Paginated,
  type UserDto,
} from '@response/contracts';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { seedSlackUsers } from '../factories/core.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import {
  REPO_ROOT,
  freePort,
  startServerProcess,
  type ServerProcess,
} from '../support/processes.js';

/** `/core/accounts` (admins only) and the `account:*` commands. */

const RESPONDER = { username: 'resa', password: 'responder-password-1' };
const VIEWER = { username: 'vic', password: 'viewer-password-1' };

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

const run = promisify(execFile);

/** `node libs/response/dist/auth/account-cli.js …` with exactly this environment. */
async function accountCommand(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['libs/response/dist/auth/account-cli.js', ...args],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('/core/accounts', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;
  const accounts = async () =>
    ((await api.get('/core/accounts').expect(200)).body as Paginated<AccountDto>).results;
  const byName = async (username: string) =>
    (await accounts()).find((a) => a.username === username)!;
  const users = async () =>
    ((await api.get('/core/users').expect(200)).body as Paginated<UserDto>).results;

  beforeAll(async () => {
    t = await startTestApp({ redis: false });
    api = coreApi(t);
    await seedSlackUsers(t, [
      { external_id: 'U0ALICE', display_name: 'alice' },
      { external_id: 'U0BOB', display_name: 'bob' },
    ]);
    await t.app.get(AccountsService).create({ ...RESPONDER, role: 'responder' });
    await t.app.get(AccountsService).create({ ...VIEWER, role: 'viewer' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is for admins only: 401 anonymous, 403 for responders and viewers', async () => {
    await t.http().get('/core/accounts').expect(401);
    for (const who of [RESPONDER, VIEWER]) {
      const as = (req: ReturnType<ReturnType<TestApp['http']>['get']>) =>
        req.set('Authorization', basic(who.username, who.password));
      const denied = await as(t.http().get('/core/accounts')).expect(403);
      expect(denied.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      await as(t.http().post('/core/accounts'))
        .send({ username: 'sneaky', password: 'sneaky-password' })
        .expect(403);
      await as(t.http().patch('/core/accounts/1')).send({ role: 'admin' }).expect(403);
      await as(t.http().post('/core/accounts/1/unlock')).expect(403);
    }
    expect((await accounts()).map((a) => a.username)).not.toContain('sneaky');
  });

  it('lists every account by username in the usual envelope', async () => {
    const res = await api.get('/core/accounts').expect(200);
    const page = paginatedSchema(accountDtoSchema).parse(res.body);
    expect(page.results.map((a) => [a.username, a.role, a.disabled])).toEqual([
      [ADMIN.username, 'admin', false],
      [RESPONDER.username, 'responder', false],
      [VIEWER.username, 'viewer', false],
    ]);
    const one = await api.get('/core/accounts?limit=1').expect(200);
    expect(one.body.next).toBe(`${t.url}/core/accounts?limit=1&offset=1`);
    await api.get('/core/accounts/999999').expect(404);
  });

  it('creates an account, which can log in at once and is offered in the lead and owner pickers', async () => {
    const res = await api
      .post('/core/accounts', { username: 'nina', password: 'nina-password-1', role: 'responder' })
      .expect(201);
    expect(accountDtoSchema.parse(res.body)).toMatchObject({
      username: 'nina',
      role: 'responder',
      disabled: false,
      locked: false,
      user: null,
    });
    await t
      .http()
      .post('/core/auth/login')
      .send({ username: 'nina', password: 'nina-password-1' })
      .expect(200);
    // Before having done anything at all, the account is a person the pickers list.
    expect((await users()).map((u) => `${u.app_id}:${u.external_id}`)).toEqual(
      expect.arrayContaining([
        'web:nina',
        `web:${RESPONDER.username}`,
        'slack:U0ALICE',
        'slack:U0BOB',
      ]),
    );
  });

  it('refuses bad input with a field map, and a taken username with 409', async () => {
    const bad = await api
      .post('/core/accounts', { username: 'has space', password: 'short', role: 'boss' })
      .expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['password', 'role', 'username']);
    await api
      .post('/core/accounts', { username: 'nina', password: 'another-password' })
      .expect(409);
    await api.patch(`/core/accounts/${(await byName('nina')).id}`, {}).expect(400);
  });

  it('changes the role and resets the password', async () => {
    const nina = await byName('nina');
    const promoted = await api.patch(`/core/accounts/${nina.id}`, { role: 'viewer' }).expect(200);
    expect(promoted.body.role).toBe('viewer');
    await api.patch(`/core/accounts/${nina.id}`, { password: 'nina-new-password' }).expect(200);
    const me = await t
      .http()
      .get('/core/auth/me')
      .set('Authorization', basic('nina', 'nina-new-password'))
      .expect(200);
    expect(me.body.role).toBe('viewer');
    await t
      .http()
      .get('/core/auth/me')
      .set('Authorization', basic('nina', 'nina-password-1'))
      .expect(401);
  });

  it('links an account to a Slack user picked from the synced list, once per Slack user', async () => {
    const nina = await byName('nina');
    const linked = await api
      .patch(`/core/accounts/${nina.id}`, { user: { external_id: 'U0ALICE' } })
      .expect(200);
    expect(linked.body.user).toMatchObject({ app_id: 'slack', external_id: 'U0ALICE' });
    const me = await t
      .http()
      .get('/core/auth/me')
      .set('Authorization', basic('nina', 'nina-new-password'))
      .expect(200);
    expect(me.body.user).toMatchObject({ external_id: 'U0ALICE' });
    // The person is listed once: as the Slack user, no longer as a web user too.
    const listed = (await users()).filter((u) => !u.deleted).map((u) => u.external_id);
    expect(listed).toContain('U0ALICE');
    expect(listed).not.toContain('nina');

    const resa = await byName(RESPONDER.username);
    const taken = await api
      .patch(`/core/accounts/${resa.id}`, { user: { external_id: 'U0ALICE' } })
      .expect(409);
    expect(taken.body.message).toMatch(/already linked to the account nina/);
    const unknown = await api
      .patch(`/core/accounts/${resa.id}`, { user: { external_id: 'U0NOBODY' } })
      .expect(400);
    expect(unknown.body.errors).toHaveProperty('user');
    await api
      .patch(`/core/accounts/${resa.id}`, { user: { external_id: 'nina', app_id: 'web' } })
      .expect(400);

    await api.patch(`/core/accounts/${nina.id}`, { user: null }).expect(200);
    expect((await users()).find((u) => u.external_id === 'nina')).toMatchObject({ deleted: false });
  });

  it('disables and enables an account', async () => {
    const nina = await byName('nina');
    const disabled = await api.patch(`/core/accounts/${nina.id}`, { disabled: true }).expect(200);
    expect(disabled.body.disabled).toBe(true);
    const refused = await t
      .http()
      .post('/core/auth/login')
      .send({ username: 'nina', password: 'nina-new-password' })
      .expect(403);
    expect(refused.body.message).toMatch(/disabled/);
    // A disabled account is not offered as a lead or owner.
    expect((await users()).find((u) => u.external_id === 'nina')).toMatchObject({ deleted: true });
    await api.patch(`/core/accounts/${nina.id}`, { disabled: false }).expect(200);
    await t
      .http()
      .post('/core/auth/login')
      .send({ username: 'nina', password: 'nina-new-password' })
      .expect(200);
  });

  it('unlocks an account slowed down by failed logins', async () => {
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .post('/core/auth/login')
        .send({ username: 'nina', password: 'guess' })
        .expect(401);
    await t
      .http()
      .post('/core/auth/login')
      .send({ username: 'nina', password: 'nina-new-password' })
      .expect(429);
    const nina = await byName('nina');
    expect(nina.locked).toBe(true);
    await api.post(`/core/accounts/${nina.id}/unlock`).expect(204);
    expect((await byName('nina')).locked).toBe(false);
    await t
      .http()
      .post('/core/auth/login')
      .send({ username: 'nina', password: 'nina-new-password' })
      .expect(200);
  });

  it('never leaves the team without an enabled admin', async () => {
    const admin = await byName(ADMIN.username);
    const demote = await api.patch(`/core/accounts/${admin.id}`, { role: 'viewer' }).expect(409);
    expect(demote.body.message).toMatch(/only admin left/);
    await api.patch(`/core/accounts/${admin.id}`, { disabled: true }).expect(409);
    expect((await byName(ADMIN.username)).role).toBe('admin');
  });
});

describe('account:create against a running server on the embedded database', () => {
  let dataDir: string;
  let busyDir: string;
  let server: ServerProcess | undefined;
  const SERVER_ADMIN = { username: 'boss', password: 'boss-password-1' };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'response-accounts-'));
    busyDir = await mkdtemp(join(tmpdir(), 'response-accounts-busy-'));
    server = await startServerProcess(
      {
        DATA_DIR: dataDir,
        ADMIN_USERNAME: SERVER_ADMIN.username,
        ADMIN_PASSWORD: SERVER_ADMIN.password,
        LOG_LEVEL: 'warn',
      },
      90_000,
    );
    await server.waitForOutput(/^Open .* and log in/, 30_000);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(busyDir, { recursive: true, force: true });
  });

  it('goes through the server, and the account exists there at once', async () => {
    const created = await accountCommand(['create', '--username', 'carol', '--role', 'viewer'], {
      DATA_DIR: dataDir,
      ACCOUNT_PASSWORD: 'carol-password-1',
    });
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toMatch(
      /^Created viewer account "carol" in the running Response server/,
    );
    const me = await fetch(`${server!.url}/core/auth/me`, {
      headers: { authorization: basic('carol', 'carol-password-1') },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'carol', role: 'viewer' });

    const again = await accountCommand(['create', '--username', 'carol'], {
      DATA_DIR: dataDir,
      ACCOUNT_PASSWORD: 'carol-password-1',
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const list = await accountCommand(['list'], { DATA_DIR: dataDir });
    expect(list.stdout.trim().split('\n')).toEqual(['boss\tadmin', 'carol\tviewer']);
  });

  it('refuses, changing nothing, when another process holds the database', async () => {
    // A live process (this test runner) that is no server holds the second folder.
    await writeFile(
      join(busyDir, 'lock.json'),
      JSON.stringify({ pid: process.pid, process: null, holder: 'command' }),
    );
    const refused = await accountCommand(['create', '--username', 'dave'], {
      DATA_DIR: busyDir,
      ACCOUNT_PASSWORD: 'dave-password-1',
    });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/is in use by a running command .* stop that process first/);

    // A server that holds it but does not answer: nothing is reported as done.
    await writeFile(
      join(busyDir, 'lock.json'),
      JSON.stringify({
        pid: process.pid,
        process: null,
        holder: 'server',
        url: `http://127.0.0.1:${await freePort()}`,
        token: 'x'.repeat(43),
      }),
    );
    const unreachable = await accountCommand(['create', '--username', 'dave'], {
      DATA_DIR: busyDir,
      ACCOUNT_PASSWORD: 'dave-password-1',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toBe('');
    expect(unreachable.stderr).toMatch(/does not answer .* nothing was changed/);
  });

  it('the token admits nothing but the accounts API, and only with the token', async () => {
    const lock = JSON.parse(
      await (await import('node:fs/promises')).readFile(join(dataDir, 'lock.json'), 'utf8'),
    ) as { token: string; url: string };
    const bearer = { authorization: `Bearer ${lock.token}` };
    expect((await fetch(`${server!.url}/core/accounts`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${server!.url}/core/incidents`, { headers: bearer })).status).toBe(401);
    expect((await fetch(`${server!.url}/metrics`, { headers: bearer })).status).not.toBe(200);
    const forged = { authorization: `Bearer ${'y'.repeat(lock.token.length)}` };
    expect((await fetch(`${server!.url}/core/accounts`, { headers: forged })).status).toBe(401);
  });
});
