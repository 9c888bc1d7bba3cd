import { Logger } from '@nestjs/common';
import type { Logger as OrmLogger } from 'typeorm';

/** Queries slower than this are logged as warnings. */
export const SLOW_QUERY_MS = 1000;

/** The longest piece of a query that goes into a log line. */
export const MAX_LOGGED_QUERY = 500;

/**
 * TypeORM's log, written through Nest's logger (context `Database`) so that it
 * comes out as JSON lines and obeys LOG_LEVEL. Failed queries are errors,
 * slow ones warnings, migrations info. Query parameters are never logged:
 * they hold what users typed.
 */
export class TypeOrmLogger implements OrmLogger {
  private readonly logger = new Logger('Database');

  /** Every query: not logged. */
  logQuery(): void {}

  /** Parameters stay out of the log, even where Postgres repeats one in its message. */
  logQueryError(error: string | Error, query: string, parameters?: unknown): void {
    const { message, code } = describe(error);
    this.logger.error({
      msg: `Query failed: ${redact(message, parameters)}`,
      code,
      query: shorten(query),
    });
  }

  logQuerySlow(time: number, query: string, _parameters?: unknown): void {
    this.logger.warn({ msg: `Slow query (${time} ms)`, durationMs: time, query: shorten(query) });
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(text(message));
    else this.logger.debug(text(message));
  }
}

/** One line, at most {@link MAX_LOGGED_QUERY} characters. */
export function shorten(query: string): string {
  const line = query.replace(/\s+/g, ' ').trim();
  return line.length > MAX_LOGGED_QUERY ? `${line.slice(0, MAX_LOGGED_QUERY)}…` : line;
}

/** Text parameters (of 4 characters or more) quoted in a message become `[parameter]`. */
function redact(message: string, parameters: unknown): string {
  const values = Array.isArray(parameters)
    ? parameters.filter((p): p is string => typeof p === 'string' && p.length >= 4)
    : [];
  // Longest first, so that a value containing another is replaced whole.
  return values
    .sort((a, b) => b.length - a.length)
    .reduce((text, value) => text.split(value).join('[parameter]'), message);
}

function describe(error: string | Error): { message: string; code?: string } {
  if (typeof error === 'string') return { message: error };
  const code = (error as { code?: unknown }).code;
  return { message: error.message, code: typeof code === 'string' ? code : undefined };
}

function text(message: unknown): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}
