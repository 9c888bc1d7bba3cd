/**
 * `npm run account:<command>`: accounts from the command line, while the
 * server runs or not.
 *
 *   account:create -- --username alice --role responder [--slack-user U0123ABCD]
 *   account:list
 *   account:unlock alice
 *   account:password alice          (the new password: ACCOUNT_PASSWORD, or a random one printed)
 *   account:role alice viewer
 *   account:disable alice
 *   account:enable alice
 *
 * With DATABASE_URL the command works on Postgres directly. With the embedded
 * database, which one process at a time may open, it goes through the server
 * holding it (its address and a token are in DATA_DIR/lock.json), opens the
 * database itself when nothing holds it, and otherwise refuses, changing
 * nothing. It never reports a change that did not happen.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import {
  ROLES,
  type AccountDto,
  type CreateAccountRequest,
  type Paginated,
  type Role,
  type UpdateAccountRequest,
} from '@response/contracts';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors.js';
import { loadConfig, type Config } from '../config/config.js';
import { ConfigError } from '../config/env.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import {
  EmbeddedDatabaseInUseError,
  embeddedOwner,
  type EmbeddedOwner,
} from '../database/embedded-lock.js';
import { UsersService } from '../users/users.service.js';
import { AccountSerializer } from './account.serializer.js';
import { AccountsService } from './accounts.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { SessionsService } from './sessions.service.js';

const USAGE = `Usage:
  npm run account:create -- --username <name> --role <admin|responder|viewer> [--slack-user <Slack user id>]
  npm run account:list
  npm run account:unlock <username>
  npm run account:password <username>
  npm run account:role <username> <admin|responder|viewer>
  npm run account:disable <username>
  npm run account:enable <username>
New passwords come from ACCOUNT_PASSWORD; without it a random one is printed once.`;

/** A command-line mistake: printed with the usage, exit status 2. */
class UsageError extends Error {}

/** A refusal or failure to report: printed as is, exit status 1. */
class CliError extends Error {}

/** Where the commands are carried out: the database itself, or the server holding it. */
interface Backend {
  /** Where, for the messages. */
  readonly where: string;
  list(username?: string): Promise<AccountDto[]>;
  create(body: CreateAccountRequest): Promise<AccountDto>;
  update(id: number, body: UpdateAccountRequest): Promise<AccountDto>;
  unlock(id: number): Promise<void>;
  close(): Promise<void>;
}

/** The database itself: Postgres (shared with running servers), or the embedded one, taken for this process. */
async function databaseBackend(config: Config): Promise<Backend> {
  const dataSource = new DataSource({
    ...dataSourceOptions(config.database, 'command'),
    logging: ['error'],
  });
  await dataSource.initialize();
  const accounts = new AccountsService(
    dataSource,
    config,
    new SessionsService(dataSource),
    new LoginThrottleService(dataSource),
    new UsersService(dataSource),
  );
  return {
    where:
      config.database.kind === 'postgres'
        ? 'the Postgres database'
        : `the embedded database under ${config.database.dataDir}`,
    async list(username) {
      const views = await accounts.list();
      return views
        .filter((v) => !username || v.account.username === username)
        .map(AccountSerializer.toDto);
    },
    create: (body) =>
      accounts.createFromApi({
        username: body.username,
        password: body.password,
        role: body.role ?? 'responder',
        user: body.user ? { external_id: body.user.external_id.trim() } : null,
      }),
    update: (id, body) =>
      accounts.updateFromApi(id, {
        role: body.role,
        password: body.password,
        disabled: body.disabled,
      }),
    unlock: (id) => accounts.unlock(id),
    close: () => dataSource.destroy(),
  };
}

/** The running server that holds the embedded database, through `/core/accounts`. */
function serverBackend(owner: EmbeddedOwner & { url: string; token: string }): Backend {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${owner.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${owner.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code === 'ECONNREFUSED') {
        throw new CliError(
          `The Response server holding the embedded database (process ${owner.pid}) does not ` +
            `answer at ${owner.url}, so nothing was changed. Try again once it runs, or stop it.`,
        );
      }
      throw new CliError(
        `The Response server at ${owner.url} did not answer (${(error as Error).message}). ` +
          (method === 'GET'
            ? 'Nothing was changed.'
            : 'The change may or may not have been made: check with npm run account:list.'),
      );
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const message = (parsed as { message?: string } | undefined)?.message ?? res.statusText;
      throw new CliError(message);
    }
    return parsed as T;
  };
  return {
    where: `the running Response server (process ${owner.pid})`,
    async list(username) {
      const query = username ? `&username=${encodeURIComponent(username)}` : '';
      return (await call<Paginated<AccountDto>>('GET', `/core/accounts?limit=1000${query}`))
        .results;
    },
    create: (body) => call<AccountDto>('POST', '/core/accounts', body),
    update: (id, body) => call<AccountDto>('PATCH', `/core/accounts/${id}`, body),
    unlock: (id) => call<void>('POST', `/core/accounts/${id}/unlock`),
    close: async () => undefined,
  };
}

