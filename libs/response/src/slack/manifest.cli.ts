import { appConfig } from '../config/app.config.js';
import { ConfigError } from '../config/env.js';
import { slackManifest, toYaml } from './manifest.js';

/** Prints the Slack app manifest for SITE_URL as YAML: `npm run -s slack:manifest`. */
try {
  const { siteUrl } = appConfig(process.env);
  if (!process.env.SITE_URL)
    process.stderr.write(
      `SITE_URL is not set: using ${siteUrl}. Slack must be able to reach it.\n`,
    );
  if (!siteUrl.startsWith('https://'))
    process.stderr.write(
      `Warning: SITE_URL is ${siteUrl}, but Slack only calls https:// URLs. For a trial, put the ` +
        'server behind a tunnel (cloudflared, ngrok) and set SITE_URL to its https address.\n',
    );
  process.stdout.write(`# Slack app manifest for ${siteUrl}\n${toYaml(slackManifest(siteUrl))}`);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
