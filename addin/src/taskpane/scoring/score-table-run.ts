import { SCORE_LIMITS, type ScoreResponse, type ServedModel } from '@scorebridge/shared';
import { ensureTableColumns, readTable, readTableRows, writeTableColumns, yieldToHost, type CellValue } from '../excel-gateway.ts';
import { buildRecords, type FieldMapping } from './column-mapping.ts';
import { reasonsCell } from './reasons-text.ts';

/** The columns the pane writes; a rerun finds them by name and overwrites them. */
export const OUTPUT_COLUMNS = Object.freeze({ score: 'Score', grade: 'Grade', reasons: 'Reasons' } as const);

/** About this many cells are read per batch: well under Excel on the web's 5 MB per request. */
const CELLS_PER_CHUNK = 100_000;
export const MAX_CHUNK_ROWS = 5_000;

/** Rows per chunk for a table this wide: at most 5,000, fewer for wide tables, never under 100. */
export function rowsPerChunk(columnCount: number): number {
  return Math.max(100, Math.min(MAX_CHUNK_ROWS, SCORE_LIMITS.maxRecords, Math.floor(CELLS_PER_CHUNK / Math.max(1, columnCount))));
}

export interface ScoreCall {
  model: string;
  records: Record<string, CellValue>[];
  reasons: number;
  source: 'excel';
}

export interface ScoreTableOptions {
  tableName: string;
  mapping: readonly FieldMapping[];
  /** A model name (its champion, else its newest version); every chunk after the first asks for the version the first was scored with. */
  model: string;
  score: (call: ScoreCall, signal?: AbortSignal) => Promise<ScoreResponse>;
  chunkRows?: number;
  reasons?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
  signal?: AbortSignal;
}

export interface ScoreTableSummary {
  rows: number;
  scored: number;
  notScored: number;
  chunks: number;
  model: ServedModel | null;
  addedColumns: string[];
}

export class ScoringStoppedError extends Error {
  override name = 'ScoringStoppedError';
}

/**
 * Scores every data row of a table and writes Score, Grade and Reasons beside it, a chunk at a
 * time: read a chunk, score it, write it, yield, so progress shows and Excel stays usable.
 */
export async function scoreTable(options: ScoreTableOptions): Promise<ScoreTableSummary> {
  const { added, columns: output } = await ensureTableColumns(options.tableName, Object.values(OUTPUT_COLUMNS));
  const table = await readTable(options.tableName);
  const chunkRows = Math.min(options.chunkRows ?? rowsPerChunk(table.columns.length), SCORE_LIMITS.maxRecords);
  const summary: ScoreTableSummary = { rows: table.rowCount, scored: 0, notScored: 0, chunks: 0, model: null, addedColumns: added };
  options.onProgress?.({ done: 0, total: table.rowCount });

  for (let start = 0; start < table.rowCount; start += chunkRows) {
    if (options.signal?.aborted) throw new ScoringStoppedError(`Scoring stopped after ${start.toLocaleString('en-US')} of ${table.rowCount.toLocaleString('en-US')} rows; the rows already written keep their new scores`);
    const rows = await readTableRows(options.tableName, start, Math.min(chunkRows, table.rowCount - start));
    const records = buildRecords(rows, table.columns, options.mapping, table.dateColumns);
    const response = await options.score({ model: summary.model?.versionId ?? options.model, records, reasons: options.reasons ?? SCORE_LIMITS.defaultReasons, source: 'excel' }, options.signal);
    summary.model ??= response.model;
    const scores: CellValue[] = [];
    const grades: CellValue[] = [];
    const reasons: CellValue[] = [];
    for (const result of response.results) {
      scores.push(result.score ?? '');
      grades.push(result.grade ?? '');
      reasons.push(reasonsCell(result));
      if (result.score === null) summary.notScored++;
      else summary.scored++;
    }
    await writeTableColumns(options.tableName, start, { [output[OUTPUT_COLUMNS.score]!]: scores, [output[OUTPUT_COLUMNS.grade]!]: grades, [output[OUTPUT_COLUMNS.reasons]!]: reasons });
    summary.chunks++;
    options.onProgress?.({ done: start + rows.length, total: table.rowCount });
    await yieldToHost();
  }
  return summary;
}
