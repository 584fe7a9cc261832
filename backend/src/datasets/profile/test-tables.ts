import type { DatasetProfile, DatasetProfileOptions, TargetAnalysis, TargetSpec } from '@scorebridge/shared';
import type { Cell, RowBatch, TableStream } from '../table.ts';
import { createProfiler } from './profiler.ts';
import { createTargetAnalyzer } from './target-analyzer.ts';

/** Small tables for the profile tests, built in memory and fed in batches as a source would. */

export const TEST_BATCH_SIZE = 1000;

export function* batchesOf(rows: readonly Cell[][], size = TEST_BATCH_SIZE): Generator<RowBatch> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

export function profileRows(columns: readonly string[], rows: readonly Cell[][], options: DatasetProfileOptions = {}): DatasetProfile {
  const profiler = createProfiler(columns, options);
  for (const batch of batchesOf(rows)) profiler.add(batch);
  return profiler.finish();
}

export function analyzeRows(profile: DatasetProfile, rows: readonly Cell[][], spec: TargetSpec): TargetAnalysis {
  const analyzer = createTargetAnalyzer(profile, spec);
  for (const batch of batchesOf(rows)) analyzer.add(batch);
  return analyzer.finish();
}

export function tableOf(columns: string[], rows: readonly Cell[][]): TableStream {
  return {
    columns,
    batches: (async function* () {
      yield* batchesOf(rows);
    })(),
  };
}

/** Rows of a single column, for type inference cases. */
export function singleColumn(values: readonly Cell[]): Cell[][] {
  return values.map((value) => [value]);
}

export function columnOf(profile: DatasetProfile, name: string): DatasetProfile['columns'][number] {
  const column = profile.columns.find((candidate) => candidate.name === name);
  if (column === undefined) throw new Error(`No column ${name} in the profile`);
  return column;
}
