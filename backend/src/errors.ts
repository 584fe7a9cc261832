import { ERROR_CODES, type ErrorCode, type ErrorDetail } from '@scorebridge/shared';

/**
 * The few error classes the backend throws on purpose. The API's error handler maps each to its
 * HTTP status and the one error shape; anything else is an unexpected 500 that reveals nothing.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(status: number, code: ErrorCode, message: string, details?: ErrorDetail[], options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: ErrorDetail[]) {
    super(400, ERROR_CODES.badRequest, message, details);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: ErrorDetail[]) {
    super(422, ERROR_CODES.validationFailed, message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'A valid API key or bearer token is required') {
    super(401, ERROR_CODES.unauthenticated, message);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super(415, ERROR_CODES.unsupportedMediaType, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(403, ERROR_CODES.forbidden, message);
  }
}

/** Also what another workspace's objects look like: absent, so that nothing leaks their existence. */
export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(404, ERROR_CODES.notFound, `${what} ${id} was not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, ERROR_CODES.conflict, message);
  }
}

export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(429, ERROR_CODES.rateLimited, `Too many requests for this credential; retry after ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super(503, ERROR_CODES.unavailable, message, undefined, options);
  }
}

/** A system we depend on (Salesforce, a model runtime) failed or refused; the message says which and why. */
export class UpstreamError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super(502, ERROR_CODES.upstreamFailed, message, undefined, options);
  }
}
