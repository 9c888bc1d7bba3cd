import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { ADMIN } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { REPO_ROOT, startServerProcess, type ServerProcess } from '../support/processes.js';
import { createTestRedis, type TestRedis } from '../support/redis.js';
import { slackEnv } from '../support/slack.js';
import {
  incidentWithChannel,
  mention,
  postedIn,
  reactedWith,
  seedPeople,
  type SlackTarget,
} from '../e2e/slack-comms-helpers.js';

const run = promisify(execFile);

/**
 * `@response/nest` as a team would use it: `npm pack` makes the tarball, a
 * separate Nest project outside this repository installs it, adds its own
 * `@IncidentCommand`, and runs against Postgres, Redis and the fake Slack.
 */

const HOST_MODULE = `import { Injectable, Module } from '@nestjs/common';
import { IncidentCommand, IncidentsService, ResponseModule, type CommandContext } from '@response/nest';

@Injectable()
export class HelloCommand {
  constructor(private readonly incidents: IncidentsService) {}

  @IncidentCommand(['hello'], 'Says hello from the host app')
  async hello(context: CommandContext): Promise<boolean> {
    const incident = await this.incidents.findOne(context.incident.id);
    await context.say(\`Hello from the host app! Incident \${incident.id} is \${incident.endTime ? 'closed' : 'open'}.\`);
    return true;
  }
}

@Module({ imports: [ResponseModule.forRoot()], providers: [HelloCommand] })
export class AppModule {}
`;

const HOST_MAIN = `import { createResponseApp, startResponseApp } from '@response/nest';
import { AppModule } from './app.module.js';

await startResponseApp(await createResponseApp(AppModule));
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    skipLibCheck: true,
    types: [],
    outDir: 'dist',
    rootDir: 'src',
  },
  include: ['src'],
};

async function hostPackage(tarball: string): Promise<Record<string, unknown>> {
  const lib = JSON.parse(
    await readFile(resolve(REPO_ROOT, 'libs/response/package.json'), 'utf8'),
  ) as { peerDependencies: Record<string, string> };
  return {
    name: 'host-app',
    private: true,
    type: 'module',
    dependencies: { '@response/nest': `file:${tarball}`, ...lib.peerDependencies },
  };
}

describe('@response/nest in a separate Nest app', () => {
  let dir: string;
  let slack: FakeSlack;
  let database: TestDatabase;
  let redis: TestRedis;
  let server: ServerProcess | undefined;
  let h: SlackTarget;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'response-host-'));
    await run('npm', ['pack', '-w', '@response/nest', '--pack-destination', dir], {
      cwd: REPO_ROOT,
    });
    const tarball = (await readdir(dir)).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack made no tarball');
    const app = join(dir, 'app');
    await mkdir(join(app, 'src'), { recursive: true });
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify(await hostPackage(join(dir, tarball)), null, 2),
    );
    await writeFile(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    await writeFile(join(app, 'src/app.module.ts'), HOST_MODULE);
    await writeFile(join(app, 'src/main.ts'), HOST_MAIN);
    // From the registry, through npm's cache: whatever `npm ci` already fetched is not fetched again.
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app });
    await run(process.execPath, [resolve(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', app]);

    [slack, database, redis] = await Promise.all([
      startFakeSlack(),
      createTestDatabase(),
      createTestRedis(),
    ]);
    seedPeople(slack);
    server = await startServerProcess(
      slackEnv(slack.url, {
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: ADMIN.password,
      }),
      60_000,
      { entry: join(app, 'dist/main.js'), cwd: app },
    );
    const url = server.url;
    h = { slack, t: { http: () => request(url) } };
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await Promise.allSettled([slack?.close(), redis?.release(), database?.drop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('installs from the tarball alone, with the web app and migrations inside', async () => {
    const installed = join(dir, 'app/node_modules/@response/nest');
    await expect(readFile(join(installed, 'dist/web/index.html'), 'utf8')).resolves.toContain(
      '<app-root',
    );
    expect(await readdir(join(installed, 'dist/database/migrations'))).toContain('index.js');
    const page = await h.t.http().get('/').set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('<app-root');
    await h.t.http().get('/healthz').expect(200);
  });

  it("answers `@incident hello` with the host app's command, and keeps the built-in ones", async () => {
    const { incident, channel } = await incidentWithChannel(h);

    const hello = await mention(h, channel, 'hello');
    expect(await reactedWith(h, channel, hello, 'white_check_mark')).toContain('white_check_mark');
    const replies = await postedIn(slack, channel, (text) =>
      text.startsWith('Hello from the host app'),
    );
    expect(replies.map((call) => call.args.text)).toEqual([
      `Hello from the host app! Incident ${incident.id} is open.`,
    ]);

    const help = await mention(h, channel, 'help');
    await reactedWith(h, channel, help, 'white_check_mark');
    const [helpText] = await postedIn(slack, channel, (text) =>
      text.startsWith("Here's what I can do"),
    );
    expect(helpText.args.text).toContain('`hello` – Says hello from the host app');
    expect(helpText.args.text).toContain('`severity` (or `sev`)');

    const sev = await mention(h, channel, 'severity major');
    await reactedWith(h, channel, sev, 'white_check_mark');
    const res = await h.t
      .http()
      .get(`/core/incidents/${incident.id}`)
      .auth(ADMIN.username, ADMIN.password)
      .expect(200);
    expect(res.body.severity).toBe('2');
  });
});
