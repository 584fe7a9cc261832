import type { Logger } from '../logger.ts';

export interface ShadowTask {
  records: readonly unknown[];
  run(): Promise<void>;
}

export interface ShadowStats {
  /** Records scored by a challenger. */
  scored: number;
  /** Records not shadow-scored because the queue was full. */
  skipped: number;
  failed: number;
}

/** Skips are reported at most this often, with the count since the last report. */
const SKIP_REPORT_INTERVAL_MS = 10_000;

/**
 * Challenger scoring in the background: tasks run one at a time after the responses that queued
 * them have been sent, so they neither slow nor change a response. The queue is bounded by records;
 * a task that does not fit is skipped, counted, and reported at warn level (the first at once,
 * then at most every ten seconds with the number skipped meanwhile).
 */
export function createShadowQueue({ maxPendingRecords, logger }: { maxPendingRecords: number; logger: Logger }) {
  const queue: ShadowTask[] = [];
  const stats: ShadowStats = { scored: 0, skipped: 0, failed: 0 };
  let pendingRecords = 0;
  let running: Promise<void> | undefined;
  let unreportedSkips = 0;
  let lastReport = 0;
  let closed = false;

  const reportSkip = (count: number): void => {
    unreportedSkips += count;
    const now = Date.now();
    if (now - lastReport < SKIP_REPORT_INTERVAL_MS) return;
    logger.warn({ skippedRecords: unreportedSkips, totalSkipped: stats.skipped, maxPendingRecords }, 'challenger shadow scoring is behind; records were not shadow-scored');
    unreportedSkips = 0;
    lastReport = now;
  };

  const drain = async (): Promise<void> => {
    // Let the responses that queued these tasks go out first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let task = queue.shift(); task; task = queue.shift()) {
      try {
        await task.run();
        stats.scored += task.records.length;
      } catch (error) {
        stats.failed += task.records.length;
        logger.error({ err: error, records: task.records.length }, 'challenger shadow scoring failed');
      } finally {
        pendingRecords -= task.records.length;
      }
    }
    // Cleared in the same turn as the queue was found empty, so the next submit starts a new drain.
    running = undefined;
  };

  return {
    /** Queues a task; false (counted and reported) when it does not fit. */
    submit(task: ShadowTask): boolean {
      if (closed || pendingRecords + task.records.length > maxPendingRecords) {
        stats.skipped += task.records.length;
        reportSkip(task.records.length);
        return false;
      }
      queue.push(task);
      pendingRecords += task.records.length;
      running ??= drain();
      return true;
    },

    stats(): ShadowStats & { pendingRecords: number } {
      return { ...stats, pendingRecords };
    },

    /** Waits for what is queued; takes nothing more. */
    async close(): Promise<void> {
      closed = true;
      while (running) await running;
    },

    /** Resolves once the queue is empty (for tests and orderly shutdown). */
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
}

export type ShadowQueue = ReturnType<typeof createShadowQueue>;
