import http from 'node:http';
import https from 'node:https';
import type { Express } from 'express';

/**
 * Node HTTP(S) servers for an express app whose requests and responses are created with the app's
 * own prototypes (`app.request`, `app.response`) instead of Node's.
 *
 * express's `app.handle` gives every request and response the app's prototypes with
 * Object.setPrototypeOf. Done to a freshly made object, that change makes V8 keep each request's
 * objects through young-generation collections: with it, a scavenge on the scoring API copied
 * megabytes and paused the event loop 3–6 ms, ten times a second, which set the latency tail;
 * without it a scavenge copies next to nothing (decision 0023). On an object that already has
 * those prototypes, setPrototypeOf changes nothing, so express works as before.
 */
export function createHttpServer(app: Express): http.Server {
  return http.createServer(expressServerClasses(app), app);
}

export function createHttpsServer(app: Express, tls: { cert: string | Buffer; key: string | Buffer }): https.Server {
  return https.createServer({ cert: tls.cert, key: tls.key, ...expressServerClasses(app) }, app);
}

type ServerClasses = Pick<http.ServerOptions, 'IncomingMessage' | 'ServerResponse'>;

/** Node's request and response constructors, making objects whose prototypes are the app's. */
export function expressServerClasses(app: Express): Required<ServerClasses> {
  // Plain functions rather than classes: Node calls them with `new`, and the object Reflect.construct
  // returns (built by Node's own constructor, with this function's prototype) is what `new` yields.
  function ExpressRequest(this: unknown, socket: import('node:net').Socket) {
    return Reflect.construct(http.IncomingMessage, [socket], ExpressRequest) as http.IncomingMessage;
  }
  ExpressRequest.prototype = app.request;
  function ExpressResponse(this: unknown, req: http.IncomingMessage, options?: unknown) {
    return Reflect.construct(http.ServerResponse, [req, options], ExpressResponse) as http.ServerResponse;
  }
  ExpressResponse.prototype = app.response;
  return {
    IncomingMessage: ExpressRequest as unknown as typeof http.IncomingMessage,
    ServerResponse: ExpressResponse as unknown as typeof http.ServerResponse,
  };
}
