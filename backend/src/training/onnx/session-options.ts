import type * as ort from 'onnxruntime-node';

/**
 * The options of every ONNX Runtime session we open: served models (trained or uploaded) and an
 * upload's inspection. A run that fails (a trial batch, a record the model refuses) is reported in
 * our words to the caller, so the runtime should not also print it to stderr, past the logger
 * (severity 4: fatal only).
 *
 * onnxruntime-node runs a session synchronously on the event loop's thread (its `run` only defers
 * the call with setImmediate), which is why serving batches small requests together and scores
 * large ones in chunks with a yield between them.
 */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = Object.freeze({ logSeverityLevel: 4 });
