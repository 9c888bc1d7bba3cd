import { ConfigError } from './config/env.js';
import { loadConfig } from './config/config.js';
import { createApp, createWorker } from './bootstrap.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (!config.app.http) {
    await createWorker(config);
    process.stdout.write('Response worker started (ROLE=worker)\n');
    return;
  }
  const app = await createApp(config);
  await app.listen(config.app.port);
  const login = config.auth.admin
    ? `Log in as "${config.auth.admin.username}" with ADMIN_PASSWORD.`
    : 'Set ADMIN_USERNAME and ADMIN_PASSWORD to create an admin account, then log in with them.';
  process.stdout.write(`\nResponse is running at ${config.app.siteUrl}\n${login}\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Response failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
