import express, { type Router } from 'express';
import { z } from 'zod';
import { apiLocals } from './api-gate.ts';
import { INGEST_OPERATIONS, processIngest, unprocessedOutcome, type IngestOperation, type IngestOutcome } from './bulk-ingest-processing.ts';
import { advanceOnCheck, createJobIdGenerator, JOB_STATES, jobFormatFields, jobInfoBase, sendCsv, type BulkJob } from './bulk-jobs.ts';
import { csvDocument } from './csv-text.ts';
import type { FaultController } from './faults.ts';
import type { OrgStore } from './record-store.ts';
import { ERROR_CODES, notFound, SalesforceApiError, sendJson } from './salesforce-errors.ts';

/** Bulk API 2.0 refuses uploads larger than 150 MB (after base64, which CSV does not need). */
const MAX_UPLOAD = '150mb';

const createIngestJobSchema = z.object({
  object: z.string().min(1),
  operation: z.string().min(1),
  externalIdFieldName: z.string().optional(),
  assignmentRuleId: z.string().optional(),
  ...jobFormatFields,
});

const stateChangeSchema = z.object({ state: z.enum([JOB_STATES.uploadComplete, JOB_STATES.aborted]) });

interface IngestJob extends BulkJob {
  readonly operation: IngestOperation;
  data: string | undefined;
  outcome: IngestOutcome | undefined;
}

export interface BulkIngestDeps {
  readonly store: OrgStore;
  readonly faults: FaultController;
  readonly userId: string;
  readonly checksBeforeComplete: number;
}

function jobInfo(job: IngestJob, detailed: boolean): Record<string, unknown> {
  const base = {
    ...jobInfoBase(job),
    contentUrl: `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`,
    lineEnding: job.format.lineEnding,
    columnDelimiter: job.format.columnDelimiter,
  };
  if (!detailed) return base;
  // Counts appear as the job reports its final state, as Salesforce's do once processing is done.
  const reported = job.state === JOB_STATES.jobComplete || job.state === JOB_STATES.failed ? job.outcome : undefined;
  const failed = reported?.failed.length ?? 0;
  return {
    ...base,
    jobType: 'V2Ingest',
    numberRecordsProcessed: (reported?.successful.length ?? 0) + failed,
    numberRecordsFailed: failed,
    retries: 0,
    totalProcessingTime: reported ? 1 : 0,
    apiActiveProcessingTime: reported ? 1 : 0,
    apexProcessingTime: 0,
    ...(reported?.errorMessage ? { errorMessage: reported.errorMessage } : {}),
  };
}

function invalidJob(message: string): SalesforceApiError {
  return new SalesforceApiError(400, ERROR_CODES.invalidJob, message);
}

