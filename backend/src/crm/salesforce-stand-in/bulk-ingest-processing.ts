import { parseCsv, type CsvFormat } from './csv-text.ts';
import { CSV_NULL, type SaveError } from './field-values.ts';
import type { FieldSchema } from './object-schema.ts';
import type { ObjectRecords, OrgStore } from './record-store.ts';
import { prepareDelete, prepareInsert, prepareUpdate, type WriteResult } from './record-writes.ts';

/** The ingest operations the stand-in carries out. */
export const INGEST_OPERATIONS = Object.freeze(['insert', 'update', 'delete'] as const);
export type IngestOperation = (typeof INGEST_OPERATIONS)[number];

/** What processing an ingest job's CSV produced: result rows in the job's own columns. */
export interface IngestOutcome {
  readonly header: readonly string[];
  /** `[sf__Id, sf__Created, ...the uploaded cells]` */
  readonly successful: string[][];
  /** `[sf__Id, sf__Error, ...the uploaded cells]` */
  readonly failed: string[][];
  /** Rows never attempted because the job failed as a whole. */
  readonly unprocessed: string[][];
  /** Set when the job failed as a whole (its CSV could not be read). */
  readonly errorMessage?: string;
}

export interface InjectedFailures {
  readonly failing: ReadonlySet<number>;
  readonly statusCode: string;
  readonly message: string;
}

/** Bulk API's sf__Error column: `STATUS_CODE:message:fields --`. */
function errorCell(errors: readonly SaveError[]): string {
  return errors.map((error) => `${error.statusCode}:${error.message}:${error.fields.join(',')} --`).join(' ');
}

/** One uploaded row as field changes: an empty cell leaves a field alone, `#N/A` empties it. */
function rowChanges(columns: readonly FieldSchema[], row: readonly string[]): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  columns.forEach((field, index) => {
    const cell = row[index] ?? '';
    if (cell !== '' && field.name !== 'Id') changes[field.name] = cell === CSV_NULL ? null : cell;
  });
  return changes;
}

function failedJob(header: readonly string[], rows: string[][], errorMessage: string): IngestOutcome {
  return { header, successful: [], failed: [], unprocessed: rows, errorMessage };
}

function writeRow(store: OrgStore, records: ObjectRecords, operation: IngestOperation, id: string, changes: Record<string, unknown>): WriteResult {
  if (operation === 'insert') return prepareInsert(store, records, changes, 'api');
  const existing = records.get(id);
  if (!existing) return { kind: 'errors', errors: [{ statusCode: id ? 'INVALID_CROSS_REFERENCE_KEY' : 'MISSING_ARGUMENT', message: id ? 'invalid cross reference id' : 'Id not specified in an update call', fields: [] }] };
  if (operation === 'delete') {
    if (existing.IsDeleted) return { kind: 'errors', errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
    return { kind: 'ok', record: prepareDelete(store, existing) };
  }
  return prepareUpdate(store, records, existing, changes, 'api');
}

/**
 * Carries out an ingest job's CSV row by row, as Bulk API does: each row succeeds or fails on its
 * own. An unreadable CSV or an unknown column fails the whole job before any row is written.
 */
export function processIngest(
  store: OrgStore,
  records: ObjectRecords,
  operation: IngestOperation,
  data: string,
  format: CsvFormat,
  /** Which rows an injected fault fails, given each row's Id ('' where the job has no Id column). */
  pickFailures: (rowIds: readonly string[]) => InjectedFailures | undefined,
): IngestOutcome {
  let table: string[][];
  try {
    table = parseCsv(data, format);
  } catch (error) {
    return failedJob([], [], `InvalidBatch : ${(error as Error).message}`);
  }
  const [header = [], ...rows] = table;
  const columns: FieldSchema[] = [];
  for (const name of header) {
    const field = records.schema.field(name.trim());
    if (!field) return failedJob(header, rows, `InvalidBatch : Field name not found : ${name}`);
    columns.push(field);
  }
  const idColumn = columns.findIndex((field) => field.name === 'Id');
  if (operation !== 'insert' && idColumn === -1) return failedJob(header, rows, 'InvalidBatch : Field name not found : Id');
  const rowIds = rows.map((row) => (idColumn === -1 ? '' : (row[idColumn] ?? '')));
  const injected = pickFailures(rowIds);
  const successful: string[][] = [];
  const failed: string[][] = [];
  rows.forEach((row, index) => {
    const id = rowIds[index]!;
    if (injected?.failing.has(index)) {
      failed.push([id, errorCell([{ statusCode: injected.statusCode, message: injected.message, fields: [] }]), ...row]);
      return;
    }
    const result = writeRow(store, records, operation, id, rowChanges(columns, row));
    if (result.kind === 'ok') {
      records.put(result.record);
      successful.push([result.record.Id, String(operation === 'insert'), ...row]);
    } else {
      const errors = result.kind === 'errors' ? result.errors : [{ statusCode: 'INVALID_FIELD', message: `No such column '${result.name}'`, fields: [result.name] }];
      failed.push([id, errorCell(errors), ...row]);
    }
  });
  return { header, successful, failed, unprocessed: [] };
}

/** An aborted job's upload: every row unprocessed (an unreadable upload has none to report). */
export function unprocessedOutcome(data: string | undefined, format: CsvFormat): IngestOutcome {
  try {
    const [header = [], ...rows] = data === undefined ? [] : parseCsv(data, format);
    return { header, successful: [], failed: [], unprocessed: rows };
  } catch {
    return { header: [], successful: [], failed: [], unprocessed: [] };
  }
}
