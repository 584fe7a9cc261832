import { parentPort, workerData } from 'node:worker_threads';
import { createDatabase } from '../db/client.ts';
import { insertFailure, insertPredictionLogs } from './prediction-logs.repo.ts';

/**
 * The thread of workerThreadStore (prediction-log-store.ts): it stores each batch it is sent with
 * insertPredictionLogs over a connection of its own, and answers with the batch's id, and the
 * database's message and SQLSTATE when the INSERT failed. `close` ends the connection and the thread.
 */
export type WriterRequest = { kind: 'insert'; id: number; rows: Uint8Array } | { kind: 'close' };
export interface WriterReply {
  id: number;
  error?: ReturnType<typeof insertFailure>;
}

if (parentPort) {
  const port = parentPort;
  const database = createDatabase({ url: (workerData as { url: string }).url, poolMax: 1 });
  port.on('message', (request: WriterRequest) => {
    if (request.kind === 'close') {
      void database.close().finally(() => port.close());
      return;
    }
    insertPredictionLogs(database.db, request.rows).then(
      () => port.postMessage({ id: request.id } satisfies WriterReply),
      (error: unknown) => port.postMessage({ id: request.id, error: insertFailure(error) } satisfies WriterReply),
    );
  });
}
