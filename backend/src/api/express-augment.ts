import type { Principal } from '../auth/principal.ts';

// What our middleware adds to express's request: the authenticated caller on `/v1` routes.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}

export {};
