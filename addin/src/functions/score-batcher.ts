import { SCORE_LIMITS, type RecordScoreResult, type ScoreResponse, type ServedModel } from '@scorebridge/shared';
import { referenceKey } from './model-reference.ts';
import type { PinnedScoreCache } from './pinned-score-cache.ts';

/**
 * Collects the score calls of one recalculation and sends them as few requests as it can.
 *
 * Excel calls a worksheet function once per cell, thousands of times in a burst. Each call's
 * records wait here until the burst goes quiet (`quietMs` without a new call, at most `maxWaitMs`
 * after the first) or until a group has `batchSize` records; then each group (one model reference,
 * one number of reasons) is sent as one POST /v1/score per `batchSize` records, and each call gets
 * its own rows of the answers. A cancelled call leaves the queue at once; a request whose calls were
 * all cancelled is aborted; results for a cancelled call are dropped.
 */

export interface ScoreRequest {
  model: string;
  records: Record<string, unknown>[];
  reasons: number;
}

export type SendScoreRequest = (request: ScoreRequest, signal: AbortSignal) => Promise<ScoreResponse>;

export interface ScoreBatcherOptions {
  send: SendScoreRequest;
  /** Records per request, at most the API's limit. */
  batchSize?: number;
  /** Send after this long without a new call. */
  quietMs?: number;
  /** ...but no later than this after the first call waiting. */
  maxWaitMs?: number;
  /** Scores by pinned references, reused instead of asked for again. */
  cache?: PinnedScoreCache;
}

export interface BatchedScores {
  /** The version that scored the records (the first answer's, should a call span two requests). */
  model: ServedModel;
  results: RecordScoreResult[];
}

export const BATCHING_DEFAULTS = Object.freeze({ batchSize: SCORE_LIMITS.maxRecords, quietMs: 20, maxWaitMs: 200 });

interface Call {
  reference: string;
  reasons: number;
  records: Record<string, unknown>[];
  results: (RecordScoreResult | undefined)[];
  model: ServedModel | undefined;
  waiting: number;
  done: boolean;
  requests: Set<InFlight>;
  resolve(value: BatchedScores): void;
  reject(error: unknown): void;
}

interface Slot {
  call: Call;
  index: number;
}

interface Group {
  reference: string;
  reasons: number;
  slots: Slot[];
}

interface InFlight {
  controller: AbortController;
  calls: Set<Call>;
}

export function cancelledError(): Error {
  return new DOMException('The calculation was cancelled', 'AbortError');
}

export function createScoreBatcher(options: ScoreBatcherOptions) {
  const batchSize = Math.min(options.batchSize ?? BATCHING_DEFAULTS.batchSize, SCORE_LIMITS.maxRecords);
  const quietMs = options.quietMs ?? BATCHING_DEFAULTS.quietMs;
  const maxWaitMs = options.maxWaitMs ?? BATCHING_DEFAULTS.maxWaitMs;
  const groups = new Map<string, Group>();
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  let maxWaitTimer: ReturnType<typeof setTimeout> | undefined;
  let requestsSent = 0;

  const finish = (call: Call, outcome: { value: BatchedScores } | { error: unknown }) => {
    if (call.done) return;
    call.done = true;
    if ('value' in outcome) call.resolve(outcome.value);
    else call.reject(outcome.error);
  };

  const deliver = (call: Call, index: number, model: ServedModel, result: RecordScoreResult) => {
    if (call.done || call.results[index] !== undefined) return;
    call.results[index] = result;
    call.model ??= model;
    options.cache?.set(call.reference, call.reasons, call.records[index]!, { model, result });
    call.waiting -= 1;
    if (call.waiting === 0) finish(call, { value: { model: call.model, results: call.results as RecordScoreResult[] } });
  };

  const send = (group: Group, slots: Slot[]) => {
    const request: InFlight = { controller: new AbortController(), calls: new Set(slots.map((slot) => slot.call)) };
    for (const call of request.calls) call.requests.add(request);
    requestsSent += 1;
    const body: ScoreRequest = { model: group.reference, reasons: group.reasons, records: slots.map((slot) => slot.call.records[slot.index]!) };
    options
      .send(body, request.controller.signal)
      .then((response) => {
        if (response.results.length !== slots.length) throw new Error(`The scoring service answered ${response.results.length} results for ${slots.length} records`);
        slots.forEach((slot, position) => deliver(slot.call, slot.index, response.model, response.results[position]!));
      })
      .catch((error: unknown) => {
        for (const call of request.calls) finish(call, { error });
      })
      .finally(() => {
        for (const call of request.calls) call.requests.delete(request);
      });
  };

  const flush = () => {
    clearTimeout(quietTimer);
    clearTimeout(maxWaitTimer);
    quietTimer = maxWaitTimer = undefined;
    const waiting = [...groups.values()];
    groups.clear();
    for (const group of waiting) for (let start = 0; start < group.slots.length; start += batchSize) send(group, group.slots.slice(start, start + batchSize));
  };

  const schedule = () => {
    clearTimeout(quietTimer);
    quietTimer = setTimeout(flush, quietMs);
    maxWaitTimer ??= setTimeout(flush, maxWaitMs);
  };

  const cancel = (call: Call) => {
    for (const [key, group] of groups) {
      group.slots = group.slots.filter((slot) => slot.call !== call);
      if (group.slots.length === 0) groups.delete(key);
    }
    if (groups.size === 0) {
      clearTimeout(quietTimer);
      clearTimeout(maxWaitTimer);
      quietTimer = maxWaitTimer = undefined;
    }
    for (const request of call.requests) {
      request.calls.delete(call);
      if (request.calls.size === 0) request.controller.abort();
    }
    finish(call, { error: cancelledError() });
  };

  return {
    /** Scores `records` with `reference`, in one request with the rest of the burst. Rejects with an AbortError once `signal` aborts. */
    score(reference: string, records: Record<string, unknown>[], { reasons = 0, signal }: { reasons?: number; signal?: AbortSignal } = {}): Promise<BatchedScores> {
      return new Promise<BatchedScores>((resolve, reject) => {
        if (signal?.aborted) return reject(cancelledError());
        const call: Call = { reference, reasons, records, results: records.map(() => undefined), model: undefined, waiting: records.length, done: false, requests: new Set(), resolve, reject };
        const missing: Slot[] = [];
        records.forEach((record, index) => {
          const cached = options.cache?.get(reference, reasons, record);
          if (cached) {
            call.results[index] = cached.result;
            call.model ??= cached.model;
            call.waiting -= 1;
          } else missing.push({ call, index });
        });
        if (call.waiting === 0) return finish(call, { value: { model: call.model!, results: call.results as RecordScoreResult[] } });
        signal?.addEventListener('abort', () => cancel(call), { once: true });

        const key = `${referenceKey(reference)}\u0000${reasons}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { reference, reasons, slots: [] }));
        group.slots.push(...missing);
        // A full batch goes at once; the rest waits for the burst to end.
        while (group.slots.length >= batchSize) send(group, group.slots.splice(0, batchSize));
        if (group.slots.length === 0) groups.delete(key);
        if (groups.size > 0) schedule();
      });
    },

    /** Requests sent so far (for the benchmark and tests). */
    get requestsSent() {
      return requestsSent;
    },

    /** Sends whatever waits now, without waiting for the burst to go quiet. */
    flush,
  };
}

export type ScoreBatcher = ReturnType<typeof createScoreBatcher>;
