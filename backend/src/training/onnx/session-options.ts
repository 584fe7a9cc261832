import type * as ort from 'onnxruntime-node';

/**
 * The options of every ONNX Runtime session we open: served models (trained or uploaded) and an
 * upload's inspection.
 *
 * - A run that fails (a trial batch, a record the model refuses) is reported in our words to the
 *   caller, so the runtime should not also print it to stderr, past the logger (severity 4: fatal
 *   only).
 * - Its thread pools do not spin (decision 0030). By default a worker thread that finishes its part
 *   of a run busy-waits for the next one; a scikit-learn random forest scored a record at a time,
 *   once a millisecond, kept one thread at 100% of a core between runs (1,270-1,388 µs of CPU a
 *   run, against 157-196 µs without spinning). Large batches keep their threads: 10,000 records
 *   took 21-22 ms with two threads that sleep, 19-20 ms spinning, 30-33 ms on one thread.
 *
 * onnxruntime-node runs a session synchronously on the event loop's thread (its `run` only defers
 * the call with setImmediate), which is why serving batches small requests together and scores
 * large ones in chunks with a yield between them.
 */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = Object.freeze({
  logSeverityLevel: 4,
  // Session configuration entries (`session.intra_op.allow_spinning` and the inter-op one).
  extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
});
