/**
 * `npm run import:response -- --from postgres://… [--dry-run]`
 *
 * Imports a Monzo Response database (its Django tables) into the configured
 * database (DATABASE_URL, or the embedded one under DATA_DIR: stop the server
 * first), keeping ids. Safe to run again: rows already here are left as they
 * are. The summary goes to stdout, the progress bar to a terminal's stderr.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { ConfigError } from '../config/env.js';
import { formatSummary, redactUrl, TerminalProgress } from './import-report.js';
import { ResponseSource, SourceError } from './response-source.js';

const USAGE = `Usage: npm run import:response -- --from postgres://user:password@host:5432/response [--dry-run]

Copies a Monzo Response database into this Response's database (DATABASE_URL, or the embedded one
under DATA_DIR: stop the server first), keeping incident ids. Running it again changes nothing that
is already here. --dry-run reports what it would do and writes nothing. Headline posts need
INCIDENT_CHANNEL_ID (the channel they were posted in).`;

async function main(): Promise<number> {
  let values: { from?: string; 'dry-run'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        from: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const from = values.from ?? '';
  if (!/^postgres(ql)?:\/\//.test(from)) {
    process.stderr.write(`--from must be a postgres:// URL of the Response database\n\n${USAGE}\n`);
    return 2;
  }
  const dryRun = values['dry-run'] ?? false;
  const config = loadConfig();
  if (config.database.kind === 'postgres' && sameDatabase(config.database.url, from)) {
    process.stderr.write('--from names the database this Response uses: nothing to import\n');
    return 2;
  }

  // Migrations of a new database would otherwise print a line each.
  Logger.overrideLogger(['error', 'warn']);
  const source = new ResponseSource(from);
  try {
    await source.open();
  } catch (error) {
    await source.close().catch(() => undefined);
    throw error;
  }
  // Loaded only now, so that a wrong command line or source is told at once.
  const [{ DataSource }, { dataSourceOptions }, { ResponseImporter }] = await Promise.all([
    import('typeorm'),
    import('../database/data-source-options.js'),
    import('./response-importer.js'),
  ]);
  const target = new DataSource({ ...dataSourceOptions(config.database), logging: ['error'] });
  try {
    await target.initialize();
    const runner = target.createQueryRunner();
    try {
      await runner.startTransaction();
      const importer = new ResponseImporter(source, runner, {
        dryRun,
        headlineChannel: config.slack.incidentChannelId || null,
        progress: new TerminalProgress(process.stderr),
      });
      const summary = await importer.run();
      if (dryRun) await runner.rollbackTransaction();
      else await runner.commitTransaction();
      process.stdout.write(formatSummary(summary, from));
      return 0;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  } finally {
    await source.close();
    if (target.isInitialized) await target.destroy();
  }
}

/** Whether two URLs name the same database on the same server. */
function sameDatabase(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.host === y.host && x.pathname === y.pathname;
  } catch {
    return false;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof SourceError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `Import failed, nothing was written: ${known ? message : `${message} (${redactUrl(fromArgument())})`}\n`,
    );
    process.exit(1);
  },
);

function fromArgument(): string {
  const at = process.argv.findIndex((arg) => arg === '--from' || arg.startsWith('--from='));
  if (at < 0) return '';
  const arg = process.argv[at];
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (process.argv[at + 1] ?? '');
}
