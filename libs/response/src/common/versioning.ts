import {
  createParamDecorator,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { DomainError, ValidationError } from './errors.js';

/**
 * Optimistic concurrency for incidents, actions and timeline entries. Each has
 * a `version` that goes up by one on every save; its `ETag` is that version in
 * quotes (`"7"`). A write that names the version it was made on, in `If-Match`
 * or as `version` in its body, is applied only if that is still the current
 * version; otherwise it is refused with 412 and the current object. A write
 * naming neither is applied on whatever is current (last write wins), as
 * Response's API always did. See docs/adr/0008-versions-and-if-match.md.
 */

/** The `ETag` of an object at a version. */
export function versionEtag(version: number): string {
  return `"${version}"`;
}

const IF_MATCH_ERROR = 'must be an ETag the API returned, such as "3", or *';
const TAG = /^(?:W\/)?"(\d{1,10})"$|^(\d{1,10})$/;

/** What a write expects the current version to be. */
export class VersionPrecondition {
  /** A write with no expectation: last write wins. */
  static readonly NONE = new VersionPrecondition(null, null);

  constructor(
    /** Versions listed by `If-Match` (any of them will do), `*` (any), or null when absent. */
    readonly ifMatch: readonly number[] | '*' | null,
    /** The body's `version`, or null when absent. */
    readonly bodyVersion: number | null,
  ) {}

  /**
   * From an `If-Match` header and a body `version`. `If-Match` holds ETags
   * (`"3"`, also `W/"3"` or a bare `3`) separated by commas, or `*`; anything
   * else is a 400.
   */
  static of(header: string | undefined, bodyVersion: number | undefined): VersionPrecondition {
    return new VersionPrecondition(parseIfMatch(header), bodyVersion ?? null);
  }

  /** Whether the write names a version at all. */
  get given(): boolean {
    return this.ifMatch !== null || this.bodyVersion !== null;
  }

  /** Whether a write on `current` may go ahead. */
  holds(current: number): boolean {
    if (this.bodyVersion !== null && this.bodyVersion !== current) return false;
    if (this.ifMatch === null || this.ifMatch === '*') return true;
    return this.ifMatch.includes(current);
  }
}

function parseIfMatch(header: string | undefined): readonly number[] | '*' | null {
  if (header === undefined) return null;
  const value = header.trim();
  if (value === '*') return '*';
  const versions: number[] = [];
  for (const part of value.split(',')) {
    const match = TAG.exec(part.trim());
    if (!match) throw new ValidationError({ 'If-Match': IF_MATCH_ERROR });
    versions.push(Number(match[1] ?? match[2]));
  }
  return versions;
}

/** The `If-Match` header in the OpenAPI document. */
export const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description:
    'The ETag from GET (e.g. "3"): the change is made only if the object is still at that version, else 412 with the current object. Without it (and without a body `version`), the last write wins.',
};

/** `@IfMatch() ifMatch: string | undefined`: the raw `If-Match` header of the request. */
export const IfMatch = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const value = context.switchToHttp().getRequest<Request>().headers['if-match'];
    return Array.isArray(value) ? value.join(', ') : value;
  },
);

/** An object as the API shows it, with its version. */
export interface Versioned {
  version: number;
}

/**
 * A write named a version that is not the current one. Services throw it with
 * what they know; the API layer adds the current object, which the answer
 * carries as its body (with its `ETag`).
 */
export class VersionConflictError extends DomainError {
  readonly status = 412;
  readonly error = 'Precondition Failed';
  /** The object as it is now, in its API shape. */
  current: Versioned | null = null;

  constructor(entity: string, id: number, currentVersion: number) {
    super(
      `${entity} ${id} is at version ${currentVersion}: someone else changed it since you read it`,
    );
  }
}

/**
 * Runs an API write; when it fails on a stale version, the error carries the
 * current object (read after the failed transaction) for the 412 answer.
 */
export async function withCurrentOnConflict<T>(
  work: () => Promise<T>,
  current: () => Promise<Versioned>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof VersionConflictError) error.current = await current();
    throw error;
  }
}

/**
 * Sets the `ETag` of an answer that is one versioned object (not a list). Such
 * answers are not stored by caches (`Cache-Control: no-store`), and the version
 * is never used to answer 304: the body holds more than the versioned row (an
 * incident's actions, names, its running duration).
 */
@Injectable()
export class VersionEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    delete request.headers['if-none-match'];
    return next.handle().pipe(
      map((body: unknown) => {
        if (isVersioned(body) && !response.headersSent) {
          response.setHeader('ETag', versionEtag(body.version));
          response.setHeader('Cache-Control', 'no-store');
        }
        return body;
      }),
    );
  }
}

export function isVersioned(body: unknown): body is Versioned {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Partial<Versioned>).version === 'number' &&
    !('results' in body)
  );
}
