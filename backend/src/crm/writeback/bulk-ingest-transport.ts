import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'jsforce';
import { z } from 'zod';
import { withRetries, type RetryPolicy } from '../sync/retry.ts';
import type { RecordUpdate } from './composite-transport.ts';
import { outcomeOfBulkError, type WriteOutcome } from './write-outcomes.ts';

const ingestJobSchema = z.object({ id: z.string(), state: z.string(), errorMessage: z.string().optional() });
const resultRowsSchema = z.array(z.record(z.string(), z.string()));

/** Bulk API CSV empties a field with `#N/A`; an empty cell would leave the old value in place. */
const CSV_NULL = '#N/A';

export interface BulkIngestOptions {
  policy: RetryPolicy;
  signal: AbortSignal;
  /** Pause between checks of the job's state. */
  pollMs: number;
}

/** What one ingest job answered: outcomes of the records it reports, and why it failed as a whole, if it did. */
export interface BulkIngestResult {
  outcomes: WriteOutcome[];
  /** Set when the job ended Failed or Aborted; records it did not report stay unwritten. */
  jobError?: string;
}

/** Every cell quoted, as Bulk API 2.0 reads any text (commas, quotes, line breaks) that way. */
function csvCell(value: string | number | null): string {
  const text = value === null ? CSV_NULL : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

function toCsv(records: readonly RecordUpdate[]): string {
  const columns = Object.keys(records[0]!);
  const lines = [columns.map(csvCell).join(','), ...records.map((record) => columns.map((column) => csvCell(record[column] ?? null)).join(','))];
  return `${lines.join('\n')}\n`;
}

/**
 * Updates records with one Bulk API 2.0 ingest job: create it (`operation: update`), upload the
 * CSV, close it, poll until it ends, then read `successfulResults` and `failedResults` and match
 * their rows to records by the `Id` column uploaded. Each step goes through jsforce's own request
 * layer (session renewal included) and is retried like every other Salesforce call.
 */
export async function updateWithIngestJob(connection: Connection, object: string, records: readonly RecordUpdate[], options: BulkIngestOptions): Promise<BulkIngestResult> {
  const { policy, signal } = options;
  const jobsUrl = `/services/data/v${connection.version}/jobs/ingest`;
  const created = ingestJobSchema.parse(
    await withRetries(
      () =>
        connection.request({
          method: 'POST',
          url: jobsUrl,
          body: JSON.stringify({ object, operation: 'update', contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' }),
          headers: { 'Content-Type': 'application/json' },
        }),
      { policy, signal },
    ),
  );
  const jobUrl = `${jobsUrl}/${created.id}`;
  await withRetries(() => connection.request({ method: 'PUT', url: `${jobUrl}/batches`, body: toCsv(records), headers: { 'Content-Type': 'text/csv' } }), { policy, signal });
  await withRetries(() => connection.request({ method: 'PATCH', url: jobUrl, body: JSON.stringify({ state: 'UploadComplete' }), headers: { 'Content-Type': 'application/json' } }), { policy, signal });

  let job: z.infer<typeof ingestJobSchema>;
  for (;;) {
    job = ingestJobSchema.parse(await withRetries(() => connection.request(jobUrl), { policy, signal }));
    if (job.state === 'JobComplete' || job.state === 'Failed' || job.state === 'Aborted') break;
    await sleep(options.pollMs, undefined, { signal });
  }

  const readResults = async (kind: 'successfulResults' | 'failedResults') =>
    resultRowsSchema.parse(await withRetries(() => connection.request({ method: 'GET', url: `${jobUrl}/${kind}`, headers: { Accept: 'text/csv' } }), { policy, signal }));
  // The uploaded Id column comes back with each row; sf__Id is empty when Salesforce could not read the id.
  const idOf = (row: Record<string, string>) => row.Id || row.sf__Id || '';
  const outcomes: WriteOutcome[] = [
    ...(await readResults('successfulResults')).map((row): WriteOutcome => ({ recordId: idOf(row), ok: true })),
    ...(await readResults('failedResults')).map((row) => outcomeOfBulkError(idOf(row), row.sf__Error ?? '')),
  ];
  if (job.state === 'JobComplete') return { outcomes };
  return { outcomes, jobError: `The Bulk API ingest job ${job.id} ended ${job.state}${job.errorMessage ? `: ${job.errorMessage}` : ''}` };
}
