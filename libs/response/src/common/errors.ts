/**
 * Domain errors thrown by services. The global filter maps each to an HTTP status;
 * anything else becomes a generic 500 that reveals nothing.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly error: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly error = 'Not Found';

  constructor(entity: string, id: unknown) {
    super(`${entity} ${String(id)} not found`);
  }
}

/** Invalid input: a field → message map, answered with 400. */
export class ValidationError extends DomainError {
  readonly status = 400;
  readonly error = 'Bad Request';

  constructor(
    readonly errors: Record<string, string>,
    message = 'Invalid input: ' +
      Object.entries(errors)
        .map(([field, problem]) => `${field}: ${problem}`)
        .join('; '),
  ) {
    super(message);
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly error = 'Unauthorized';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly error = 'Forbidden';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly error = 'Unsupported Media Type';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly error = 'Conflict';
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly error = 'Too Many Requests';

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly error = 'Service Unavailable';
}
