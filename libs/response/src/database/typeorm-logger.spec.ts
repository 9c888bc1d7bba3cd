import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { pino } from 'pino';
import { JsonLogger } from '../common/logger.js';
import { MAX_LOGGED_QUERY, TypeOrmLogger } from './typeorm-logger.js';

describe('TypeOrmLogger', () => {
  let json: JsonLogger;
  const orm = new TypeOrmLogger();

  beforeEach(() => {
    json = new JsonLogger('info');
    Logger.overrideLogger(json);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('logs a failed query as a JSON error with context Database, the query cut short and no parameters', () => {
    const error = jest.spyOn(json.pino, 'error').mockImplementation(() => undefined);
    const query = `SELECT * FROM incident WHERE report = $1 AND ${'id > 0 AND '.repeat(100)}true`;
    const failure = Object.assign(new Error('invalid input syntax for type integer'), {
      code: '22P02',
    });

    orm.logQueryError(failure, query, ['a secret the user typed']);

    expect(error).toHaveBeenCalledTimes(1);
    const [entry] = error.mock.calls[0] as unknown as [Record<string, unknown>];
    expect(entry).toMatchObject({
      context: 'Database',
      msg: 'Query failed: invalid input syntax for type integer',
      code: '22P02',
    });
    expect(entry.query).toBe(`${query.slice(0, MAX_LOGGED_QUERY)}…`);
    expect(JSON.stringify(error.mock.calls)).not.toContain('secret');
  });

  it('leaves out a text parameter Postgres repeats in its message', () => {
    const error = jest.spyOn(json.pino, 'error').mockImplementation(() => undefined);
    orm.logQueryError(
      new Error('invalid input syntax for type integer: "my secret"'),
      'SELECT $1::int',
      ['my secret', 7],
    );
    expect(error.mock.calls[0][0]).toMatchObject({
      msg: 'Query failed: invalid input syntax for type integer: "[parameter]"',
    });
  });

  it('puts a multi-line query on one line', () => {
    const error = jest.spyOn(json.pino, 'error').mockImplementation(() => undefined);
    orm.logQueryError('connection reset', 'SELECT 1\n  FROM incident\n');
    expect(error.mock.calls[0][0]).toMatchObject({
      msg: 'Query failed: connection reset',
      query: 'SELECT 1 FROM incident',
    });
  });

  it('logs a slow query as a warning with its duration, without parameters', () => {
    const warn = jest.spyOn(json.pino, 'warn').mockImplementation(() => undefined);
    orm.logQuerySlow(1500, 'SELECT pg_sleep(1.5)', ['a secret the user typed']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toEqual({
      context: 'Database',
      msg: 'Slow query (1500 ms)',
      durationMs: 1500,
      query: 'SELECT pg_sleep(1.5)',
    });
  });

  it('logs migrations as info and every plain query not at all', () => {
    const info = jest.spyOn(json.pino, 'info').mockImplementation(() => undefined);
    orm.logQuery();
    expect(info).not.toHaveBeenCalled();
    orm.logMigration('Migration Initial1700000000000 has been executed successfully.');
    expect(info).toHaveBeenCalledWith(
      { context: 'Database' },
      'Migration Initial1700000000000 has been executed successfully.',
    );
  });

  it.each([
    ['info', 3],
    ['silent', 0],
  ])('with LOG_LEVEL=%s writes %d lines', (level, lines) => {
    const logger = new JsonLogger(level);
    Logger.overrideLogger(logger);
    const stream = (logger.pino as unknown as Record<symbol, { write(line: string): void }>)[
      pino.symbols.streamSym
    ];
    const write = jest.spyOn(stream, 'write').mockImplementation(() => undefined);
    orm.logQueryError(new Error('boom'), 'SELECT 1');
    orm.logQuerySlow(2000, 'SELECT 1');
    orm.logMigration('ran');
    expect(write).toHaveBeenCalledTimes(lines);
    for (const [line] of write.mock.calls)
      expect(JSON.parse(line)).toMatchObject({ context: 'Database' });
  });
});
