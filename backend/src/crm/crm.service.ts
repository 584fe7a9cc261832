import { AUDIT_ACTIONS, CRM_OBJECTS, type ConnectSalesforce, type CrmConnection, type CrmStatus, type StartSync, type SyncRun } from '@scorebridge/shared';
import { recordAuditEvent } from '../audit/audit-trail.ts';
import type { Actor } from '../auth/principal.ts';
import type { Db } from '../db/client.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { crmSyncQueue } from './crm.jobs.ts';
import { findCrmConnection, upsertCrmConnection, type CrmConnectionRow } from './crm-connections.repo.ts';
import { countSyncedRecords } from './crm-records.repo.ts';
import type { CredentialVault } from './credential-vault.ts';
import { checkLoginUrl, type LoginUrlPolicy } from './login-url-policy.ts';
import type { SalesforceSecrets } from './salesforce/salesforce-connection.ts';
import { requestAccessToken } from './salesforce/token-exchange.ts';
import { findHighWaterMark, findLatestSyncRun, findSyncRun, insertSyncRun, updateSyncRun, type SyncRunRow } from './sync-runs.repo.ts';
import { createWritebackService } from './writeback/writeback.service.ts';

export interface CrmServiceDeps {
  db: Db;
  vault: CredentialVault;
  jobQueue: Pick<JobQueue, 'send'>;
  loginUrlPolicy: LoginUrlPolicy;
  apiVersion: string;
}

export function toCrmConnection(row: CrmConnectionRow): CrmConnection {
  return {
    id: row.id,
    provider: row.provider,
    loginUrl: row.loginUrl,
    instanceUrl: row.instanceUrl,
    authFlow: row.authFlow,
    clientId: row.clientId,
    username: row.username,
    apiVersion: row.apiVersion,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toSyncRun(row: SyncRunRow): SyncRun {
  const error = row.error as { message?: string } | null;
  return {
    id: row.id,
    object: row.object,
    mode: row.mode,
    status: row.status,
    windowStart: row.windowStart?.toISOString() ?? null,
    windowEnd: row.windowEnd?.toISOString() ?? null,
    recordsTotal: row.recordsTotal,
    recordsDone: row.recordsDone,
    recordsDeleted: row.recordsDeleted,
    error: error?.message ? { message: error.message } : null,
    datasetId: row.datasetId,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export function createCrmService({ db, vault, jobQueue, loginUrlPolicy, apiVersion }: CrmServiceDeps) {
  return {
    /** Score write-back to the org's custom fields: queueing and status (see writeback/). */
    writeback: createWritebackService({ db, jobQueue }),

    /**
     * Checks the login URL against the allowed hosts, proves the credentials by getting an access
     * token, then stores them sealed. Nothing is stored when any step fails.
     */
    async connect(actor: Actor, input: ConnectSalesforce): Promise<CrmConnection> {
      const loginUrl = checkLoginUrl(input.loginUrl, loginUrlPolicy);
      const token = await requestAccessToken(loginUrl, input);
      const secrets: SalesforceSecrets =
        input.authFlow === 'refresh_token'
          ? { refreshToken: input.refreshToken, ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}), accessToken: token.access_token }
          : { privateKey: input.privateKey, accessToken: token.access_token };
      return db.transaction(async (tx) => {
        const existing = await findCrmConnection(tx, actor.workspaceId);
        // The row id binds the sealed secrets, so it is fixed before sealing.
        const id = existing?.id ?? crypto.randomUUID();
        const row = await upsertCrmConnection(tx, {
          id,
          workspaceId: actor.workspaceId,
          provider: 'salesforce',
          loginUrl: loginUrl.origin,
          instanceUrl: token.instance_url,
          authFlow: input.authFlow,
          clientId: input.clientId,
          username: input.authFlow === 'jwt_bearer' ? input.username : null,
          apiVersion,
          sealedSecrets: vault.seal(JSON.stringify(secrets), id),
          createdByUserId: actor.userId,
        });
        const connection = toCrmConnection(row);
        await recordAuditEvent(tx, actor, {
          action: existing ? AUDIT_ACTIONS.crmConnectionUpdated : AUDIT_ACTIONS.crmConnectionCreated,
          targetType: 'crm_connection',
          targetId: row.id,
          before: existing ? toCrmConnection(existing) : null,
          after: connection,
        });
        return connection;
      });
    },

    async status(workspaceId: string): Promise<CrmStatus> {
      const connection = await findCrmConnection(db, workspaceId);
      const objects = await Promise.all(
        CRM_OBJECTS.map(async (object) => {
          const [counts, mark, lastRun] = await Promise.all([countSyncedRecords(db, workspaceId, object), findHighWaterMark(db, workspaceId, object), findLatestSyncRun(db, workspaceId, object)]);
          return { object, records: counts.records, deleted: counts.deleted, highWaterMark: mark?.toISOString() ?? null, lastRun: lastRun ? toSyncRun(lastRun) : null };
        }),
      );
      return { connection: connection ? toCrmConnection(connection) : null, objects };
    },

    /**
     * Records a new queued sync run; one object cannot have two runs queued or running at once.
     * `startSync` also queues the job; the CLI runs the returned run itself.
     */
    async createSyncRun(actor: Actor, input: StartSync): Promise<SyncRunRow> {
      const connection = await findCrmConnection(db, actor.workspaceId);
      if (!connection) throw new ConflictError('No Salesforce org is connected to this workspace; connect one first (PUT /v1/crm/connection or scorebridge crm connect)');
      const latest = await findLatestSyncRun(db, actor.workspaceId, input.object);
      if (latest && (latest.status === 'queued' || latest.status === 'running')) {
        throw new ConflictError(`A ${input.object} sync is already ${latest.status} (${latest.id}); wait for it to finish`);
      }
      return insertSyncRun(db, {
        workspaceId: actor.workspaceId,
        connectionId: connection.id,
        object: input.object,
        mode: input.full ? 'full' : 'incremental',
        status: 'queued',
        checkpoint: input.fields ? { requestedFields: input.fields } : null,
        requestedByUserId: actor.userId,
      });
    },

    async startSync(actor: Actor, input: StartSync): Promise<SyncRun> {
      const run = await this.createSyncRun(actor, input);
      const jobId = await jobQueue.send(crmSyncQueue, { workspaceId: actor.workspaceId, syncRunId: run.id });
      return toSyncRun(await updateSyncRun(db, run.id, { jobId }));
    },

    async getSync(workspaceId: string, id: string): Promise<SyncRun> {
      const run = await findSyncRun(db, workspaceId, id);
      if (!run) throw new NotFoundError('Sync run', id);
      return toSyncRun(run);
    },
  };
}

export type CrmService = ReturnType<typeof createCrmService>;
