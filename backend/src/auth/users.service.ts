import { AUDIT_ACTIONS, type CreateUser, type UpdateUser, type User } from '@scorebridge/shared';
import { recordAuditEvent } from '../audit/audit-trail.ts';
import type { Db } from '../db/client.ts';
import type { UserRow } from '../db/schema/index.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { isUniqueViolation } from '../db/postgres-errors.ts';
import { notifyCredentialsChanged, type CredentialCache } from './credential-cache.ts';
import type { Actor } from './principal.ts';
import { lockEnabledAdmins, findUser, findUserForUpdate, insertUser, listUsers, updateUser, type UserPatch } from './users.repo.ts';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    kind: row.kind,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    externalIssuer: row.externalIssuer,
    externalSubject: row.externalSubject,
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createUsersService({ db, credentialCache }: { db: Db; credentialCache: Pick<CredentialCache<unknown>, 'clear'> }) {
  return {
    async list(workspaceId: string): Promise<User[]> {
      return (await listUsers(db, workspaceId)).map(toUser);
    },

    async get(workspaceId: string, id: string): Promise<User> {
      const row = await findUser(db, workspaceId, id);
      if (!row) throw new NotFoundError('User', id);
      return toUser(row);
    },

    async create(actor: Actor, input: CreateUser): Promise<User> {
      try {
        return await db.transaction(async (tx) => {
          const row = await insertUser(tx, {
            workspaceId: actor.workspaceId,
            kind: input.kind,
            email: input.email ?? null,
            displayName: input.displayName,
            role: input.role,
            externalIssuer: input.externalIssuer ?? null,
            externalSubject: input.externalSubject ?? null,
          });
          const user = toUser(row);
          await recordAuditEvent(tx, actor, { action: AUDIT_ACTIONS.userCreated, targetType: 'user', targetId: row.id, after: user });
          return user;
        });
      } catch (error) {
        if (isUniqueViolation(error, 'users_workspace_email_unique')) throw new ConflictError(`A user with email ${input.email} already exists in this workspace`);
        if (isUniqueViolation(error, 'users_external_identity_unique')) throw new ConflictError('That single sign-on identity already belongs to a user');
        throw error;
      }
    },

    async update(actor: Actor, id: string, input: UpdateUser): Promise<User> {
      return db.transaction(async (tx) => {
        // Lock the admins before the target row, in id order, so that concurrent demotions queue
        // up behind each other instead of deadlocking.
        const mayRemoveAdmin = (input.role !== undefined && input.role !== 'admin') || input.disabled === true;
        const enabledAdmins = mayRemoveAdmin ? await lockEnabledAdmins(tx, actor.workspaceId) : Number.POSITIVE_INFINITY;
        const before = await findUserForUpdate(tx, actor.workspaceId, id);
        if (!before) throw new NotFoundError('User', id);
        if (mayRemoveAdmin && before.role === 'admin' && before.disabledAt === null && enabledAdmins <= 1) {
          throw new ConflictError('This is the last enabled admin of the workspace; make another user admin first');
        }
        const patch: UserPatch = {};
        if (input.displayName !== undefined) patch.displayName = input.displayName;
        if (input.role !== undefined) patch.role = input.role;
        if (input.disabled !== undefined) patch.disabledAt = input.disabled ? (before.disabledAt ?? new Date()) : null;
        const after = (await updateUser(tx, actor.workspaceId, id, patch))!;
        const roleChanged = before.role !== after.role;
        // Cached credentials carry the role and the disabled state.
        await notifyCredentialsChanged(tx);
        await recordAuditEvent(tx, actor, {
          action: roleChanged ? AUDIT_ACTIONS.userRoleChanged : AUDIT_ACTIONS.userUpdated,
          targetType: 'user',
          targetId: id,
          before: toUser(before),
          after: toUser(after),
        });
        return toUser(after);
      }).finally(() => credentialCache.clear());
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
