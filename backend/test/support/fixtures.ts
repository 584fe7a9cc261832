import type { Role } from '@scorebridge/shared';
import { ROLES } from '@scorebridge/shared';
import { issueApiKey } from '../../src/auth/api-keys.service.ts';
import type { Actor } from '../../src/auth/principal.ts';
import { insertUser } from '../../src/auth/users.repo.ts';
import type { Db } from '../../src/db/client.ts';
import { insertWorkspace } from '../../src/workspaces/workspaces.repo.ts';

export interface SeededUser {
  id: string;
  email: string;
  /** A working API key of this user. */
  key: string;
  apiKeyId: string;
}

export interface SeededWorkspace {
  id: string;
  slug: string;
  /** One user per role, each with an API key. */
  users: Record<Role, SeededUser>;
}

/** A workspace with one user and one API key for each role. */
export async function seedWorkspace(db: Db, slug: string): Promise<SeededWorkspace> {
  return db.transaction(async (tx) => {
    const workspace = await insertWorkspace(tx, { name: `Workspace ${slug}`, slug });
    const actor: Actor = { workspaceId: workspace.id, userId: null, apiKeyId: null, label: 'test fixture', requestId: null };
    const users = {} as Record<Role, SeededUser>;
    for (const role of ROLES) {
      const email = `${role}@${slug}.example.com`;
      const user = await insertUser(tx, { workspaceId: workspace.id, kind: role === 'service' ? 'service' : 'person', email, displayName: `${role} of ${slug}`, role });
      const created = await issueApiKey(tx, actor, { userId: user.id, role }, { name: `${role} key` });
      users[role] = { id: user.id, email, key: created.secret, apiKeyId: created.apiKey.id };
    }
    return { id: workspace.id, slug, users };
  });
}
