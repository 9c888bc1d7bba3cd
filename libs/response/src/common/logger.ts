import type { LoggerService } from '@nestjs/common';
import { Writable } from 'node:stream';
import { pino, type Logger as Pino } from 'pino';

/** How log entries are written: JSON lines (for machines) or readable lines (for a terminal). */
export type LogFormat = 'json' | 'pretty';

/** Nest's start-up chatter: one line per module and route, useful only when debugging. */
const STARTUP_CHATTER = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields every entry has, left out of the readable line's `key=value` tail. */
const BASE_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'context', 'msg']);

/** One readable line for a pino JSON entry: `12:00:01 INFO  [Context] message key=value`. */
export function prettyLine(entry: Record<string, unknown>): string {
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const level = LEVEL_NAMES[Number(entry.level)] ?? String(entry.level);
  const context = entry.context ? `[${String(entry.context)}] ` : '';
  let message = typeof entry.msg === 'string' ? entry.msg : '';
  if (entry.context === 'HTTP' && entry.method)
    message = `${String(entry.method)} ${String(entry.path)} ${String(entry.status)} ${String(entry.ms)} ms`;
  const extra = Object.entries(entry)
    .filter(
      ([key, value]) =>
        !BASE_FIELDS.has(key) &&
        value !== undefined &&
        !(entry.context === 'HTTP' && ['method', 'path', 'status', 'ms'].includes(key)),
    )
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${time} ${level} ${context}${message}${extra.length ? ` ${extra.join(' ')}` : ''}\n`;
}

/** A stream that turns pino's JSON lines into readable ones. */
function prettyStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          out.write(prettyLine(JSON.parse(line) as Record<string, unknown>));
        } catch {
          out.write(`${line}\n`);
        }
      }
      done();
    },
  });
}

/**
 * Nest's logger backed by pino, with the class name as `context`: one JSON
 * line per entry, or one readable line on a terminal (`LOG_FORMAT`).
 */
export class JsonLogger implements LoggerService {
  readonly pino: Pino;
  private readonly quietStartup: boolean;

  constructor(level: string, format: LogFormat = 'json') {
    const options = {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    };
    this.pino = format === 'pretty' ? pino(options, prettyStream(process.stdout)) : pino(options);
    this.quietStartup = format === 'pretty';
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?)
    const context =
      typeof rest.at(-1) === 'string' && rest.length > 1 ? (rest.pop() as string) : undefined;
    const stack = typeof rest[0] === 'string' ? (rest[0] as string) : undefined;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      this.pino.error({ context, stack, ...(message as object) });
      return;
    }
    this.pino.error({ context, stack }, this.text(message));
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(
    level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ): void {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    // On a terminal, the start-up chatter would bury what matters.
    if (this.quietStartup && level === 'info' && context && STARTUP_CHATTER.has(context))
      level = 'debug';
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      this.pino[level]({ context, ...(message as object) });
      return;
    }
    this.pino[level]({ context }, this.text(message));
  }

  private text(message: unknown): string {
    if (message instanceof Error) return message.message;
    return typeof message === 'string' ? message : JSON.stringify(message);
  }
}
