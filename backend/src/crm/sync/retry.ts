import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  attempts: number;
  /** First delay; each later one doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const SALESFORCE_RETRY: RetryPolicy = Object.freeze({ attempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 });

/**
 * Whether a failed Salesforce call is worth repeating: rate limiting (429, REQUEST_LIMIT_EXCEEDED),
 * server errors (5xx) and dropped connections. Everything else (a bad field, a refused login) would
 * fail the same way again.
 */
export function isRetryableSalesforceError(error: unknown): boolean {
  const { errorCode, name, code, cause } = (error ?? {}) as { errorCode?: string; name?: string; code?: string; cause?: { code?: string } };
  if (errorCode === 'REQUEST_LIMIT_EXCEEDED' || errorCode === 'SERVER_UNAVAILABLE' || errorCode === 'UNABLE_TO_LOCK_ROW') return true;
  if (errorCode && /^ERROR_HTTP_(429|5\d\d)$/.test(errorCode)) return true;
  const networkCodes = ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'];
  return networkCodes.includes(code ?? '') || networkCodes.includes(cause?.code ?? '') || name === 'FetchError';
}

/**
 * Runs `call` until it succeeds, retrying retryable failures with exponential backoff and full
 * jitter (a random delay up to the backoff), so that many workers hitting a limit at once do not
 * come back in lockstep. Stops early when `signal` aborts.
 */
export async function withRetries<T>(call: () => Promise<T>, options: { policy?: RetryPolicy; signal?: AbortSignal; onRetry?: (error: unknown, attempt: number, delayMs: number) => void } = {}): Promise<T> {
  const policy = options.policy ?? SALESFORCE_RETRY;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryableSalesforceError(error) || options.signal?.aborted) throw error;
      const delayMs = Math.round(Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}
