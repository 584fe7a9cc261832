import assert from 'node:assert/strict';
import { errorBodySchema, type ErrorBody, type ErrorCode } from '@scorebridge/shared';

/**
 * Checks that a response is an error in the one error shape, that its request id is the one in the
 * X-Request-Id header, and that nothing but the documented fields (no stack, no internals) is sent.
 */
export async function expectError(response: Response, status: number, code: ErrorCode): Promise<ErrorBody['error']> {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${text}`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const raw = JSON.parse(text) as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(raw), ['error']);
  for (const field of Object.keys(raw.error!)) assert.ok(['code', 'message', 'details', 'requestId'].includes(field), `unexpected error field ${field}`);
  const { error } = errorBodySchema.parse(raw);
  assert.equal(error.code, code);
  assert.ok(error.message.length > 0);
  const header = response.headers.get('x-request-id');
  assert.ok(header, 'the response has an X-Request-Id header');
  assert.equal(error.requestId, header);
  return error;
}

/** Checks the status (showing the body when it is wrong) and returns the parsed JSON body. */
export async function expectJson(response: Response, status: number): Promise<unknown> {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}
