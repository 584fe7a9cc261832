import type * as ort from 'onnxruntime-node';

/**
 * ONNX Runtime sessions of served models. A failed run is reported in our words, so the runtime
 * does not print it too (severity 4: fatal only). onnxruntime-node runs a session synchronously on
 * the event loop's thread (its `run` only defers the call with setImmediate), which is why small
 * requests are batched together and large ones are scored in chunks with a yield between them.
 */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = Object.freeze({ logSeverityLevel: 4 });
