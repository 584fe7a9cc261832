export { listAuditTrail, recordAuditEvent, type AuditEntry } from './audit-trail.ts';
export { registerAuditRoutes } from './audit-events.routes.ts';
