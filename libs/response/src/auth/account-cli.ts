/**
 * `npm run account:create -- --username alice --role responder [--slack-user U0123ABCD]`
 *
 * Creates an account in the configured database (DATABASE_URL, or the embedded
 * one under DATA_DIR: stop the server first, as the embedded database has one
 * user at a time). The password comes from ACCOUNT_PASSWORD, or a random one is
 * generated and printed once.
 */
import 'reflect-metadata';
import { AppId, ROLES, type Role } from '@response/contracts';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors.js';
import { loadConfig } from '../config/config.js';
import { ConfigError } from '../config/env.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { ExternalUser } from '../users/external-user.entity.js';
import { AccountsService } from './accounts.service.js';

const USAGE =
  'Usage: npm run account:create -- --username <name> --role <admin|responder|viewer> [--slack-user <Slack user id>]\n' +
  'The password is read from ACCOUNT_PASSWORD; without it a random password is printed.';

async function main(): Promise<number> {
  let values: { username?: string; role?: string; 'slack-user'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        username: { type: 'string' },
        role: { type: 'string', default: 'responder' },
        'slack-user': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help || !values.username) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (!ROLES.includes(values.role as Role)) {
    process.stderr.write(`--role must be one of ${ROLES.join(', ')}\n`);
    return 2;
  }

  const config = loadConfig();
  const dataSource = new DataSource({ ...dataSourceOptions(config.database), logging: ['error'] });
  await dataSource.initialize();
  try {
    let externalUserId: number | null = null;
    if (values['slack-user']) {
      const user = await dataSource
        .getRepository(ExternalUser)
        .findOneBy({ appId: AppId.Slack, externalId: values['slack-user'] });
      if (!user) {
        process.stderr.write(
          `No Slack user ${values['slack-user']} is known yet (users appear once Slack sees them)\n`,
        );
        return 1;
      }
      externalUserId = user.id;
    }
    const generated = process.env.ACCOUNT_PASSWORD
      ? undefined
      : randomBytes(12).toString('base64url');
    const accounts = new AccountsService(dataSource, config);
    const account = await accounts.create({
      username: values.username,
      password: process.env.ACCOUNT_PASSWORD ?? generated!,
      role: values.role as Role,
      externalUserId,
    });
    process.stdout.write(`Created ${account.role} account "${account.username}".\n`);
    if (generated) process.stdout.write(`Password: ${generated}\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof DomainError;
    process.stderr.write(
      `${known ? (error as Error).message : `Could not create the account: ${String(error)}`}\n`,
    );
    process.exit(1);
  },
);
