import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Executor } from '../db/client.ts';
import { insertPredictionLogs } from './prediction-logs.repo.ts';
import type { WriterReply, WriterRequest } from './prediction-log-writer.worker.ts';

/**
 * Where the prediction log's batches go: one JSON array of rows (as predictionLogRowJson makes
 * them), handed over as its UTF-8 bytes, stored in one statement, all or none. A failure rejects
 * with the database's error, its SQLSTATE in `code`, so that the log can tell refused data from a
 * dropped connection.
 */
export interface PredictionLogStore {
  insert(jsonArray: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Stores batches through `db` on the calling thread: for the jobs and the tests. */
export function databaseStore(db: Executor): PredictionLogStore {
  return {
    insert: (jsonArray) => insertPredictionLogs(db, jsonArray),
    close: async () => {},
  };
}

const WORKER_SCRIPT = new URL('./prediction-log-writer.worker.ts', import.meta.url);
/** How long a closing store waits for its thread to finish the batch in hand. */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * Stores batches from a worker thread with a database connection of its own (decision 0031), so
 * that the text of a batch never lives in the serving thread's heap. postgres.js sends every
 * parameter as a JavaScript string; a batch's string, alive while its INSERT runs, was promoted to
 * the old generation by the young-generation collections that found it, and at 1,000 requests/s
 * that was most of what the API promoted: full collections every few seconds, each pausing every
 * request in flight. Here the bytes are copied to the thread (outside either heap), which makes
 * the string, runs the INSERT and answers.
 *
 * The thread starts with the first batch. If it dies, the batches in hand fail (the log retries
 * them) and the next batch starts a new one. It keeps the process alive only while a batch is in hand.
 */
export function workerThreadStore({ url }: { url: string }): PredictionLogStore {
  let writer: ReturnType<typeof startWriter> | undefined;
  let closed = false;

  function startWriter() {
    const worker = new Worker(WORKER_SCRIPT, { workerData: { url } });
    worker.unref();
    const inHand = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
    let nextId = 0;
    const settle = (id: number, error?: Error) => {
      const batch = inHand.get(id);
      if (!batch) return;
      inHand.delete(id);
      if (inHand.size === 0) worker.unref();
      if (error) batch.reject(error);
      else batch.resolve();
    };
    const stopped = (error: Error) => {
      if (writer?.worker === worker) writer = undefined;
      for (const id of [...inHand.keys()]) settle(id, error);
    };
    worker.on('message', (reply: WriterReply) => settle(reply.id, reply.error && Object.assign(new Error(reply.error.message), { code: reply.error.code })));
    worker.on('error', (error) => stopped(new Error(`The prediction log's writer thread failed: ${error.message}`)));
    worker.on('exit', (code) => stopped(new Error(`The prediction log's writer thread stopped (exit code ${code})`)));
    return {
      worker,
      insert(jsonArray: Uint8Array): Promise<void> {
        const id = nextId++;
        const done = new Promise<void>((resolve, reject) => inHand.set(id, { resolve, reject }));
        if (inHand.size === 1) worker.ref();
        // Copied to the thread (structured clone), outside either heap.
        worker.postMessage({ kind: 'insert', id, rows: jsonArray } satisfies WriterRequest);
        return done;
      },
    };
  }

  return {
    insert(jsonArray) {
      if (closed) return Promise.reject(new Error('The prediction log store is closed'));
      writer ??= startWriter();
      return writer.insert(jsonArray);
    },
    async close() {
      closed = true;
      const worker = writer?.worker;
      if (!worker) return;
      worker.ref();
      const exited = once(worker, 'exit');
      worker.postMessage({ kind: 'close' } satisfies WriterRequest);
      const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
