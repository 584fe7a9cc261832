export { crmSyncJob, crmSyncQueue } from './crm.jobs.ts';
export { registerCrmRoutes } from './crm.routes.ts';
export { createCrmService, type CrmService } from './crm.service.ts';
export { createLazyVault } from './lazy-vault.ts';
export { DEFAULT_SYNC_SETTINGS, runSync, type SyncDeps, type SyncSettings } from './sync/sync-runner.ts';
