import type { RouteContract } from '@scorebridge/shared';
import type { Request, Router } from 'express';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import './express-augment.ts';

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteInput<C extends RouteContract> {
  params: Infer<C['params']>;
  query: Infer<C['query']>;
  body: Infer<C['body']>;
  /** Present on every route that is not public. */
  principal: C['access'] extends 'public' ? undefined : Principal;
  requestId: string;
  logger: Logger;
  /** The raw request, for routes whose body is a stream (file uploads) rather than JSON. */
  request: Request;
  /** Overrides the contract's status for this response, as `/ready` does with 503. */
  setStatus(status: number): void;
}

type ResponseBody<C extends RouteContract> = C['response']['schema'] extends z.ZodType ? z.input<C['response']['schema']> : void;

export type RouteHandler<C extends RouteContract> = (input: RouteInput<C>) => Promise<ResponseBody<C>> | ResponseBody<C>;

/**
 * A router together with the list of contracts bound to it. The OpenAPI document is generated from
 * that list, so a route cannot be served without being documented.
 */
export interface RouteSurface {
  router: Router;
  contracts: RouteContract[];
}

/** `/v1/users/{userId}` becomes express's `/v1/users/:userId`. */
export function toExpressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/**
 * Binds a handler to a route contract: runs it with runRoute and sends what it returns, as JSON
 * unless the contract names another content type.
 */
export function bindRoute<C extends RouteContract>({ router, contracts }: RouteSurface, contract: C, handler: RouteHandler<C>): void {
  contracts.push(contract);
  router[contract.method](toExpressPath(contract.path), async (req, res, next) => {
    try {
      const { status, body } = await runRoute(contract, handler, req);
      if (!contract.response.schema) {
        res.status(status).end();
        return;
      }
      const contentType = contract.response.contentType;
      if (contentType && contentType !== 'application/json') res.status(status).type(contentType).send(body);
      else res.status(status).json(body);
    } catch (error) {
      next(error);
    }
  });
}

/** A handler's answer once checked against its contract; `body` is undefined when the contract has no response schema. */
export interface RouteResult {
  status: number;
  body: unknown;
}

/**
 * Runs a handler for a request the way its contract says: checks the caller's role, validates
 * params, query and body (422 naming each bad field), calls the handler and validates what it
 * returns, so a response can never drift from the schema the OpenAPI document promises. Throws
 * the errors the API's error handler turns into answers.
 */
export async function runRoute<C extends RouteContract>(contract: C, handler: RouteHandler<C>, req: Request): Promise<RouteResult> {
  const principal = req.principal;
  if (contract.access !== 'public') {
    // Authentication ran before routing for every non-public route; a missing principal is a wiring bug.
    if (!principal) throw new Error(`Route ${contract.operationId} reached without authentication`);
    if (!contract.access.includes(principal.role)) {
      throw new ForbiddenError(`This needs one of the roles ${contract.access.join(', ')}; your role is ${principal.role}`);
    }
  }
  const input = new HandlerInput(
    req,
    contract.params ? parsePart(contract.params, req.params, 'params') : undefined,
    contract.query ? parsePart(contract.query, queryObject(req), 'query') : undefined,
    parsePart(contract.body, req.body, 'body'),
    contract.response.status,
  );
  const result = await handler(input as unknown as RouteInput<C>);
  const schema = contract.response.schema;
  return { status: input.status, body: schema ? schema.parse(result) : undefined };
}

/**
 * What a handler gets (RouteInput). A class, so that `logger` can be a getter on its prototype:
 * the request logger is read only when a handler asks for it (the score fast path makes it on
 * first use). The same getter in an object literal gave every request's input a hidden class of
 * its own, and V8's record of those classes kept each request's objects alive until a full
 * collection: young-generation collections then copied and promoted about 10 KB a request and
 * took 4-5 ms instead of about 1 ms.
 */
class HandlerInput {
  readonly request: Request;
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
  readonly principal: Request['principal'];
  readonly requestId: string;
  status: number;

  constructor(request: Request, params: unknown, query: unknown, body: unknown, status: number) {
    this.request = request;
    this.params = params;
    this.query = query;
    this.body = body;
    this.principal = request.principal;
    this.requestId = String(request.id);
    this.status = status;
  }

  get logger(): Logger {
    return this.request.log;
  }

  /** Arrow function: handlers call it detached (`({ setStatus }) => setStatus(503)`). */
  readonly setStatus = (status: number): void => {
    this.status = status;
  };
}

function queryObject(req: Request): unknown {
  // Express 5 parses the query string lazily into a getter; copy it into a plain object.
  return { ...(req.query as Record<string, unknown>) };
}

function parsePart(schema: z.ZodType | undefined, value: unknown, part: 'params' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    field: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = details[0]!;
  throw new ValidationError(`Invalid request ${part}: ${first.field}: ${first.message}`, details);
}
