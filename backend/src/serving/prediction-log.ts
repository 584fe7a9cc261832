import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.ts';
import { JsonRowBuffer } from './json-row-buffer.ts';
import type { PredictionLogStore } from './prediction-log-store.ts';
import { insertFailure, predictionLogRowJson, rowIdentity, withoutInputs, type PredictionLogEntry } from './prediction-logs.repo.ts';

export interface PredictionLogOptions {
  /** Rows held in memory at most, written or not yet; a request that would exceed it waits for room. */
  capacity: number;
  /** A write starts as soon as this many rows wait... */
  flushRows: number;
  /** ...or this long after the first of them arrived. */
  flushIntervalMs: number;
  /** Rows per INSERT statement. */
  rowsPerInsert: number;
}

export const DEFAULT_PREDICTION_LOG: PredictionLogOptions = Object.freeze({ capacity: 20_000, flushRows: 1_000, flushIntervalMs: 200, rowsPerInsert: 1_000 });

export interface PredictionLogStats {
  /** Rows handed to the log. */
  appended: number;
  written: number;
  /** In memory, not yet written. */
  pending: number;
  /** Times a request waited for room. */
  waitedForRoom: number;
  /** Failed INSERTs (retried). */
  failedWrites: number;
  /** Rows that could not be stored even alone, or not before shutdown; each is logged as an error. */
  lost: number;
}

const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];
/** At shutdown a failing database gets this many more tries before the rows left are reported lost. */
const SHUTDOWN_ATTEMPTS = 3;

/**
 * Every score served, written to `prediction_logs` off the request path: requests append rows to
 * a bounded buffer (each row already as its JSON text, held outside the JavaScript heap) and go
 * on; a writer hands what is buffered to the store (in the API, a thread of its own: decision
 * 0031) every `flushIntervalMs`, or as soon as `flushRows` rows wait, in multi-row INSERTs.
 * When the buffer is full the request waits for room (backpressure) instead of dropping rows. A
 * failed INSERT is retried with backoff; a batch the database refuses as data (a field name with a
 * NUL, say) is written row by row, and a row refused alone is stored with its inputs replaced by
 * the reason. Nothing is dropped without an error line and a count.
 */
export function createPredictionLog({ store, logger, options = DEFAULT_PREDICTION_LOG }: { store: PredictionLogStore; logger: Logger; options?: PredictionLogOptions }) {
  /** Rows as predictionLogRowJson writes them, oldest first. */
  const buffer = new JsonRowBuffer();
  const roomWaiters: (() => void)[] = [];
  const stats: Omit<PredictionLogStats, 'pending'> = { appended: 0, written: 0, waitedForRoom: 0, failedWrites: 0, lost: 0 };
  let writing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closing = false;

  const removeWritten = (count: number): void => {
    buffer.removeFirst(count);
    for (const wake of roomWaiters.splice(0)) wake();
  };

  /**
   * Writes the first `count` rows and removes them from the buffer; when the database refuses
   * their data, writes them one by one instead. If a write fails midway through that (the
   * connection drops), the rows already stored are removed before the error goes up, so that the
   * retry starts at the first row not yet stored and no row is written twice.
   */
  const writeBatch = async (count: number): Promise<void> => {
    try {
      await store.insert(buffer.jsonArray(count));
    } catch (error) {
      if (!isRefusedData(error)) throw error;
      let done = 0;
      try {
        for (; done < count; done++) await writeAlone(buffer.row(done));
      } finally {
        removeWritten(done);
      }
      return;
    }
    stats.written += count;
    removeWritten(count);
  };

  /**
   * Stores one row, with its inputs replaced by the reason if the database refuses them, or counts
   * and logs it as lost. Any other failure (a dropped connection) goes up, for the caller to retry.
   */
  const writeAlone = async (row: string): Promise<void> => {
    try {
      await store.insert(jsonArrayOf(row));
      stats.written += 1;
    } catch (error) {
      if (!isRefusedData(error)) throw error;
      try {
        await store.insert(jsonArrayOf(withoutInputs(row, insertFailure(error).message)));
        stats.written += 1;
      } catch (again) {
        if (!isRefusedData(again)) throw again;
        stats.lost += 1;
        logger.error({ err: again, ...rowIdentity(row) }, 'a prediction log row could not be stored');
      }
    }
  };

  /**
   * Writes the rows buffered when it starts. Rows that arrive meanwhile wait for the next write:
   * draining them too kept one small INSERT after another going under steady load (each a
   * statement and a commit for the database, a few rows each) instead of one per interval.
   */
  const writeBuffered = async (): Promise<void> => {
    let attempt = 0;
    let left = buffer.length;
    while (left > 0 && buffer.length > 0) {
      const rows = Math.min(left, buffer.length, options.rowsPerInsert);
      try {
        await writeBatch(rows);
        left -= rows;
        attempt = 0;
      } catch (error) {
        stats.failedWrites += 1;
        attempt += 1;
        logger.error({ err: error, pending: buffer.length, attempt }, 'writing the prediction log failed; retrying');
        if (closing && attempt >= SHUTDOWN_ATTEMPTS) {
          stats.lost += buffer.length;
          logger.error({ lost: buffer.length }, 'prediction log rows could not be written before shutdown');
          removeWritten(buffer.length);
          return;
        }
        await sleep(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1]);
      }
    }
  };

  const startWriting = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    writing ??= writeBuffered().finally(() => {
      writing = undefined;
      // Rows that arrived during the write: at once if there are flushRows of them, else on the interval.
      if (buffer.length > 0) scheduleWrite();
    });
    return writing;
  };

  const scheduleWrite = (): void => {
    if (writing || timer) return;
    if (buffer.length >= options.flushRows || closing) void startWriting();
    else timer = setTimeout(() => void startWriting(), options.flushIntervalMs);
  };

  /** Writes everything buffered now. */
  const flush = async (): Promise<void> => {
    while (buffer.length > 0 || writing) await (writing ?? startWriting());
  };

  return {
    flush,

    /** Hands rows to the log; resolves once all are buffered, after waiting for room if need be. */
    async append(rows: readonly PredictionLogEntry[]): Promise<void> {
      let next = 0;
      while (next < rows.length) {
        const room = options.capacity - buffer.length;
        if (room <= 0) {
          stats.waitedForRoom += 1;
          if (!writing) void startWriting();
          await new Promise<void>((resolve) => roomWaiters.push(resolve));
          continue;
        }
        const taken = Math.min(room, rows.length - next);
        for (let row = next; row < next + taken; row++) buffer.push(predictionLogRowJson(rows[row]!));
        stats.appended += taken;
        next += taken;
        if (buffer.length >= options.flushRows && !writing) void startWriting();
        else scheduleWrite();
      }
    },

    stats(): PredictionLogStats {
      return { ...stats, pending: buffer.length };
    },

    /** Writes what is left; a failing database gets a few tries, then what remains is reported lost. */
    async close(): Promise<void> {
      closing = true;
      await flush();
      if (timer) clearTimeout(timer);
    },
  };
}

export type PredictionLog = ReturnType<typeof createPredictionLog>;

/** One row as a JSON array's bytes. */
function jsonArrayOf(row: string): Uint8Array {
  return Buffer.from(`[${row}]`);
}

/** Errors about the rows themselves (SQLSTATE classes 22 data exception, 23 integrity), which no retry fixes. */
function isRefusedData(error: unknown): boolean {
  const { code } = insertFailure(error);
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}
