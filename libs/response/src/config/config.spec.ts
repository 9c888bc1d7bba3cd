import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { ConfigError } from './env.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('has sensible defaults for the embedded mode', () => {
    const config = loadConfig({});
    expect(config.app.port).toBe(8000);
    expect(config.app.siteUrl).toBe('http://localhost:8000');
    expect(config.app.role).toBe('all');
    expect(config.database).toEqual({ kind: 'embedded', dataDir: './.data' });
    expect(config.redis.url).toBeUndefined();
    expect(config.slack.enabled).toBe(false);
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
  });

  it('derives SITE_URL from PORT and strips a trailing slash from an explicit one', () => {
    expect(loadConfig({ PORT: '9000' }).app.siteUrl).toBe('http://localhost:9000');
    expect(loadConfig({ SITE_URL: 'https://response.example.com/' }).app.siteUrl).toBe(
      'https://response.example.com',
    );
  });

  it('names each bad variable, all at once', () => {
    const found = problems({
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      ROLE: 'boss',
      REDIS_URL: 'http://x',
    });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual([
      'DATABASE_URL',
      'PORT',
      'REDIS_URL',
      'ROLE',
    ]);
  });

  it('reads IMAGE_HOSTS as lower-cased host names, and refuses anything else', () => {
    expect(loadConfig({}).app.imageHosts).toEqual([]);
    expect(
      loadConfig({
        IMAGE_HOSTS: ' Images.Example.com, *.cdn.example ,localhost:8080,,images.example.com',
      }).app.imageHosts,
    ).toEqual(['images.example.com', '*.cdn.example', 'localhost:8080']);
    for (const bad of ['https://images.example.com', 'images.example.com/x', 'a b', '*', 'x:port'])
      expect(problems({ IMAGE_HOSTS: bad })).toEqual([expect.stringMatching(/^IMAGE_HOSTS: /)]);
  });

  it('takes TZ as an IANA time zone name and refuses anything else', () => {
    expect(loadConfig({}).app.timeZone).toBe('UTC');
    expect(loadConfig({ TZ: 'Europe/Paris' }).app.timeZone).toBe('Europe/Paris');
    expect(problems({ TZ: 'Mars/Olympus' })).toEqual([
      expect.stringMatching(/^TZ: must be an IANA time zone/),
    ]);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: ' ' }).database.kind).toBe('embedded');
  });

  it('refuses a partial Slack configuration, naming what is missing', () => {
    const found = problems({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SLACK_SIGNING_SECRET: is required/),
        expect.stringMatching(/^INCIDENT_CHANNEL_ID: is required/),
      ]),
    );
  });

  it('enables Slack when fully configured and normalises the API URL', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'secret',
      INCIDENT_CHANNEL_ID: 'C123',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
    });
    expect(config.slack.enabled).toBe(true);
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:9999/api/');
  });

  it('requires ADMIN_USERNAME and ADMIN_PASSWORD together', () => {
    expect(problems({ ADMIN_USERNAME: 'admin' })[0]).toMatch(/^ADMIN_PASSWORD/);
    expect(
      loadConfig({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'long-enough' }).auth.admin,
    ).toEqual({
      username: 'admin',
      password: 'long-enough',
    });
  });

  it('splits roles into HTTP and worker duties', () => {
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(loadConfig({ ...redis, ROLE: 'api' }).app).toMatchObject({ http: true, worker: false });
    expect(loadConfig({ ...redis, ROLE: 'worker' }).app).toMatchObject({
      http: false,
      worker: true,
    });
  });

  it('refuses split roles without Redis, which they would need to share work', () => {
    expect(problems({ ROLE: 'worker' })[0]).toMatch(/^ROLE: worker needs REDIS_URL/);
    expect(problems({ ROLE: 'api' })[0]).toMatch(/^ROLE: api needs REDIS_URL/);
  });

  it('trusts no proxy unless TRUST_PROXY names them or counts hops', () => {
    expect(loadConfig({}).app.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).app.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).app.trustProxy).toBe(2);
    expect(
      loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,loopback' }).app.trustProxy,
    ).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'loopback']);
    for (const bad of ['true', 'everyone', '10.0.0.0/33', '10.0.0.1/8/9', '300.1.1.1', '1,,2'])
      expect(problems({ TRUST_PROXY: bad })[0]).toMatch(/^TRUST_PROXY: must be a hop count/);
  });
});
