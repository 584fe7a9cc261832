import { customType, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from './workspaces.ts';

/** PostgreSQL `bytea` as a Node Buffer: dataset chunks and model files. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** The owning workspace; its rows go when it goes. Every workspace-scoped table starts with this. */
export function workspaceIdColumn() {
  return uuid()
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });
}
