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

async function insertUserWithKey(tx: Parameters<Parameters<Db['transaction']>[0]>[0], workspaceId: string, role: Role, email: string, displayName: string): Promise<SeededUser> {
  const actor: Actor = { workspaceId, userId: null, apiKeyId: null, label: 'test fixture', requestId: null };
  const user = await insertUser(tx, { workspaceId, kind: role === 'service' ? 'service' : 'person', email, displayName, role });
  const created = await issueApiKey(tx, actor, { userId: user.id, role }, { name: `${role} key` });
  return { id: user.id, email, key: created.secret, apiKeyId: created.apiKey.id };
}

/** A workspace with one user and one API key for each role. */
export async function seedWorkspace(db: Db, slug: string): Promise<SeededWorkspace> {
  return db.transaction(async (tx) => {
    const workspace = await insertWorkspace(tx, { name: `Workspace ${slug}`, slug });
    const users = {} as Record<Role, SeededUser>;
    for (const role of ROLES) users[role] = await insertUserWithKey(tx, workspace.id, role, `${role}@${slug}.example.com`, `${role} of ${slug}`);
    return { id: workspace.id, slug, users };
  });
}

/** One more user with an API key in a seeded workspace: a second admin for the four-eyes rule, say. */
export async function seedUser(db: Db, workspace: SeededWorkspace, role: Role, name: string): Promise<SeededUser> {
  return db.transaction((tx) => insertUserWithKey(tx, workspace.id, role, `${name}@${workspace.slug}.example.com`, name));
}
