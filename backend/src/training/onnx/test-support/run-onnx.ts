import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import type { FeatureMatrix } from '../../../features/index.ts';
import type { OnnxFeed } from '../raw-field-feeds.ts';

export interface OnnxScores {
  raw: Float32Array;
  probability: Float32Array;
}

/** Runs the model on the given tensors and returns its two outputs. */
export async function runOnnxTensors(onnx: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<OnnxScores> {
  const session = await ort.InferenceSession.create(onnx);
  try {
    const result = await session.run(feeds);
    return { raw: result['raw_score']!.data as Float32Array, probability: result['probability']!.data as Float32Array };
  } finally {
    await session.release();
  }
}

/** Scores the matrix with onnxruntime-node, feeding it as the float32 [N, F] "features" input. */
export async function runOnnx(onnx: Uint8Array, matrix: FeatureMatrix): Promise<OnnxScores> {
  const featureCount = matrix.columns.length;
  const rowMajor = new Float32Array(matrix.rowCount * featureCount);
  matrix.columns.forEach((column, feature) => {
    for (let row = 0; row < matrix.rowCount; row++) rowMajor[row * featureCount + feature] = column[row]!;
  });
  return runOnnxTensors(onnx, { features: new ort.Tensor('float32', rowMajor, [matrix.rowCount, featureCount]) });
}

/** Scores a raw-field model on the feeds `createRawFieldFeedBuilder` made. */
export async function runOnnxFeeds(onnx: Uint8Array, feeds: Readonly<Record<string, OnnxFeed>>): Promise<OnnxScores> {
  const tensors = Object.fromEntries(Object.entries(feeds).map(([name, feed]) => [name, new ort.Tensor(feed.type, feed.data, [...feed.dims])]));
  return runOnnxTensors(onnx, tensors);
}

/** The largest absolute difference and the row where it is, for a readable failure. */
export function largestDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): { row: number; difference: number } {
  let worst = { row: -1, difference: 0 };
  for (let row = 0; row < expected.length; row++) {
    const difference = Math.abs(actual[row]! - expected[row]!);
    if (!(difference <= worst.difference)) worst = { row, difference };
  }
  return worst;
}

/** The parity the exports promise: both outputs within `tolerance` of the TypeScript scores on every row. */
export function assertScoresMatch(actual: OnnxScores, expected: { raw: ArrayLike<number>; probability: ArrayLike<number> }, tolerance: number): void {
  assert.equal(actual.raw.length, expected.raw.length);
  for (const output of ['raw', 'probability'] as const) {
    const worst = largestDifference(actual[output], expected[output]);
    const name = output === 'raw' ? 'raw_score' : 'probability';
    assert.ok(worst.difference <= tolerance, `${name} differs by ${worst.difference} on row ${worst.row}: ${actual[output][worst.row]} vs ${expected[output][worst.row]}`);
  }
}
