import { feedInputs, type DecodedOnnxModel, type DecodedValueInfo, type Dimension } from './decoded-model.ts';

/**
 * Models exported with a sample input of one row often declare the batch axis as 1: [1, 4] in,
 * [1, 3] out. onnxruntime then refuses any other number of rows. When every input's first axis is
 * 1 or already free, that axis is taken for the batch and made symbolic on the inputs and outputs
 * that have it as 1. Whether the graph really accepts other batch sizes (a Reshape to a constant
 * [1, 4] does not) is for a test run to show; see `inspectUploadedModel`.
 */
export interface FixedBatchAxis {
  inputs: string[];
  outputs: string[];
}

/** The symbolic name given to a batch axis that was fixed. */
export const BATCH_DIMENSION_NAME = 'N';

export function findFixedBatchAxis(model: DecodedOnnxModel): FixedBatchAxis | null {
  const inputs = feedInputs(model.graph);
  const firstDims = inputs.map(firstDimension);
  const anyOne = firstDims.some((dim) => dim === 1);
  const noOtherFixedSize = firstDims.every((dim) => dim === 1 || typeof dim !== 'number');
  if (!anyOne || !noOtherFixedSize) return null;
  return {
    inputs: inputs.filter((input) => firstDimension(input) === 1).map((input) => input.name),
    outputs: model.graph.outputs.filter((output) => firstDimension(output) === 1).map((output) => output.name),
  };
}

/** The first axis of a tensor with a known shape of rank 1 or more; undefined otherwise. */
function firstDimension(info: DecodedValueInfo): Dimension | undefined {
  return info.type?.kind === 'tensor' && info.type.shape !== null ? info.type.shape[0] : undefined;
}
