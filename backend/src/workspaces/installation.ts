import { AUDIT_ACTIONS } from '@scorebridge/shared';
import { recordAuditEvent } from '../audit/audit-trail.ts';
import { issueApiKey } from '../auth/api-keys.service.ts';
import type { Actor } from '../auth/principal.ts';
import { insertUser } from '../auth/users.repo.ts';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/postgres-errors.ts';
import { anyWorkspaceExists, insertWorkspace } from './workspaces.repo.ts';

export const DEMO_WORKSPACE = Object.freeze({ name: 'Demo workspace', slug: 'demo', adminEmail: 'admin@example.com' });

export interface Installation {
  workspaceId: string;
  adminUserId: string;
  /** The admin's API key in full; shown to the operator once. */
  adminKey: string;
}

/**
 * On a database with no workspace, creates the demo workspace, its admin and an admin API key.
 * Returns undefined when Scorebridge was already installed, including when another process
 * installed it at the same moment.
 */
export async function installIfEmpty(db: Db): Promise<Installation | undefined> {
  if (await anyWorkspaceExists(db)) return undefined;
  try {
    return await db.transaction(async (tx) => {
      const workspace = await insertWorkspace(tx, { name: DEMO_WORKSPACE.name, slug: DEMO_WORKSPACE.slug });
      const actor: Actor = { workspaceId: workspace.id, userId: null, apiKeyId: null, label: 'installation', requestId: null };
      await recordAuditEvent(tx, actor, { action: AUDIT_ACTIONS.workspaceCreated, targetType: 'workspace', targetId: workspace.id, after: { name: workspace.name, slug: workspace.slug } });
      const admin = await insertUser(tx, { workspaceId: workspace.id, kind: 'person', email: DEMO_WORKSPACE.adminEmail, displayName: 'Admin', role: 'admin' });
      await recordAuditEvent(tx, actor, { action: AUDIT_ACTIONS.userCreated, targetType: 'user', targetId: admin.id, after: { email: admin.email, role: admin.role } });
      const created = await issueApiKey(tx, actor, { userId: admin.id, role: admin.role }, { name: 'Created at installation' });
      return { workspaceId: workspace.id, adminUserId: admin.id, adminKey: created.secret };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'workspaces_slug_unique')) return undefined;
    throw error;
  }
}
