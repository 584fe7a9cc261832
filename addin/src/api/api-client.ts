import { errorBodySchema, type ErrorCode, type ErrorDetail, type RouteContract } from '@scorebridge/shared';
import type { z } from 'zod';

/**
 * A typed client for the Scorebridge API, used by the worksheet functions and the task pane alike.
 * Each call names a route contract from `@scorebridge/shared`, so paths, parameters, bodies and
 * responses are the ones the backend validates against.
 */

type Infer<T> = T extends z.ZodType ? z.input<T> : undefined;
type Output<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface CallInput<C extends RouteContract> {
  params?: Infer<C['params']>;
  query?: Infer<C['query']>;
  body?: Infer<C['body']>;
  signal?: AbortSignal;
}

export type CallResult<C extends RouteContract> = Output<C['response']['schema']>;

/** An answer from the API that is not a success: its code, message and field details, or a network failure (`status` 0). */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode | 'network_error' | 'aborted';
  readonly details: ErrorDetail[];
  readonly requestId: string | null;

  constructor(status: number, code: ApiError['code'], message: string, details: ErrorDetail[] = [], requestId: string | null = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

export interface ApiClientOptions {
  /** The backend's origin, such as https://localhost:8443 (no trailing slash needed). */
  baseUrl: string;
  /** The credential to send, read at each call (it may change when the user signs in again). */
  credential: () => string | null | Promise<string | null>;
  fetch?: typeof fetch;
}

function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null) search.set(name, Array.isArray(value) ? value.join(',') : String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function createApiClient(options: ApiClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  return {
    baseUrl: base,

    /** Calls one route; resolves with the parsed body or rejects with an ApiError. */
    async call<C extends RouteContract>(contract: C, input: CallInput<C> = {}): Promise<CallResult<C>> {
      const url = `${base}${fillPath(contract.path, input.params as Record<string, unknown> | undefined)}${queryString(input.query as Record<string, unknown> | undefined)}`;
      const credential = contract.access === 'public' ? null : await options.credential();
      if (contract.access !== 'public' && !credential) throw new ApiError(401, 'unauthenticated', 'Not signed in: sign in with Office or paste an API key in the Scorebridge pane');
      const headers: Record<string, string> = { accept: 'application/json' };
      if (credential) headers.authorization = `Bearer ${credential}`;
      if (input.body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: contract.method.toUpperCase(),
          headers,
          ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
          ...(input.signal ? { signal: input.signal } : {}),
        });
      } catch (error) {
        if (input.signal?.aborted) throw new ApiError(0, 'aborted', 'The request was cancelled');
        throw new ApiError(0, 'network_error', `Scoring service unreachable at ${base} (${error instanceof Error ? error.message : String(error)})`);
      }
      const text = await response.text();
      if (!response.ok) {
        const parsed = errorBodySchema.safeParse(safeJson(text));
        if (parsed.success) throw new ApiError(response.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details ?? [], parsed.data.error.requestId);
        throw new ApiError(response.status, response.status >= 500 ? 'internal_error' : 'bad_request', `The scoring service answered ${response.status}`);
      }
      if (response.status === 204 || !contract.response.schema) return undefined as CallResult<C>;
      return contract.response.schema.parse(safeJson(text)) as CallResult<C>;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export type ApiClient = ReturnType<typeof createApiClient>;
