import { z } from 'zod';

/** Every machine-readable error code the API can answer with. Clients branch on these, never on messages. */
export const ERROR_CODES = Object.freeze({
  badRequest: 'bad_request',
  invalidJson: 'invalid_json',
  unsupportedMediaType: 'unsupported_media_type',
  validationFailed: 'validation_failed',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
  upstreamFailed: 'upstream_failed',
  internal: 'internal_error',
  unavailable: 'service_unavailable',
} as const);

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export const errorDetailSchema = z
  .object({
    field: z.string().describe('Where the problem is, for example `body.role` or `query.limit`.'),
    message: z.string().describe('What is wrong with it and what would be accepted.'),
  })
  .meta({ id: 'ErrorDetail' });

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.values(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.array(errorDetailSchema).optional(),
      requestId: z.string().describe('Quote this when reporting a problem; it is on every log line of the request.'),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorDetail = z.infer<typeof errorDetailSchema>;
export type ErrorBody = z.infer<typeof errorBodySchema>;
