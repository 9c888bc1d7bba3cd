import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { ApiErrorDto } from '@response/contracts';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, TooManyRequestsError, ValidationError } from './errors.js';
import { VersionConflictError, versionEtag } from './versioning.js';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  412: 'Precondition Failed',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Errors raised by body parsing (http-errors) carry a status and a type. */
interface BodyParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message: string;
}

/** Maps every error to a JSON body; never leaks a stack trace or internal message. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const body = this.toBody(exception, request);
    if (exception instanceof TooManyRequestsError) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    if (response.headersSent) return;
    if (exception instanceof VersionConflictError && exception.current) {
      // The answer to a write on an old version is the object as it is now.
      response.setHeader('ETag', versionEtag(exception.current.version));
      response.setHeader('Cache-Control', 'no-store');
      response.status(412).json(exception.current);
      return;
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ApiErrorDto {
    if (exception instanceof ValidationError) {
      return {
        statusCode: 400,
        error: exception.error,
        message: exception.message,
        errors: exception.errors,
      };
    }
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, error: exception.error, message: exception.message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const message =
        typeof payload === 'string'
          ? payload
          : typeof (payload as { message?: unknown }).message === 'string'
            ? (payload as { message: string }).message
            : exception.message;
      if (status >= 500)
        this.logger.error(
          `${request.method} ${request.path}: ${exception.message}`,
          exception.stack,
        );
      return { statusCode: status, error: REASONS[status] ?? 'Error', message };
    }
    if (exception instanceof QueryFailedError && isDataException(exception)) {
      // Postgres refused a value (SQLSTATE class 22): bad input, not a fault of ours.
      this.logger.warn(
        `${request.method} ${request.path}: value refused by the database: ${exception.message}`,
      );
      return {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid input: a value cannot be stored',
      };
    }
    const parserError = exception as BodyParserError;
    const status = parserError?.status ?? parserError?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message =
        parserError.type === 'entity.parse.failed'
          ? 'The request body is not valid JSON'
          : parserError.type === 'entity.too.large'
            ? 'The request body is too large'
            : parserError.expose
              ? parserError.message
              : (REASONS[status] ?? 'Bad request');
      return { statusCode: status, error: REASONS[status] ?? 'Error', message };
    }
    this.logger.error(
      `Unhandled error on ${request.method} ${request.path}: ${(exception as Error)?.message ?? String(exception)}`,
      (exception as Error)?.stack,
    );
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side',
    };
  }
}

function isDataException(error: QueryFailedError): boolean {
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('22');
}
