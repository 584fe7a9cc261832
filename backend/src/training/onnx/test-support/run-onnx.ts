import * as ort from 'onnxruntime-node';
import type { FeatureMatrix } from '../../../features/index.ts';

export interface OnnxScores {
  raw: Float32Array;
  probability: Float32Array;
}

/** Scores the matrix with onnxruntime-node, feeding it as the float32 [N, F] "features" input. */
export async function runOnnx(onnx: Uint8Array, matrix: FeatureMatrix): Promise<OnnxScores> {
  const session = await ort.InferenceSession.create(onnx);
  try {
    const featureCount = matrix.columns.length;
    const rowMajor = new Float32Array(matrix.rowCount * featureCount);
    matrix.columns.forEach((column, feature) => {
      for (let row = 0; row < matrix.rowCount; row++) rowMajor[row * featureCount + feature] = column[row]!;
    });
    const result = await session.run({ features: new ort.Tensor('float32', rowMajor, [matrix.rowCount, featureCount]) });
    return { raw: result['raw_score']!.data as Float32Array, probability: result['probability']!.data as Float32Array };
  } finally {
    await session.release();
  }
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
