import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, RequestHandler } from 'express';
import type { TokenRegistry } from './access-tokens.ts';
import type { ApiUsage } from './api-usage.ts';
import type { FaultController, RequestFault } from './faults.ts';
import type { RequestLog } from './request-log.ts';
import { ERROR_CODES, SalesforceApiError, sendJson, sendRestError } from './salesforce-errors.ts';

/** API versions the stand-in serves: Summer '14 (31.0) to Spring '26 (66.0). */
export const API_VERSIONS: readonly string[] = Object.freeze(Array.from({ length: 36 }, (_, index) => `${31 + index}.0`));

/** Salesforce names each version after its release: 62.0 is Winter '25, and there are three a year. */
export function releaseLabel(version: string): string {
  const steps = Number.parseInt(version, 10) - 62;
  const season = ['Winter', 'Spring', 'Summer'][((steps % 3) + 3) % 3];
  return `${season} '${25 + Math.floor(steps / 3)}`;
}

/** Locals the gates leave for the routes behind them. */
export interface ApiLocals {
  apiVersion: string;
}

export function apiLocals(res: { locals: Record<string, unknown> }): ApiLocals {
  return res.locals as unknown as ApiLocals;
}

function bearerToken(req: Request): string | undefined {
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

const SESSION_EXPIRED = new SalesforceApiError(401, ERROR_CODES.invalidSession, 'Session expired or invalid');

/** Records every request and its outcome, including dropped connections (status 0). */
export function logRequests(log: RequestLog): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const at = new Date().toISOString();
    res.on('close', () => {
      const fault = res.locals.fault as string | undefined;
      const [path = '', query = ''] = req.originalUrl.split(/\?(.*)/s);
      log.record({ at, method: req.method, path, query, status: res.writableFinished ? res.statusCode : 0, durationMs: Math.round(performance.now() - started), ...(fault ? { fault } : {}) });
    });
    next();
  };
}

function defaultFaultError(status: number): { errorCode: string; message: string } {
  if (status === 429) return { errorCode: 'TOO_MANY_REQUESTS', message: 'Too many requests; retry later' };
  if (status === 401) return { errorCode: ERROR_CODES.invalidSession, message: 'Session expired or invalid' };
  if (status >= 502 && status <= 504) return { errorCode: ERROR_CODES.serverUnavailable, message: 'Server is temporarily unavailable' };
  if (status >= 500) return { errorCode: ERROR_CODES.unknownException, message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89 (-1234567)' };
  return { errorCode: ERROR_CODES.apiError, message: `Injected fault ${status}` };
}

/**
 * Applies injected faults before anything else: delays first, then at most one answer (a status,
 * an expired session, or a dropped connection). OAuth endpoints answer in OAuth's shape.
 */
export function injectFaults(faults: FaultController, tokens: TokenRegistry): RequestHandler {
  return async (req, res, next) => {
    const authenticated = req.path.startsWith('/services/data/v') || req.path.startsWith('/id/');
    const { delayMs, fault } = faults.takeRequestFaults(req.method, req.path, authenticated);
    if (delayMs > 0) {
      res.locals.fault = 'delay';
      await sleep(delayMs);
    }
    if (!fault) {
      next();
      return;
    }
    res.locals.fault = fault.kind;
    answerWithFault(req, res, fault, tokens);
  };
}

function answerWithFault(req: Request, res: Parameters<RequestHandler>[1], fault: RequestFault, tokens: TokenRegistry): void {
  if (fault.kind === 'disconnect') {
    req.socket.destroy();
    return;
  }
  if (fault.kind === 'sessionExpired') {
    const token = bearerToken(req);
    if (token) tokens.revoke(token);
    sendRestError(res, SESSION_EXPIRED);
    return;
  }
  if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
  const defaults = defaultFaultError(fault.status);
  const message = fault.message ?? defaults.message;
  if (req.path.startsWith('/services/oauth2/')) {
    sendJson(res, fault.status, { error: fault.status >= 500 ? 'temporarily_unavailable' : 'invalid_request', error_description: message });
    return;
  }
  sendRestError(res, new SalesforceApiError(fault.status, fault.errorCode ?? defaults.errorCode, message));
}

/** `/services/data/vXX.X/...`: an unknown version is a 404, as on Salesforce. */
export function checkApiVersion(): RequestHandler {
  return (req, res, next) => {
    const match = /^v(\d+\.0)$/.exec(String(req.params.version));
    if (!match || !API_VERSIONS.includes(match[1]!)) {
      sendRestError(res, new SalesforceApiError(404, ERROR_CODES.notFound, 'The requested resource does not exist'));
      return;
    }
    apiLocals(res).apiVersion = match[1]!;
    next();
  };
}

/** A live access token in `Authorization: Bearer`; otherwise 401, which makes jsforce refresh. */
export function requireSession(tokens: TokenRegistry): RequestHandler {
  return (req, res, next) => {
    const token = bearerToken(req);
    if (!token || !tokens.session(token)) {
      sendRestError(res, SESSION_EXPIRED);
      return;
    }
    next();
  };
}

/** Counts the call against the daily limit, refusing it with REQUEST_LIMIT_EXCEEDED once spent. */
export function meterApiUsage(usage: ApiUsage): RequestHandler {
  return (_req, res, next) => {
    if (!usage.tryConsume()) {
      res.setHeader('Sforce-Limit-Info', usage.header());
      sendRestError(res, new SalesforceApiError(403, ERROR_CODES.requestLimitExceeded, 'TotalRequests Limit exceeded.'));
      return;
    }
    res.setHeader('Sforce-Limit-Info', usage.header());
    next();
  };
}