/** Bulk API 2.0 ingest jobs: create, upload CSV once, close, poll, read per-record results. */
export function bulkIngestRoutes(deps: BulkIngestDeps): Router {
  const router = express.Router();
  const json = express.json({ limit: '1mb' });
  const csv = express.text({ type: ['text/csv', 'text/plain'], limit: MAX_UPLOAD });
  const jobs = new Map<string, IngestJob>();
  const newJobId = createJobIdGenerator();

  const findJob = (id: string | undefined) => {
    const job = id ? jobs.get(id) : undefined;
    if (!job) throw notFound();
    return job;
  };

  router.post('/jobs/ingest', json, (req, res) => {
    const parsed = createIngestJobSchema.safeParse(req.body);
    if (!parsed.success) throw invalidJob(`Invalid job: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    const { object, operation, columnDelimiter, lineEnding } = parsed.data;
    const records = deps.store.object(object);
    if (!records) throw invalidJob(`Unable to find object: ${object}`);
    if (!(INGEST_OPERATIONS as readonly string[]).includes(operation)) {
      throw new SalesforceApiError(400, ERROR_CODES.apiError, `The Salesforce stand-in supports ${INGEST_OPERATIONS.join(', ')} ingest jobs, not ${operation}`);
    }
    const now = deps.store.timestamp();
    const job: IngestJob = {
      id: newJobId(),
      object: records.schema.name,
      operation: operation as IngestOperation,
      createdById: deps.userId,
      createdDate: now,
      systemModstamp: now,
      apiVersion: apiLocals(res).apiVersion,
      format: { columnDelimiter, lineEnding },
      state: JOB_STATES.open,
      finalState: JOB_STATES.jobComplete,
      checks: 0,
      data: undefined,
      outcome: undefined,
    };
    jobs.set(job.id, job);
    sendJson(res, 200, jobInfo(job, false));
  });

  router.get('/jobs/ingest', (_req, res) => {
    sendJson(res, 200, { done: true, records: [...jobs.values()].map((job) => jobInfo(job, false)), nextRecordsUrl: null });
  });

  router.put('/jobs/ingest/:id/batches', csv, (req, res) => {
    const job = findJob(req.params.id);
    if (job.state !== JOB_STATES.open) throw new SalesforceApiError(400, ERROR_CODES.invalidJobState, `Job ${job.id} is not open for uploads`);
    if (job.data !== undefined) {
      throw new SalesforceApiError(400, ERROR_CODES.invalidJobState, `Found multiple contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure to upload only one content`);
    }
    if (typeof req.body !== 'string') throw new SalesforceApiError(400, ERROR_CODES.invalidJob, 'Job data must be sent as text/csv');
    job.data = req.body;
    res.status(201).end();
  });

  router.patch('/jobs/ingest/:id', json, (req, res) => {
    const job = findJob(req.params.id);
    const parsed = stateChangeSchema.safeParse(req.body);
    if (!parsed.success) throw new SalesforceApiError(400, ERROR_CODES.invalidJobState, 'The state can only be changed to UploadComplete or Aborted');
    const now = deps.store.timestamp();
    if (parsed.data.state === JOB_STATES.aborted) {
      if (job.state === JOB_STATES.jobComplete || job.state === JOB_STATES.failed) throw new SalesforceApiError(400, ERROR_CODES.invalidJobState, `Job ${job.id} has already finished`);
      job.outcome ??= unprocessedOutcome(job.data, job.format);
      job.state = JOB_STATES.aborted;
    } else {
      if (job.state !== JOB_STATES.open) throw new SalesforceApiError(400, ERROR_CODES.invalidJobState, `Job ${job.id} is not open`);
      if (job.data === undefined) {
        job.outcome = { header: [], successful: [], failed: [], unprocessed: [], errorMessage: 'InvalidBatch : No data was uploaded' };
      } else {
        const pickFailures = (rowIds: readonly string[]) => {
          const injected = deps.faults.takeRecordFailures(req.method, req.path, rowIds);
          if (injected) res.locals.fault = 'recordFailures';
          return injected;
        };
        job.outcome = processIngest(deps.store, deps.store.object(job.object)!, job.operation, job.data, job.format, pickFailures);
      }
      job.finalState = job.outcome.errorMessage ? JOB_STATES.failed : JOB_STATES.jobComplete;
      job.state = JOB_STATES.uploadComplete;
    }
    job.systemModstamp = now;
    sendJson(res, 200, jobInfo(job, false));
  });

  router.get('/jobs/ingest/:id', (req, res) => {
    const job = findJob(req.params.id);
    advanceOnCheck(job, deps.checksBeforeComplete, deps.store.timestamp());
    sendJson(res, 200, jobInfo(job, true));
  });

  const results = (kind: 'successfulResults' | 'failedResults' | 'unprocessedrecords', leading: readonly string[]) => {
    router.get(`/jobs/ingest/:id/${kind}`, (req, res) => {
      const job = findJob(req.params.id);
      const outcome = job.outcome;
      const rows = kind === 'successfulResults' ? outcome?.successful : kind === 'failedResults' ? outcome?.failed : outcome?.unprocessed;
      sendCsv(res, csvDocument([...leading, ...(outcome?.header ?? [])], rows ?? [], job.format));
    });
  };
  results('successfulResults', ['sf__Id', 'sf__Created']);
  results('failedResults', ['sf__Id', 'sf__Error']);
  results('unprocessedrecords', []);

  router.delete('/jobs/ingest/:id', (req, res) => {
    findJob(req.params.id);
    jobs.delete(req.params.id);
    res.status(204).end();
  });

  return router;
}
