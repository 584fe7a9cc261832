import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { users, type UserRow } from '../db/schema/index.ts';

export type NewUser = typeof users.$inferInsert;
export type UserPatch = Partial<Pick<UserRow, 'displayName' | 'role' | 'disabledAt'>>;

export async function insertUser(db: Executor, values: NewUser): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function findUser(db: Executor, workspaceId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
  return row;
}

/** Locks the row until the transaction ends, so concurrent role changes are decided one at a time. */
export async function findUserForUpdate(db: Executor, workspaceId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id))).for('update');
  return row;
}

export async function findUserByEmail(db: Executor, workspaceId: string, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.workspaceId, workspaceId), sql`lower(${users.email}) = lower(${email})`));
  return row;
}

/** The workspace's longest-standing enabled admin. */
export async function findFirstAdmin(db: Executor, workspaceId: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'admin'), isNull(users.disabledAt)))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  return row;
}

export async function listUsers(db: Executor, workspaceId: string): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.workspaceId, workspaceId)).orderBy(asc(users.createdAt), asc(users.id));
}

export async function findUserByExternalIdentity(db: Executor, issuer: string, subject: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.externalIssuer, issuer), eq(users.externalSubject, subject)));
  return row;
}

export async function updateUser(db: Executor, workspaceId: string, id: string, patch: UserPatch): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)))
    .returning();
  return row;
}

/**
 * Locks the workspace's enabled admins until the transaction ends: two admins demoting each other
 * at the same moment must not both succeed and leave the workspace without one.
 */
export async function lockEnabledAdmins(db: Executor, workspaceId: string): Promise<number> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'admin'), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .for('update');
  return rows.length;
}
