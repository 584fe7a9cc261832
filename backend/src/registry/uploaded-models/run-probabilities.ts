import type * as ort from 'onnxruntime-node';

/** Row r's probability of class c is `values[r * classes + c]`. */
export interface ProbabilityMatrix {
  rows: number;
  classes: number;
  values: Float32Array | Float64Array;
}

/**
 * Runs the session on the feeds, fetching only the probability output (so no other output is
 * computed, nor has to be a type onnxruntime-node can return), and checks it is a float or double
 * [rows, C] tensor. Throws with onnxruntime's message, or with what the output looked like.
 */
export async function runProbabilities(session: ort.InferenceSession, probabilityOutput: string, feeds: Record<string, ort.Tensor>, rows: number): Promise<ProbabilityMatrix> {
  const result = await session.run(feeds, [probabilityOutput]);
  const output = result[probabilityOutput];
  if (output === undefined) throw new Error(`the model returned no output ${JSON.stringify(probabilityOutput)}`);
  const { data, dims, type } = output;
  if (!(data instanceof Float32Array || data instanceof Float64Array)) throw new Error(`the output ${JSON.stringify(probabilityOutput)} is ${type}, not float or double`);
  if (dims.length !== 2 || dims[0] !== rows) throw new Error(`the output ${JSON.stringify(probabilityOutput)} has shape [${dims.join(', ')}] for ${rows} row${rows === 1 ? '' : 's'}, not [${rows}, classes]`);
  return { rows, classes: dims[1]!, values: data };
}
