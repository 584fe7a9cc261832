import type { ErrorRequestHandler, Response } from 'express';

/**
 * Salesforce's error codes that the stand-in answers with. REST and Bulk API 2.0 errors are a JSON
 * array of `{ message, errorCode, fields? }`; per-record save errors use `statusCode` instead.
 */
export const ERROR_CODES = Object.freeze({
  invalidSession: 'INVALID_SESSION_ID',
  requestLimitExceeded: 'REQUEST_LIMIT_EXCEEDED',
  notFound: 'NOT_FOUND',
  malformedQuery: 'MALFORMED_QUERY',
  invalidField: 'INVALID_FIELD',
  invalidType: 'INVALID_TYPE',
  invalidQueryFilterOperator: 'INVALID_QUERY_FILTER_OPERATOR',
  invalidQueryLocator: 'INVALID_QUERY_LOCATOR',
  jsonParserError: 'JSON_PARSER_ERROR',
  invalidReplicationDate: 'INVALID_REPLICATION_DATE',
  exceededIdLimit: 'EXCEEDED_ID_LIMIT',
  invalidJob: 'INVALIDJOB',
  invalidJobState: 'INVALIDJOBSTATE',
  apiError: 'API_ERROR',
  unknownException: 'UNKNOWN_EXCEPTION',
  serverUnavailable: 'SERVER_UNAVAILABLE',
} as const);

/** One error of a REST response body, as Salesforce sends it. */
export interface RestErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** Thrown by route handlers; the error handler turns it into Salesforce's error array. */
export class SalesforceApiError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly fields: string[] | undefined;

  constructor(status: number, errorCode: string, message: string, fields?: string[]) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.errorCode = errorCode;
    this.fields = fields;
  }

  toBody(): RestErrorItem[] {
    return [{ message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) }];
  }
}

/** The OAuth endpoints answer `{ error, error_description }` instead, as RFC 6749 prescribes. */
export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;

  constructor(error: string, description: string, status = 400) {
    super(description);
    this.name = new.target.name;
    this.status = status;
    this.error = error;
  }
}

export function notFound(): SalesforceApiError {
  return new SalesforceApiError(404, ERROR_CODES.notFound, 'The requested resource does not exist');
}

/** Salesforce sends `application/json;charset=UTF-8`; jsforce picks its parser from this header. */
export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json;charset=UTF-8').send(JSON.stringify(body));
}

export function sendRestError(res: Response, error: SalesforceApiError): void {
  sendJson(res, error.status, error.toBody());
}

/**
 * Maps whatever a handler threw to Salesforce's shapes. Body-parser failures become
 * JSON_PARSER_ERROR as Salesforce reports unreadable JSON; anything unexpected is logged and
 * answered as Salesforce's UNKNOWN_EXCEPTION, so a bug in the stand-in looks like a server error to
 * the client instead of hanging it.
 */
export function salesforceErrorHandler(): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof SalesforceApiError) {
      sendRestError(res, error);
      return;
    }
    if (error instanceof OAuthError) {
      sendJson(res, error.status, { error: error.error, error_description: error.message });
      return;
    }
    const bodyError = error as { type?: string; status?: number; message?: string };
    if (bodyError.type === 'entity.parse.failed') {
      sendRestError(res, new SalesforceApiError(400, ERROR_CODES.jsonParserError, `Unexpected character in the request body: ${bodyError.message ?? ''}`));
      return;
    }
    if (bodyError.type === 'entity.too.large') {
      sendRestError(res, new SalesforceApiError(413, ERROR_CODES.apiError, 'The request body is too large'));
      return;
    }
    console.error('Salesforce stand-in: unexpected error', error);
    sendRestError(res, new SalesforceApiError(500, ERROR_CODES.unknownException, 'An unexpected error occurred. Please include this ErrorId if you contact support: stand-in'));
  };
}
