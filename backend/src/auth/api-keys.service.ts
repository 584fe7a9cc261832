import { AUDIT_ACTIONS, type ApiKey, type CreateApiKey, type CreatedApiKey } from '@scorebridge/shared';
import { recordAuditEvent } from '../audit/audit-trail.ts';
import type { Db, Executor } from '../db/client.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import { displayPrefix, generateApiKey } from './api-key-secret.ts';
import { notifyCredentialsChanged, type CredentialCache } from './credential-cache.ts';
import { findApiKey, insertApiKey, listApiKeys, revokeApiKey, type ApiKeyWithRole } from './api-keys.repo.ts';
import type { Actor, Principal } from './principal.ts';
import { findUser } from './users.repo.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export function toApiKey(row: ApiKeyWithRole): ApiKey {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    userId: row.userId,
    role: row.role,
    name: row.name,
    prefix: displayPrefix(row.lookupId),
    createdAt: row.createdAt.toISOString(),
    createdByUserId: row.createdByUserId,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Creates a key for a user inside the caller's transaction and records it in the audit trail.
 * Exported apart from the service because installation creates the first key with no caller.
 */
export async function issueApiKey(tx: Executor, actor: Actor, target: { userId: string; role: ApiKey['role'] }, input: CreateApiKey): Promise<CreatedApiKey> {
  const generated = generateApiKey();
  const row = await insertApiKey(tx, {
    workspaceId: actor.workspaceId,
    userId: target.userId,
    name: input.name,
    lookupId: generated.lookupId,
    secretHash: generated.secretHash,
    createdByUserId: actor.userId,
    expiresAt: input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * DAY_MS),
  });
  const apiKey = toApiKey({ ...row, role: target.role });
  await recordAuditEvent(tx, actor, { action: AUDIT_ACTIONS.apiKeyCreated, targetType: 'api_key', targetId: row.id, after: apiKey });
  return { apiKey, secret: generated.plaintext };
}

/**
 * Revokes a key the caller may revoke and records it. Revoking twice is harmless: the second call
 * returns the key as it is. Exported apart from the service for the operator's CLI.
 */
export async function withdrawApiKey(tx: Executor, actor: Actor, key: ApiKeyWithRole): Promise<ApiKey> {
  if (key.revokedAt !== null) return toApiKey(key);
  const revoked = await revokeApiKey(tx, key.workspaceId, key.id, new Date());
  // A concurrent call revoked it between our read and our update.
  if (!revoked) return toApiKey((await findApiKey(tx, key.workspaceId, key.id))!);
  const after = toApiKey({ ...revoked, role: key.role });
  await notifyCredentialsChanged(tx);
  await recordAuditEvent(tx, actor, { action: AUDIT_ACTIONS.apiKeyRevoked, targetType: 'api_key', targetId: key.id, before: toApiKey(key), after });
  return after;
}

export function createApiKeysService({ db, credentialCache }: { db: Db; credentialCache: Pick<CredentialCache<unknown>, 'clear'> }) {
  return {
    /** Admins see every key of the workspace; everyone else sees only their own. */
    async list(principal: Principal, filter: { userId?: string | undefined; includeRevoked: boolean }): Promise<ApiKey[]> {
      const userId = principal.role === 'admin' ? filter.userId : principal.userId;
      const rows = await listApiKeys(db, principal.workspaceId, { includeRevoked: filter.includeRevoked, ...(userId === undefined ? {} : { userId }) });
      return rows.map(toApiKey);
    },

    async create(principal: Principal, actor: Actor, input: CreateApiKey): Promise<CreatedApiKey> {
      const userId = input.userId ?? principal.userId;
      if (userId !== principal.userId && principal.role !== 'admin') {
        throw new ForbiddenError('Only admins can create API keys for other users; leave out userId to create one for yourself');
      }
      return db.transaction(async (tx) => {
        const user = await findUser(tx, principal.workspaceId, userId);
        if (!user) throw new NotFoundError('User', userId);
        if (user.disabledAt !== null) throw new ConflictError(`User ${userId} is disabled; enable them before creating keys`);
        return issueApiKey(tx, actor, { userId: user.id, role: user.role }, input);
      });
    },

    async revoke(principal: Principal, actor: Actor, id: string): Promise<ApiKey> {
      return db.transaction(async (tx) => {
        const key = await findApiKey(tx, principal.workspaceId, id);
        // Someone else's key looks absent to a non-admin, as it does in their list.
        if (!key || (principal.role !== 'admin' && key.userId !== principal.userId)) throw new NotFoundError('API key', id);
        return withdrawApiKey(tx, actor, key);
      }).finally(() => credentialCache.clear());
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
