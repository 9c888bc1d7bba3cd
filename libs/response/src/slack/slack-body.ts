import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { ValidationError } from '../common/errors.js';

/** Requests to Slack's URLs: their bodies are kept raw until the signature is checked. */
export function isSlackRequest(req: IncomingMessage): boolean {
  return /^\/slack(?:[/?]|$)/.test(req.url ?? '');
}

/**
 * The parsed body of a Slack request: JSON (Events API) or a form (slash
 * commands, interactivity). Bodies on `/slack/*` are only read as bytes by the
 * body parser, so that an unsigned request is refused (401) before anything
 * looks inside it; a signed but malformed body is a 400.
 */
export function parseSlackBody(req: IncomingMessage & { body?: unknown }): unknown {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('json')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new ValidationError({ body: 'must be valid JSON' });
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  throw new ValidationError({ body: 'must be JSON or a form (application/x-www-form-urlencoded)' });
}

/** `@SlackBody()`: the body parsed as above, after the guards have run. */
export const SlackBody = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  parseSlackBody(context.switchToHttp().getRequest<IncomingMessage & { body?: unknown }>()),
);
