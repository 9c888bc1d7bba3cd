import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { ConfigError } from './env.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('OIDC configuration', () => {
  it('is off by default, with password login on', () => {
    expect(loadConfig({}).oidc).toEqual({ provider: null, passwordLogin: true });
  });

  it('signs in with Slack by default, for one workspace', () => {
    const { provider } = loadConfig({
      OIDC_CLIENT_ID: 'id',
      OIDC_CLIENT_SECRET: 'secret',
      SLACK_TEAM_ID: 'T0123ABCD',
      OIDC_ADMINS: 'Ann@Example.com sub-1,sub-2',
    }).oidc;
    expect(provider).toMatchObject({
      issuer: 'https://slack.com',
      name: 'Slack',
      defaultRole: 'responder',
      slackTeamId: 'T0123ABCD',
      admins: ['ann@example.com', 'sub-1', 'sub-2'],
    });
  });

  it('names each problem', () => {
    expect(problems({ OIDC_CLIENT_ID: 'id' })).toEqual([
      'OIDC_CLIENT_SECRET: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together',
    ]);
    expect(problems({ OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 's' })[0]).toMatch(
      /^SLACK_TEAM_ID: is required to sign in with Slack/,
    );
    expect(
      problems({
        OIDC_CLIENT_ID: 'id',
        OIDC_CLIENT_SECRET: 's',
        OIDC_ISSUER: 'http://login.example.com',
      }),
    ).toEqual(['OIDC_ISSUER: must be an https:// URL']);
    expect(problems({ PASSWORD_LOGIN: 'false' })[0]).toMatch(/^PASSWORD_LOGIN: false needs OIDC/);
    expect(problems({ OIDC_DEFAULT_ROLE: 'owner' })[0]).toMatch(
      /^OIDC_DEFAULT_ROLE: must be one of/,
    );
    expect(problems({ SLACK_TEAM_ID: 'acme' })[0]).toMatch(/^SLACK_TEAM_ID: must be a Slack/);
  });
});
