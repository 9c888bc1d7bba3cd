import type { RequestHandler } from 'express';
import type { Logger as Pino } from 'pino';

/** One JSON line per request, with its latency in milliseconds. */
export function requestLogger(logger: Pino): RequestHandler {
  const log = logger.child({ context: 'HTTP' });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const entry = {
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Math.round(ms * 100) / 100,
      };
      if (res.statusCode >= 500) log.error(entry, 'request');
      else log.info(entry, 'request');
    });
    next();
  };
}
