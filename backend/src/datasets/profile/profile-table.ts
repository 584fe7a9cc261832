import type { DatasetProfile, DatasetProfileOptions, TargetAnalysis, TargetSpec } from '@scorebridge/shared';
import { InvalidDataError } from '../invalid-data-error.ts';
import type { TableStream } from '../table.ts';
import { createProfiler } from './profiler.ts';
import { createTargetAnalyzer } from './target-analyzer.ts';

/** Both passes over a table stream, for callers that hold a stream rather than feed batches. */

export async function profileTable(table: TableStream, options: DatasetProfileOptions = {}): Promise<DatasetProfile> {
  const profiler = createProfiler(table.columns, options);
  for await (const batch of table.batches) profiler.add(batch);
  return profiler.finish();
}

/** The second pass: the stream must have the profiled columns in the same order (a re-read of the same data). */
export async function analyzeTarget(table: TableStream, profile: DatasetProfile, spec: TargetSpec): Promise<TargetAnalysis> {
  const expected = profile.columns.map(({ name }) => name);
  if (table.columns.length !== expected.length || table.columns.some((name, index) => name !== expected[index])) {
    throw new InvalidDataError('The table does not have the columns of its profile, in the same order; profile it again');
  }
  const analyzer = createTargetAnalyzer(profile, spec);
  for await (const batch of table.batches) analyzer.add(batch);
  return analyzer.finish();
}
