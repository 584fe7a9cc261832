import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ScoredRecord, ServingModel } from './serving-model.ts';

export interface BatchingOptions {
  /** Requests of at most this many records wait to share a run with others. */
  smallRequestRecords: number;
  /** Records of small requests scored in one run, at most (a request is never split). */
  maxBatchRecords: number;
  /** Large requests are scored in chunks of this many records, yielding to other requests between chunks... */
  chunkRecords: number;
  /** ...or of this many when they are explained, which costs more per record. */
  explainedChunkRecords: number;
}

export const DEFAULT_BATCHING: BatchingOptions = Object.freeze({ smallRequestRecords: 64, maxBatchRecords: 256, chunkRecords: 1024, explainedChunkRecords: 256 });

interface PendingRequest {
  records: readonly unknown[];
  explain: boolean;
  resolve(scored: ScoredRecord[]): void;
  reject(error: unknown): void;
}

export type ScoreRecords = (records: readonly unknown[], explain: boolean) => Promise<ScoredRecord[]>;

/** Session runs and the requests they served, counted across a process's batchers. */
export interface BatchCounters {
  runs: number;
  requests: number;
}

/**
 * Scores the requests of one model version. A small request waits for the end of the current
 * event-loop turn (and for the run in progress, if any) and is scored in one session run with
 * every other small request that arrived meanwhile, so that concurrent single-record requests
 * cost one run, not one each. At most one such run is in progress per version: ONNX Runtime runs
 * on the event loop's thread, so a second would not run any sooner. A large request goes straight
 * through in chunks, yielding between them so that small requests are not held up behind it.
 */
export function createMicroBatcher(model: ServingModel, options: BatchingOptions = DEFAULT_BATCHING, counters: BatchCounters = { runs: 0, requests: 0 }): ScoreRecords {
  const pending: PendingRequest[] = [];
  let scheduled = false;
  let running = false;

  const schedule = (): void => {
    if (scheduled || running || pending.length === 0) return;
    scheduled = true;
    setImmediate(() => void runBatch());
  };

  const runBatch = async (): Promise<void> => {
    scheduled = false;
    running = true;
    const batch: PendingRequest[] = [];
    let size = 0;
    while (pending.length > 0 && (batch.length === 0 || size + pending[0]!.records.length <= options.maxBatchRecords)) {
      const next = pending.shift()!;
      batch.push(next);
      size += next.records.length;
    }
    try {
      const records = batch.flatMap((request) => request.records);
      const explain = batch.flatMap((request) => request.records.map(() => request.explain));
      counters.runs += 1;
      counters.requests += batch.length;
      const scored = await model.score(records, explain);
      let start = 0;
      for (const request of batch) {
        request.resolve(scored.slice(start, start + request.records.length));
        start += request.records.length;
      }
    } catch (error) {
      for (const request of batch) request.reject(error);
    } finally {
      running = false;
      schedule();
    }
  };

  const scoreInChunks = async (records: readonly unknown[], explain: boolean): Promise<ScoredRecord[]> => {
    counters.requests += 1;
    const chunk = explain ? options.explainedChunkRecords : options.chunkRecords;
    const scored: ScoredRecord[] = [];
    for (let start = 0; start < records.length; start += chunk) {
      if (start > 0) await yieldToEventLoop();
      const part = records.slice(start, start + chunk);
      counters.runs += 1;
      scored.push(...(await model.score(part, part.map(() => explain))));
    }
    return scored;
  };

  return (records, explain) => {
    if (records.length > options.smallRequestRecords) return scoreInChunks(records, explain);
    return new Promise<ScoredRecord[]>((resolve, reject) => {
      pending.push({ records, explain, resolve, reject });
      schedule();
    });
  };
}
