import { z } from 'zod';
import { defineRoute } from './route-contract.ts';
import { ROLE_SETS } from './roles.ts';

export const CRM_OBJECTS = Object.freeze(['Lead', 'Opportunity'] as const);
export type CrmObject = (typeof CRM_OBJECTS)[number];

export const SYNC_STATUSES = Object.freeze(['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const);

const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/, 'must be a field API name such as Industry, Custom__c or Account.Industry');

export const connectSalesforceSchema = z
  .discriminatedUnion('authFlow', [
    z.object({
      authFlow: z.literal('refresh_token'),
      loginUrl: z.url().describe('https://login.salesforce.com, https://test.salesforce.com or a My Domain URL'),
      clientId: z.string().min(1).max(500).describe('The connected app’s consumer key'),
      clientSecret: z.string().min(1).max(500).optional(),
      refreshToken: z.string().min(1).max(2000),
    }),
    z.object({
      authFlow: z.literal('jwt_bearer'),
      loginUrl: z.url(),
      clientId: z.string().min(1).max(500),
      username: z.string().min(1).max(320).describe('The Salesforce user the integration acts as'),
      privateKey: z.string().min(1).max(20_000).describe('PEM private key whose certificate is uploaded to the connected app'),
    }),
  ])
  .meta({ id: 'ConnectSalesforce' });

export const crmConnectionSchema = z
  .object({
    id: z.uuid(),
    provider: z.literal('salesforce'),
    loginUrl: z.string(),
    instanceUrl: z.string().nullable(),
    authFlow: z.enum(['refresh_token', 'jwt_bearer']),
    clientId: z.string(),
    username: z.string().nullable(),
    apiVersion: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'CrmConnection' });

export const startSyncSchema = z
  .object({
    object: z.enum(CRM_OBJECTS),
    full: z.boolean().default(false).describe('Fetch every record instead of only those changed since the last successful sync'),
    fields: z.array(fieldName).min(1).max(500).optional().describe('Fields to sync; default: every scalar field of the object, plus key Account fields for opportunities'),
  })
  .meta({ id: 'StartSync' });

export const syncRunSchema = z
  .object({
    id: z.uuid(),
    object: z.string(),
    mode: z.enum(['full', 'incremental']),
    status: z.enum(SYNC_STATUSES),
    windowStart: z.iso.datetime().nullable().describe('Changes since this time were fetched (null: all records)'),
    windowEnd: z.iso.datetime().nullable(),
    recordsTotal: z.number().int().nullable(),
    recordsDone: z.number().int(),
    recordsDeleted: z.number().int(),
    error: z.object({ message: z.string() }).nullable(),
    datasetId: z.uuid().nullable().describe('The snapshot this sync produced'),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'SyncRun' });

export const crmStatusSchema = z
  .object({
    connection: crmConnectionSchema.nullable(),
    objects: z.array(
      z.object({
        object: z.string(),
        records: z.number().int(),
        deleted: z.number().int(),
        highWaterMark: z.iso.datetime().nullable(),
        lastRun: syncRunSchema.nullable(),
      }),
    ),
  })
  .meta({ id: 'CrmStatus' });

export const syncRunIdParamsSchema = z.object({ syncRunId: z.uuid() });

/** Where a record's latest score stands in its write-back to the CRM. */
export const WRITE_STATUSES = Object.freeze(['pending', 'written', 'failed'] as const);

export const startWritebackSchema = z.object({ object: z.enum(CRM_OBJECTS) }).meta({ id: 'StartWriteback' });

export const writebackJobSchema = z
  .object({
    jobId: z.uuid().describe('The crm.writeback job; the write-back status shows its effect'),
    object: z.enum(CRM_OBJECTS),
    model: z.object({ id: z.uuid(), name: z.string() }).describe('The model whose scores will be written'),
    queuedAt: z.iso.datetime(),
  })
  .meta({ id: 'WritebackJob' });

export const writebackStatusSchema = z
  .object({
    maxAttempts: z.number().int().describe('A failed record is sent again by later write-backs until it has failed this many times'),
    objects: z.array(
      z.object({
        object: z.enum(CRM_OBJECTS),
        model: z
          .object({ id: z.uuid(), name: z.string() })
          .nullable()
          .describe('The first by name of the models written to this object’s fields (those for it that have a champion); null when none has one'),
        models: z.array(z.object({ id: z.uuid(), name: z.string() })).describe('Every model written to this object’s fields: models with segments share them, each record written by the one its segment routes it to'),
        pending: z.number().int().describe('Records whose score has not reached Salesforce yet'),
        written: z.number().int(),
        failed: z.number().int(),
        retrying: z.number().int().describe('Of the failed records, those a later write-back sends again'),
        lastErrors: z
          .array(
            z.object({
              recordId: z.string(),
              status: z.enum(WRITE_STATUSES),
              error: z.string().describe('Salesforce’s error code and message, or why the last write-back stopped before sending the record'),
              attempts: z.number().int(),
              scoredAt: z.iso.datetime(),
            }),
          )
          .describe('Up to 10 records with an error, most recently scored first'),
      }),
    ),
  })
  .meta({ id: 'WritebackStatus' });

export const crmRoutes = {
  connect: defineRoute({
    method: 'put',
    path: '/v1/crm/connection',
    operationId: 'connectSalesforce',
    summary: 'Connect (or reconnect) the workspace’s Salesforce org; the credentials are checked, then stored encrypted',
    tag: 'crm',
    access: ROLE_SETS.admins,
    body: connectSalesforceSchema,
    response: { status: 200, schema: crmConnectionSchema },
  }),
  status: defineRoute({
    method: 'get',
    path: '/v1/crm/status',
    operationId: 'getCrmStatus',
    summary: 'The connection, and per object the records synced, the high-water mark and the last sync',
    tag: 'crm',
    access: ROLE_SETS.people,
    response: { status: 200, schema: crmStatusSchema },
  }),
  startSync: defineRoute({
    method: 'post',
    path: '/v1/crm/syncs',
    operationId: 'startCrmSync',
    summary: 'Queue a sync of one object; poll the returned sync run for progress',
    tag: 'crm',
    access: ROLE_SETS.analysts,
    body: startSyncSchema,
    response: { status: 202, schema: syncRunSchema },
  }),
  getSync: defineRoute({
    method: 'get',
    path: '/v1/crm/syncs/{syncRunId}',
    operationId: 'getCrmSync',
    summary: 'One sync run with its progress',
    tag: 'crm',
    access: ROLE_SETS.people,
    params: syncRunIdParamsSchema,
    response: { status: 200, schema: syncRunSchema },
  }),
  startWriteback: defineRoute({
    method: 'post',
    path: '/v1/crm/writeback',
    operationId: 'startCrmWriteback',
    summary: 'Queue a write-back of one object’s changed scores to its Salesforce fields',
    tag: 'crm',
    access: ROLE_SETS.admins,
    body: startWritebackSchema,
    response: { status: 202, schema: writebackJobSchema },
  }),
  writebackStatus: defineRoute({
    method: 'get',
    path: '/v1/crm/writeback/status',
    operationId: 'getCrmWritebackStatus',
    summary: 'Per object: the model written, how many scores are pending, written and failed, and the last errors',
    tag: 'crm',
    access: ROLE_SETS.analysts,
    response: { status: 200, schema: writebackStatusSchema },
  }),
} as const;

export type ConnectSalesforce = z.infer<typeof connectSalesforceSchema>;
export type CrmConnection = z.infer<typeof crmConnectionSchema>;
export type StartSync = z.infer<typeof startSyncSchema>;
export type SyncRun = z.infer<typeof syncRunSchema>;
export type CrmStatus = z.infer<typeof crmStatusSchema>;
export type StartWriteback = z.infer<typeof startWritebackSchema>;
export type WritebackJob = z.infer<typeof writebackJobSchema>;
export type WritebackStatus = z.infer<typeof writebackStatusSchema>;
