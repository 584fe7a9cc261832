import type { Response } from 'express';
import { z } from 'zod';
import { COLUMN_DELIMITERS, LINE_ENDINGS, type CsvFormat } from './csv-text.ts';
import { createIdGenerator } from './salesforce-ids.ts';

/** Bulk API 2.0 job states, by the names Salesforce reports. */
export const JOB_STATES = Object.freeze({
  open: 'Open',
  uploadComplete: 'UploadComplete',
  inProgress: 'InProgress',
  jobComplete: 'JobComplete',
  failed: 'Failed',
  aborted: 'Aborted',
} as const);
export type JobState = (typeof JOB_STATES)[keyof typeof JOB_STATES];

/** The CSV options a job may choose, defaulting as Salesforce does. */
export const jobFormatFields = {
  columnDelimiter: z.enum(Object.keys(COLUMN_DELIMITERS) as [keyof typeof COLUMN_DELIMITERS, ...(keyof typeof COLUMN_DELIMITERS)[]]).default('COMMA'),
  lineEnding: z.enum(Object.keys(LINE_ENDINGS) as [keyof typeof LINE_ENDINGS, ...(keyof typeof LINE_ENDINGS)[]]).default('LF'),
  contentType: z.literal('CSV').optional(),
};

/** What query and ingest jobs have in common. */
export interface BulkJob {
  readonly id: string;
  readonly object: string;
  readonly operation: string;
  readonly createdById: string;
  readonly createdDate: string;
  readonly apiVersion: string;
  readonly format: CsvFormat;
  state: JobState;
  systemModstamp: string;
  /** The state the job reaches once processing is reported done: JobComplete or Failed. */
  finalState: JobState;
  /** Status checks answered since processing started. */
  checks: number;
}

/** Job ids share Salesforce's `750` prefix. */
export function createJobIdGenerator(): () => string {
  return createIdGenerator('750');
}

/**
 * Processing is instant here, but clients must still poll: a job answers InProgress for its first
 * `checksBeforeComplete` status checks after upload, then reaches its final state.
 */
export function advanceOnCheck(job: BulkJob, checksBeforeComplete: number, now: string): void {
  if (job.state !== JOB_STATES.uploadComplete && job.state !== JOB_STATES.inProgress) return;
  job.checks += 1;
  job.state = job.checks <= checksBeforeComplete ? JOB_STATES.inProgress : job.finalState;
  job.systemModstamp = now;
}

/** The fields of job info both kinds of job report. */
export function jobInfoBase(job: BulkJob): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: job.createdDate,
    systemModstamp: job.systemModstamp,
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
  };
}

/** Bulk API 2.0 CSV answers; jsforce parses them by this content type. */
export function sendCsv(res: Response, body: string, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(200).setHeader('Content-Type', 'text/csv');
  res.end(body);
}
