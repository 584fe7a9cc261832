export * from './api-keys.ts';
export * from './audit-events.ts';
export * from './users.ts';
export * from './workspaces.ts';
export * from './crm.ts';
export * from './datasets.ts';
export * from './training.ts';
export * from './registry.ts';
