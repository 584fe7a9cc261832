import { ERROR_CODES, type ErrorBody, type ErrorCode, type ErrorDetail } from '@scorebridge/shared';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, RateLimitedError, UnsupportedMediaTypeError } from '../errors.ts';

interface HttpFailure {
  status: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[] | undefined;
}

/** Errors that body-parser raises, told apart by their `type`. */
interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  message?: string;
}

function describe(error: unknown): HttpFailure {
  if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message, details: error.details };
  // Express's router raises this for a path parameter such as `%E0%A4%A`: the caller's mistake, not ours.
  if (error instanceof URIError && (error as URIError & { status?: number }).status === 400) {
    return { status: 400, code: ERROR_CODES.badRequest, message: 'The URL is not valid percent-encoding' };
  }
  const parserError = (error ?? {}) as BodyParserError;
  switch (parserError.type) {
    case 'entity.parse.failed':
      return { status: 400, code: ERROR_CODES.invalidJson, message: `The request body is not valid JSON: ${parserError.message ?? 'parse error'}` };
    case 'entity.too.large':
      return { status: 413, code: ERROR_CODES.payloadTooLarge, message: `The request body is larger than the limit of ${parserError.limit ?? '?'} bytes` };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: ERROR_CODES.unsupportedMediaType, message: parserError.message ?? 'Unsupported content encoding' };
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return { status: 400, code: ERROR_CODES.badRequest, message: parserError.message ?? 'The request body could not be read' };
  }
  return { status: 500, code: ERROR_CODES.internal, message: 'Something went wrong on our side. The request id identifies it in our logs.' };
}

/**
 * The one place where failures become HTTP responses: `{ error: { code, message, details?, requestId } }`.
 * Expected errors keep their message; anything unexpected is logged with its stack and answered
 * with a generic 500 that reveals nothing about the internals.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const failure = describe(error);
  const requestId = String(req.id ?? res.getHeader('x-request-id') ?? 'unknown');
  if (failure.status >= 500) req.log?.error({ err: error }, 'request failed');
  else req.log?.info({ code: failure.code, status: failure.status }, failure.message);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof RateLimitedError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  // A body we stopped reading (a refused upload, one over the limit) leaves the connection
  // mid-request; it must not be reused for the client's next request.
  if (!req.complete) res.setHeader('Connection', 'close');
  const body: ErrorBody = { error: { code: failure.code, message: failure.message, requestId, ...(failure.details ? { details: failure.details } : {}) } };
  res.status(failure.status).json(body);
};

export const unknownRoute: RequestHandler = (req, res) => {
  const body: ErrorBody = {
    error: { code: ERROR_CODES.notFound, message: `No route ${req.method} ${req.path}; /docs lists every route`, requestId: String(req.id) },
  };
  res.status(404).json(body);
};

/** A body that is not JSON would otherwise reach validation as "missing"; say what is wrong instead. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    next(new UnsupportedMediaTypeError(`Send the body as JSON with "Content-Type: application/json" (got ${JSON.stringify(req.headers['content-type'] ?? null)})`));
    return;
  }
  next();
};
