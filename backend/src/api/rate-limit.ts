import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { RateLimitedError } from '../errors.ts';

export interface RateLimitOptions {
  max: number;
  windowSeconds: number;
}

/**
 * Per-credential request limit on `/v1`: each API key (or each JWT-authenticated user) gets `max`
 * requests per window. Counters live in this process's memory, so with N API processes a caller
 * can reach N times the limit; the limit guards against runaway clients, not against a determined
 * attacker, which is the job of the proxy in front.
 */
export function perCredentialRateLimit({ max, windowSeconds }: RateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit: max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Runs after authentication, so every request here has a principal.
    keyGenerator: (req) => (req.principal?.apiKeyId ? `key:${req.principal.apiKeyId}` : `user:${req.principal?.userId ?? 'anonymous'}`),
    handler: (req, _res, next) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : windowSeconds;
      next(new RateLimitedError(seconds));
    },
    validate: { keyGeneratorIpFallback: false },
  });
}
