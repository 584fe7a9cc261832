import * as ort from 'onnxruntime-node';
import { buildFeeds } from './build-feeds.ts';
import type { UploadedModelInspection } from './inspection.ts';
import { SESSION_OPTIONS } from '../../training/onnx/session-options.ts';
import { runProbabilities } from './run-probabilities.ts';

export interface UploadedRecordScore {
  /** The probability of the positive class; null when the record could not be scored. */
  probability: number | null;
  /** Why there is no probability. */
  problem?: string;
}

/** Scores records in their order; one bad record never fails the others. `release` frees the native session. */
export type UploadedModelScorer = ((records: readonly Record<string, unknown>[]) => Promise<UploadedRecordScore[]>) & { release(): Promise<void> };

export interface UploadedModelScorerOptions {
  /** Rows per onnxruntime call, to bound the memory of one call. */
  maxBatchRows?: number;
}

const DEFAULT_MAX_BATCH_ROWS = 4096;

/**
 * A scorer for a model `inspectUploadedModel` accepted, from its inspection and the serving bytes
 * it returned. Records fill the inputs as the inspection's feeds say; readable records run
 * together (or one at a time when the model needs it), and if a batch fails in the runtime, its
 * rows are retried one by one so that only the failing records get a problem.
 */
export async function createUploadedModelScorer(
  inspection: UploadedModelInspection,
  servingBytes: Uint8Array,
  options: UploadedModelScorerOptions = {},
): Promise<UploadedModelScorer> {
  const session = await ort.InferenceSession.create(servingBytes, SESSION_OPTIONS);
  const batchRows = inspection.batching === 'one-row' ? 1 : (options.maxBatchRows ?? DEFAULT_MAX_BATCH_ROWS);

  const scoreChunk = async (records: readonly Record<string, unknown>[]): Promise<UploadedRecordScore[]> => {
    const { feeds, rows, problems } = buildFeeds(inspection.feeds, records);
    const scores: UploadedRecordScore[] = problems.map((problem) => (problem === undefined ? { probability: null } : { probability: null, problem }));
    if (rows.length === 0) return scores;
    try {
      const matrix = await runProbabilities(session, inspection.probabilityOutput, feeds, rows.length);
      rows.forEach((recordIndex, row) => {
        const probability = matrix.values[row * matrix.classes + inspection.positiveIndex]!;
        scores[recordIndex] = Number.isFinite(probability) ? { probability } : { probability: null, problem: `the model returned ${probability} for this record` };
      });
    } catch (error) {
      if (rows.length === 1) scores[rows[0]!] = { probability: null, problem: `the model failed on this record: ${error instanceof Error ? error.message : String(error)}` };
      else {
        for (const recordIndex of rows) scores[recordIndex] = (await scoreChunk([records[recordIndex]!]))[0]!;
      }
    }
    return scores;
  };

  const score = async (records: readonly Record<string, unknown>[]): Promise<UploadedRecordScore[]> => {
    const scores: UploadedRecordScore[] = [];
    for (let start = 0; start < records.length; start += batchRows) scores.push(...(await scoreChunk(records.slice(start, start + batchRows))));
    return scores;
  };
  return Object.assign(score, { release: () => session.release() });
}
