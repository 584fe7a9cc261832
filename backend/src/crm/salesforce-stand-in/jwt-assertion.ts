import type { KeyObject } from 'node:crypto';
import { errors, importSPKI, importX509, jwtVerify, type CryptoKey } from 'jose';
import { OAuthError } from './salesforce-errors.ts';

export type VerificationKey = CryptoKey | KeyObject;

/**
 * The connected app's key: Salesforce stores the certificate uploaded with the app; a bare public
 * key (SPKI PEM) or a key object works as well here.
 */
export async function importConnectedAppKey(key: string | KeyObject | CryptoKey): Promise<VerificationKey> {
  if (typeof key !== 'string') return key;
  if (key.includes('BEGIN CERTIFICATE')) return importX509(key, 'RS256');
  if (key.includes('BEGIN PUBLIC KEY')) return importSPKI(key, 'RS256');
  throw new Error('jwtPublicKey must be a PEM certificate (BEGIN CERTIFICATE) or public key (BEGIN PUBLIC KEY)');
}

export interface AssertionExpectations {
  readonly key: VerificationKey;
  readonly clientId: string;
  /** Audiences accepted: the login URL, with or without a trailing slash. */
  readonly audiences: readonly string[];
  readonly username: string;
  readonly now: Date;
}

/**
 * Checks a JWT bearer assertion as Salesforce documents it: RS256-signed by the connected app's
 * key, `iss` its consumer key, `aud` the login URL, `sub` the user, `exp` still ahead. Each failure
 * gets the `error` and `error_description` Salesforce answers with.
 */
export async function verifyAssertion(assertion: string, expected: AssertionExpectations): Promise<void> {
  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, expected.key, { algorithms: ['RS256'], currentDate: expected.now, requiredClaims: ['exp'] }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new OAuthError('invalid_grant', 'expired authorization code');
    throw new OAuthError('invalid_grant', 'invalid assertion');
  }
  if (payload.iss !== expected.clientId) throw new OAuthError('invalid_client_id', 'client identifier invalid');
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.some((audience) => audience !== undefined && expected.audiences.includes(audience))) throw new OAuthError('invalid_grant', 'audience is invalid');
  if (payload.sub?.toLowerCase() !== expected.username.toLowerCase()) throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
}
