import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { ValidationError } from '../common/errors.js';
import { MAX_DEPTH, nestedDeeperThan } from '../common/reject-nul.pipe.js';

/**
 * Requests to Slack's URLs, in any letter case (routing is case-sensitive, so
 * `/SLACK/event` is a 404, but its body is never parsed on the way there):
 * their bodies are kept raw until the signature is checked.
 */
export function isSlackRequest(req: IncomingMessage): boolean {
  return /^\/slack(?:[/?]|$)/i.test(req.url ?? '');
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
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw) as unknown;
    } catch {
      throw new ValidationError({ body: 'must be valid JSON' });
    }
    if (nestedDeeperThan(parsed))
      throw new ValidationError({ body: `must not be nested deeper than ${MAX_DEPTH} levels` });
    return parsed;
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
