import type { RequestHandler } from 'express';
import type { Db } from '../db/client.ts';
import { UnauthenticatedError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { looksLikeApiKey, parseApiKey, secretMatches } from './api-key-secret.ts';
import { findApiKeyForAuthentication, touchApiKeyLastUsed } from './api-keys.repo.ts';
import type { CredentialCache } from './credential-cache.ts';
import type { JwtVerifier } from './jwt-verifier.ts';
import type { Principal } from './principal.ts';
import { findUserByExternalIdentity } from './users.repo.ts';

/** `lastUsedAt` is precise to this much; see touchApiKeyLastUsed. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** What the credential cache holds for an API key (`key:<lookup id>`) or a JWT identity (`jwt:<iss> <sub>`). */
export type CachedCredential =
  | { kind: 'api_key'; principal: Principal; secretHash: string; expiresAt: number | null; lastUsedAt: number | null }
  | { kind: 'jwt'; principal: Principal };

export interface AuthenticateDeps {
  db: Db;
  jwtVerifier: JwtVerifier;
  credentialCache: CredentialCache<CachedCredential>;
  logger: Logger;
}

// One message for every way a key can be wrong, so the answer does not help guess keys.
const invalidKey = () => new UnauthenticatedError('The API key is not valid: it may be mistyped, revoked or expired');

/**
 * Establishes `req.principal` from `Authorization: Bearer <API key | JWT>` or answers 401. Mounted
 * in front of every `/v1` route, so a request without a valid credential never reaches routing.
 */
export function authenticate({ db, jwtVerifier, credentialCache, logger }: AuthenticateDeps): RequestHandler {
  async function principalFromApiKey(token: string): Promise<Principal> {
    const parsed = parseApiKey(token);
    if (!parsed) throw invalidKey();
    const cacheKey = `key:${parsed.lookupId}`;
    let entry = credentialCache.get(cacheKey);
    if (entry?.kind !== 'api_key') {
      const found = await findApiKeyForAuthentication(db, parsed.lookupId);
      if (!found || found.key.revokedAt !== null || found.user.disabledAt !== null) throw invalidKey();
      entry = {
        kind: 'api_key',
        principal: { workspaceId: found.key.workspaceId, userId: found.user.id, role: found.user.role, credential: 'api_key', apiKeyId: found.key.id },
        secretHash: found.key.secretHash,
        expiresAt: found.key.expiresAt?.getTime() ?? null,
        lastUsedAt: found.key.lastUsedAt?.getTime() ?? null,
      };
      credentialCache.set(cacheKey, entry);
    }
    const now = Date.now();
    if (!secretMatches(parsed.secret, entry.secretHash) || (entry.expiresAt !== null && entry.expiresAt <= now)) throw invalidKey();
    if (entry.lastUsedAt === null || now - entry.lastUsedAt > LAST_USED_GRANULARITY_MS) {
      entry.lastUsedAt = now;
      const apiKeyId = entry.principal.apiKeyId!;
      touchApiKeyLastUsed(db, apiKeyId, new Date(now), LAST_USED_GRANULARITY_MS).catch((error: unknown) =>
        logger.warn({ err: error, apiKeyId }, 'could not record API key use'),
      );
    }
    return entry.principal;
  }

  async function principalFromJwt(token: string): Promise<Principal> {
    const identity = await jwtVerifier.verify(token);
    const cacheKey = `jwt:${identity.issuer} ${identity.subject}`;
    const cached = credentialCache.get(cacheKey);
    if (cached?.kind === 'jwt') return cached.principal;
    const user = await findUserByExternalIdentity(db, identity.issuer, identity.subject);
    if (!user || user.disabledAt !== null) {
      throw new UnauthenticatedError('No enabled Scorebridge user is linked to this identity; ask an admin to add you with your sign-in identity');
    }
    const principal: Principal = { workspaceId: user.workspaceId, userId: user.id, role: user.role, credential: 'jwt', apiKeyId: null };
    credentialCache.set(cacheKey, { kind: 'jwt', principal });
    return principal;
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
