import express, { type Router } from 'express';
import { z } from 'zod';
import { apiLocals } from './api-gate.ts';
import { advanceOnCheck, createJobIdGenerator, JOB_STATES, jobFormatFields, jobInfoBase, sendCsv, type BulkJob } from './bulk-jobs.ts';
import { csvDocument } from './csv-text.ts';
import type { FaultController } from './faults.ts';
import { csvCells } from './record-projection.ts';
import type { OrgStore, StoredRecord } from './record-store.ts';
import { ERROR_CODES, notFound, SalesforceApiError, sendJson } from './salesforce-errors.ts';
import type { ResolvedPath } from './soql/soql-paths.ts';
import { planQuery, runQuery } from './soql/soql-plan.ts';

const createQueryJobSchema = z.object({
  operation: z.enum(['query', 'queryAll']),
  query: z.string().min(1),
  ...jobFormatFields,
});

interface QueryJob extends BulkJob {
  readonly select: readonly ResolvedPath[];
  /** The result set, taken when the job was created, as Salesforce's snapshot is. */
  readonly records: readonly StoredRecord[];
  pagesServed: number;
}

export interface BulkQueryDeps {
  readonly store: OrgStore;
  readonly faults: FaultController;
  readonly userId: string;
  readonly checksBeforeComplete: number;
  readonly resultsPageSize: number;
}

/** Locators are opaque to clients; Salesforce's happen to be base64 of the next offset, and so are these. */
function encodeLocator(offset: number): string {
  return Buffer.from(String(offset)).toString('base64url');
}

function decodeLocator(locator: string): number | undefined {
  const text = Buffer.from(locator, 'base64url').toString('utf8');
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function jobInfo(job: QueryJob, detailed: boolean): Record<string, unknown> {
  const base = { ...jobInfoBase(job), lineEnding: job.format.lineEnding, columnDelimiter: job.format.columnDelimiter };
  if (!detailed) return base;
  const complete = job.state === JOB_STATES.jobComplete;
  return { ...base, jobType: 'V2Query', numberRecordsProcessed: complete ? job.records.length : 0, retries: 0, totalProcessingTime: complete ? 1 : 0, isPkChunkingSupported: true };
}

function badQuery(message: string): SalesforceApiError {
  return new SalesforceApiError(400, ERROR_CODES.apiError, message);
}

/** Bulk API 2.0 query jobs: create, poll, page through CSV results, abort, delete. */
export function bulkQueryRoutes(deps: BulkQueryDeps): Router {
  const router = express.Router();
  const json = express.json({ limit: '1mb' });
  const jobs = new Map<string, QueryJob>();
  const newJobId = createJobIdGenerator();

  const findJob = (id: string | undefined) => {
    const job = id ? jobs.get(id) : undefined;
    if (!job) throw notFound();
    return job;
  };

  router.post('/jobs/query', json, (req, res) => {
    const parsed = createQueryJobSchema.safeParse(req.body);
    if (!parsed.success) throw new SalesforceApiError(400, ERROR_CODES.invalidJob, `Invalid job: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    const { operation, query, columnDelimiter, lineEnding } = parsed.data;
    const plan = planQuery(deps.store, query);
    if (!plan.select) throw badQuery('Bulk API 2.0 query jobs do not support COUNT()');
    if (plan.query.offset !== undefined) throw badQuery('Bulk API 2.0 query jobs do not support OFFSET');
    const now = deps.store.timestamp();
    const job: QueryJob = {
      id: newJobId(),
      object: plan.records.schema.name,
      operation,
      createdById: deps.userId,
      createdDate: now,
      systemModstamp: now,
      apiVersion: apiLocals(res).apiVersion,
      format: { columnDelimiter, lineEnding },
      state: JOB_STATES.uploadComplete,
      finalState: JOB_STATES.jobComplete,
      checks: 0,
      select: plan.select,
      records: runQuery(plan, operation === 'queryAll'),
      pagesServed: 0,
    };
    jobs.set(job.id, job);
    sendJson(res, 200, jobInfo(job, false));
  });

  router.get('/jobs/query', (_req, res) => {
    sendJson(res, 200, { done: true, records: [...jobs.values()].map((job) => jobInfo(job, false)), nextRecordsUrl: null });
  });

  router.get('/jobs/query/:id', (req, res) => {
    const job = findJob(req.params.id);
    advanceOnCheck(job, deps.checksBeforeComplete, deps.store.timestamp());
    sendJson(res, 200, jobInfo(job, true));
  });

  router.get('/jobs/query/:id/results', (req, res) => {
    const job = findJob(req.params.id);
    if (job.state !== JOB_STATES.jobComplete) throw new SalesforceApiError(400, ERROR_CODES.invalidJobState, `Job ${job.id} is not in state JobComplete (it is ${job.state})`);
    const offset = typeof req.query.locator === 'string' ? decodeLocator(req.query.locator) : 0;
    if (offset === undefined || offset > job.records.length) throw new SalesforceApiError(400, ERROR_CODES.invalidQueryLocator, 'invalid locator');
    const maxRecords = req.query.maxRecords === undefined ? deps.resultsPageSize : Number(req.query.maxRecords);
    if (!Number.isInteger(maxRecords) || maxRecords < 1) throw new SalesforceApiError(400, ERROR_CODES.invalidJob, 'maxRecords must be a positive whole number');
    const failure = deps.faults.takePageFailure(req.method, req.path, job.pagesServed);
    if (failure !== undefined) {
      res.locals.fault = 'queryFailsAfterPages';
      throw new SalesforceApiError(failure, failure >= 500 ? ERROR_CODES.unknownException : ERROR_CODES.invalidQueryLocator, 'The results page could not be read');
    }
    const page = job.records.slice(offset, offset + maxRecords);
    const next = offset + page.length;
    job.pagesServed += 1;
    const body = csvDocument(
      job.select.map((path) => path.text),
      page.map((record) => csvCells(deps.store, record, job.select)),
      job.format,
    );
    sendCsv(res, body, { 'Sforce-Locator': next < job.records.length ? encodeLocator(next) : 'null', 'Sforce-NumberOfRecords': String(page.length) });
  });

  router.patch('/jobs/query/:id', json, (req, res) => {
    const job = findJob(req.params.id);
    if (req.body?.state !== JOB_STATES.aborted) throw new SalesforceApiError(400, ERROR_CODES.invalidJobState, 'A query job can only be set to Aborted');
    if (job.state === JOB_STATES.jobComplete || job.state === JOB_STATES.failed) throw new SalesforceApiError(400, ERROR_CODES.invalidJobState, `Job ${job.id} has already finished`);
    job.state = JOB_STATES.aborted;
    job.systemModstamp = deps.store.timestamp();
    sendJson(res, 200, jobInfo(job, false));
  });

  router.delete('/jobs/query/:id', (req, res) => {
    findJob(req.params.id);
    jobs.delete(req.params.id);
    res.status(204).end();
  });

  return router;
}
