import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { JwtProvider } from '../config.ts';
import { ServiceUnavailableError, UnauthenticatedError } from '../errors.ts';

export interface VerifiedIdentity {
  issuer: string;
  subject: string;
}

export interface JwtVerifier {
  verify(token: string): Promise<VerifiedIdentity>;
}

/**
 * Verifies bearer JWTs from the configured identity providers (Office single sign-on, Salesforce
 * service tokens) against each provider's JWKS. The issuer claim picks the provider before the
 * signature is checked, so keys of one provider never vouch for another's tokens.
 */
export function createJwtVerifier(providers: readonly JwtProvider[]): JwtVerifier {
  const keySets = new Map<string, { provider: JwtProvider; keys: JWTVerifyGetKey }>();
  for (const provider of providers) {
    keySets.set(provider.issuer, { provider, keys: createRemoteJWKSet(new URL(provider.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 }) });
  }

  return {
    async verify(token) {
      let issuer: string | undefined;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        throw new UnauthenticatedError('The bearer token is neither a Scorebridge API key nor a well-formed JWT');
      }
      const entry = issuer === undefined ? undefined : keySets.get(issuer);
      if (!entry) throw new UnauthenticatedError(`Tokens from issuer ${JSON.stringify(issuer ?? null)} are not accepted here`);
      try {
        const { payload } = await jwtVerify(token, entry.keys, { issuer: entry.provider.issuer, audience: entry.provider.audience, clockTolerance: 30 });
        if (!payload.sub) throw new UnauthenticatedError('The token has no subject (sub) claim');
        return { issuer: entry.provider.issuer, subject: payload.sub };
      } catch (error) {
        // The token may be fine; we could not fetch the keys to tell. That is ours to fix, not the caller's.
        if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError || error instanceof UnauthenticatedError)) {
          throw new ServiceUnavailableError(`The signing keys of ${entry.provider.issuer} could not be fetched; try again shortly`, { cause: error });
        }
        throw new UnauthenticatedError(describeJoseError(error));
      }
    },
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof UnauthenticatedError) return error.message;
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not valid: ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is not valid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token was signed with a key its issuer does not publish';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'The token uses an algorithm that is not accepted';
  return 'The token could not be verified';
}
