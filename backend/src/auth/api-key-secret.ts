import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The format of API keys: `sbk_<lookup id>_<secret>`. The lookup id (12 hex characters) finds the
 * row and is safe to show; the secret (256 random bits, base64url) is what proves possession. The
 * `sbk_` marker lets secret scanners recognise a leaked key.
 */
const MARKER = 'sbk';
const LOOKUP_ID_PATTERN = /^[0-9a-f]{12}$/;

export interface GeneratedApiKey {
  lookupId: string;
  secretHash: string;
  /** The whole key, to be shown to its owner once and never stored. */
  plaintext: string;
}

export function generateApiKey(): GeneratedApiKey {
  const lookupId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { lookupId, secretHash: hashSecret(secret), plaintext: `${MARKER}_${lookupId}_${secret}` };
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(`${MARKER}_`);
}

export function parseApiKey(token: string): { lookupId: string; secret: string } | null {
  const lookupId = token.slice(MARKER.length + 1, MARKER.length + 13);
  const secret = token.slice(MARKER.length + 14);
  if (!looksLikeApiKey(token) || !LOOKUP_ID_PATTERN.test(lookupId) || token[MARKER.length + 13] !== '_' || secret.length < 32) return null;
  return { lookupId, secret };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function displayPrefix(lookupId: string): string {
  return `${MARKER}_${lookupId}`;
}
