import type { RequestHandler } from 'express';
import type { Db } from '../db/client.ts';
import { UnauthenticatedError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { looksLikeApiKey, parseApiKey, secretMatches } from './api-key-secret.ts';
import { findApiKeyForAuthentication, touchApiKeyLastUsed } from './api-keys.repo.ts';
import type { JwtVerifier } from './jwt-verifier.ts';
import type { Principal } from './principal.ts';
import { findUserByExternalIdentity } from './users.repo.ts';

/** `lastUsedAt` is precise to this much; see touchApiKeyLastUsed. */
const LAST_USED_GRANULARITY_MS = 60_000;

export interface AuthenticateDeps {
  db: Db;
  jwtVerifier: JwtVerifier;
  logger: Logger;
}

/**
 * Establishes `req.principal` from `Authorization: Bearer <API key | JWT>` or answers 401. Mounted
 * in front of every `/v1` route, so a request without a valid credential never reaches routing.
 */
export function authenticate({ db, jwtVerifier, logger }: AuthenticateDeps): RequestHandler {
  async function principalFromApiKey(token: string): Promise<Principal> {
    const parsed = parseApiKey(token);
    const found = parsed && (await findApiKeyForAuthentication(db, parsed.lookupId));
    // One message for every way a key can be wrong, so the answer does not help guess keys.
    const invalid = new UnauthenticatedError('The API key is not valid: it may be mistyped, revoked or expired');
    if (!parsed || !found || !secretMatches(parsed.secret, found.key.secretHash)) throw invalid;
    const now = new Date();
    if (found.key.revokedAt !== null || (found.key.expiresAt !== null && found.key.expiresAt <= now) || found.user.disabledAt !== null) throw invalid;
    if (found.key.lastUsedAt === null || now.getTime() - found.key.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
      touchApiKeyLastUsed(db, found.key.id, now, LAST_USED_GRANULARITY_MS).catch((error: unknown) =>
        logger.warn({ err: error, apiKeyId: found.key.id }, 'could not record API key use'),
      );
    }
    return { workspaceId: found.key.workspaceId, userId: found.user.id, role: found.user.role, credential: 'api_key', apiKeyId: found.key.id };
  }

  async function principalFromJwt(token: string): Promise<Principal> {
    const identity = await jwtVerifier.verify(token);
    const user = await findUserByExternalIdentity(db, identity.issuer, identity.subject);
    if (!user || user.disabledAt !== null) {
      throw new UnauthenticatedError('No enabled Scorebridge user is linked to this identity; ask an admin to add you with your sign-in identity');
    }
    return { workspaceId: user.workspaceId, userId: user.id, role: user.role, credential: 'jwt', apiKeyId: null };
  }

  return async (req, _res, next) => {
    const header = req.headers.authorization;
    const match = header === undefined ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match) {
      next(new UnauthenticatedError('Send a credential as "Authorization: Bearer <API key or token>"'));
      return;
    }
    const token = match[1]!;
    try {
      req.principal = looksLikeApiKey(token) ? await principalFromApiKey(token) : await principalFromJwt(token);
      next();
    } catch (error) {
      next(error);
    }
  };
}