/** The backend for this configuration, or a refusal that says why and what to do. */
async function backendFor(config: Config): Promise<Backend> {
  if (config.database.kind === 'postgres') return databaseBackend(config);
  const owner = embeddedOwner(config.database.dataDir);
  if (owner?.holder === 'server' && owner.url && owner.token)
    return serverBackend({ ...owner, url: owner.url, token: owner.token });
  if (owner?.holder === 'server') {
    throw new CliError(
      `A Response server (process ${owner.pid}) holds the embedded database under ` +
        `${config.database.dataDir} but does not listen yet. Nothing was changed: try again ` +
        'once it has printed its URL.',
    );
  }
  if (owner) throw new EmbeddedDatabaseInUseError(config.database.dataDir, owner);
  return databaseBackend(config);
}

function newPassword(): { password: string; generated: boolean } {
  const given = process.env.ACCOUNT_PASSWORD;
  if (given) return { password: given, generated: false };
  return { password: randomBytes(12).toString('base64url'), generated: true };
}

function checkRole(role: string | undefined): Role {
  if (!role || !ROLES.includes(role as Role))
    throw new UsageError(`The role must be one of ${ROLES.join(', ')}`);
  return role as Role;
}

async function findAccount(backend: Backend, username: string): Promise<AccountDto> {
  const [account] = await backend.list(username);
  if (!account) throw new CliError(`No account is named "${username}"`);
  return account;
}

async function run(argv: string[]): Promise<void> {
  // What the services log is for a server's log, not for this command's answer.
  Logger.overrideLogger(['error']);
  // `account-cli.js --username …` (no command) creates, as the first version did.
  const [command = 'help', ...rest] = argv[0]?.startsWith('-') ? ['create', ...argv] : argv;
  const parse = () =>
    parseArgs({
      args: rest,
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        'slack-user': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const username = values.username ?? positionals[0];
  const commands = ['create', 'list', 'unlock', 'password', 'role', 'disable', 'enable'];
  if (!commands.includes(command)) throw new UsageError(`Unknown command "${command}"`);
  if (command !== 'list' && !username) throw new UsageError('Name the account: its username');
  const role =
    command === 'create'
      ? checkRole(values.role ?? 'responder')
      : command === 'role'
        ? checkRole(values.role ?? positionals[1])
        : undefined;

  const config = loadConfig();
  const backend = await backendFor(config);
  try {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    switch (command) {
      case 'list': {
        const accounts = await backend.list();
        for (const a of accounts) {
          const notes = [
            a.disabled ? 'disabled' : '',
            a.locked ? 'slowed down by failed logins' : '',
            a.user ? `Slack ${a.user.external_id}` : '',
          ].filter(Boolean);
          out(`${a.username}\t${a.role}${notes.length ? `\t${notes.join(', ')}` : ''}`);
        }
        if (accounts.length === 0) out('No accounts yet.');
        return;
      }
      case 'create': {
        const { password, generated } = newPassword();
        const slackUser = values['slack-user'];
        const account = await backend.create({
          username: username!,
          password,
          role,
          user: slackUser ? { external_id: slackUser } : null,
        });
        out(`Created ${account.role} account "${account.username}" in ${backend.where}.`);
        if (generated) out(`Password: ${password}`);
        return;
      }
      case 'password': {
        const account = await findAccount(backend, username!);
        const { password, generated } = newPassword();
        await backend.update(account.id, { password });
        out(`New password set for "${account.username}"; its sessions have ended.`);
        if (generated) out(`Password: ${password}`);
        return;
      }
      case 'role': {
        const account = await findAccount(backend, username!);
        const updated = await backend.update(account.id, { role });
        out(`"${updated.username}" is now ${updated.role}; its sessions have ended.`);
        return;
      }
      case 'disable':
      case 'enable': {
        const account = await findAccount(backend, username!);
        await backend.update(account.id, { disabled: command === 'disable' });
        out(
          command === 'disable'
            ? `"${account.username}" is disabled; its sessions have ended.`
            : `"${account.username}" is enabled.`,
        );
        return;
      }
      case 'unlock': {
        const account = await findAccount(backend, username!);
        await backend.unlock(account.id);
        out(`"${account.username}" is unlocked: its failed logins are forgotten.`);
        return;
      }
    }
  } finally {
    await backend.close();
  }
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    const known =
      error instanceof ConfigError ||
      error instanceof DomainError ||
      error instanceof CliError ||
      error instanceof EmbeddedDatabaseInUseError;
    process.stderr.write(`${known ? (error as Error).message : `Failed: ${String(error)}`}\n`);
    process.exit(1);
  },
);
