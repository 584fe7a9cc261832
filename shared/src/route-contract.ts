import type { z } from 'zod';
import type { Role } from './roles.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One HTTP route as clients see it: method, path, who may call it and the zod schemas of what goes
 * in and out. The backend binds handlers to these contracts and validates against them; the OpenAPI
 * document is generated from the same objects, so documentation and behaviour cannot drift apart.
 *
 * Paths use OpenAPI's `{name}` placeholders.
 */
export interface RouteContract {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /** `public` routes need no credential; otherwise the roles allowed to call it. */
  readonly access: 'public' | readonly Role[];
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** A raw file as the body instead of JSON, in one of these content types. */
  readonly upload?: { readonly contentTypes: readonly string[] };
  readonly response: { readonly status: 200 | 201 | 202 | 204; readonly schema?: z.ZodType; readonly contentType?: string };
}

export function defineRoute<const T extends RouteContract>(contract: T): T {
  return contract;
}
