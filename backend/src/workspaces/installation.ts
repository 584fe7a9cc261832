import { AUDIT_ACTIONS } from '@scorebridge/shared';
import { recordAuditEvent } from '../audit/audit-trail.ts';
import { issueApiKey } from '../auth/api-keys.service.ts';
import type { Actor } from '../auth/principal.ts';
import { insertUser } from '../auth/users.repo.ts';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/postgres-errors.ts';
import { ConflictError } from '../errors.ts';
import { anyWorkspaceExists, insertWorkspace } from './workspaces.repo.ts';

export const DEMO_WORKSPACE = Object.freeze({ name: 'Demo workspace', slug: 'demo', adminEmail: 'admin@example.com', adminName: 'Admin' });

export interface NewWorkspace {
  name: string;
  slug: string;
  adminEmail: string;
  adminName: string;
}

export interface CreatedWorkspace {
  workspaceId: string;
  adminUserId: string;
  /** The admin's API key in full; shown to the operator once. */
  adminKey: string;
}

/**
 * Creates a workspace with its first admin and an API key for that admin, in one transaction and
 * in the audit trail. `actorLabel` says who did it (`installation`, `cli (user@host)`).
 */
export async function createWorkspaceWithAdmin(db: Db, actorLabel: string, input: NewWorkspace): Promise<CreatedWorkspace> {
  try {
    return await db.transaction(async (tx) => {
      const workspace = await insertWorkspace(tx, { name: input.name, slug: input.slug });
      const actor: Actor = { workspaceId: workspace.id, userId: null, apiKeyId: null, label: actorLabel, requestId: null };
      await recordAuditEvent(tx, actor, { action: AUDIT_ACTIONS.workspaceCreated, targetType: 'workspace', targetId: workspace.id, after: { name: workspace.name, slug: workspace.slug } });
      const admin = await insertUser(tx, { workspaceId: workspace.id, kind: 'person', email: input.adminEmail, displayName: input.adminName, role: 'admin' });
      await recordAuditEvent(tx, actor, { action: AUDIT_ACTIONS.userCreated, targetType: 'user', targetId: admin.id, after: { email: admin.email, role: admin.role } });
      const created = await issueApiKey(tx, actor, { userId: admin.id, role: admin.role }, { name: 'First admin key' });
      return { workspaceId: workspace.id, adminUserId: admin.id, adminKey: created.secret };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'workspaces_slug_unique')) throw new ConflictError(`A workspace with slug ${input.slug} already exists`);
    throw error;
  }
}

/**
 * On a database with no workspace, creates the demo workspace, its admin and an admin API key.
 * Returns undefined when Scorebridge was already installed, including when another process
 * installed it at the same moment.
 */
export async function installIfEmpty(db: Db): Promise<CreatedWorkspace | undefined> {
  if (await anyWorkspaceExists(db)) return undefined;
  try {
    return await createWorkspaceWithAdmin(db, 'installation', DEMO_WORKSPACE);
  } catch (error) {
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
}
