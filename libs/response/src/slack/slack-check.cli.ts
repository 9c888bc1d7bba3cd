import { WebClient } from '@slack/web-api';
import { ConfigError } from '../config/env.js';
import { slackConfig } from '../config/slack.config.js';
import { checkSlack } from './slack-check.js';

/**
 * `npm run slack:check`: whether the Slack connection configured in the
 * environment works, one line per check with the fix for each failure.
 * Exits 1 when a check fails.
 */
async function main(): Promise<number> {
  let config;
  try {
    config = slackConfig(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 1;
  }
  const client = config.enabled
    ? new WebClient(config.botToken, {
        slackApiUrl: config.apiUrl,
        retryConfig: { retries: 0 },
        timeout: 10_000,
        // The checklist says what failed; the client's own log lines would repeat it.
        logger: {
          debug: () => undefined,
          info: () => undefined,
          warn: () => undefined,
          error: () => undefined,
          setLevel: () => undefined,
          getLevel: () => 'error' as never,
          setName: () => undefined,
        },
      })
    : null;
  const results = await checkSlack(config, async (method, args) => {
    try {
      return (await client!.apiCall(method, args)) as unknown as Record<string, unknown>;
    } catch (error) {
      const data = (error as { data?: Record<string, unknown> }).data;
      if (data && data.ok === false) return data;
      throw error;
    }
  });
  for (const result of results) {
    process.stdout.write(`${result.ok ? 'ok  ' : 'FAIL'}  ${result.check}: ${result.detail}\n`);
    if (!result.ok && result.fix) process.stdout.write(`      fix: ${result.fix}\n`);
  }
  const failed = results.filter((result) => !result.ok).length;
  process.stdout.write(failed === 0 ? 'Slack is connected.\n' : `${failed} check(s) failed.\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
