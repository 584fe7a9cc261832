export * from './api-keys.ts';
export * from './audit-events.ts';
export * from './users.ts';
export * from './workspaces.ts';
