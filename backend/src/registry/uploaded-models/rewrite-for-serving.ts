import { encodeValueInfo, TENSOR_DATA_TYPES } from '../../training/onnx/onnx-proto.ts';
import { BATCH_DIMENSION_NAME, type FixedBatchAxis } from './batch-dimension.ts';
import type { DecodedOnnxModel } from './decoded-model.ts';
import { DIMENSION, GRAPH, MODEL, SHAPE, TENSOR_TYPE, TYPE, VALUE_INFO } from './onnx-field-numbers.ts';
import type { ZipMapRemoval } from './probability-output.ts';
import { encodedField, messageField, patchMessage, patchNested } from './protobuf-patch.ts';
import { quote } from './upload-rejected.ts';

export interface ServingChanges {
  zipMap: ZipMapRemoval | null;
  /** Made symbolic when given; null leaves every batch axis as the file declares it. */
  fixedBatch: FixedBatchAxis | null;
}

export interface ServingModel {
  /** The .onnx file to run: the upload's bytes, patched where `rewrites` says and nowhere else. */
  bytes: Uint8Array;
  /** What was changed, in words, for the inspection. */
  rewrites: string[];
}

/**
 * The uploaded file as onnxruntime-node serves it: the ZipMap dropped and the tensor it read
 * declared as a graph output, and a fixed batch axis of 1 made symbolic. The graph's other
 * fields (nodes, initializers, value_info, metadata, fields unknown to us) keep their bytes.
 */
export function rewriteForServing(model: DecodedOnnxModel, changes: ServingChanges): ServingModel {
  const { zipMap, fixedBatch } = changes;
  if (zipMap === null && fixedBatch === null) return { bytes: model.bytes, rewrites: [] };
  const { inputs, outputs } = model.graph;
  const freedInputs = new Set(fixedBatch?.inputs);
  const freedOutputs = new Set(fixedBatch?.outputs);

  const bytes = patchNested(model.bytes, [MODEL.graph], (graph) =>
    patchMessage(graph, (field, occurrence) => {
      const value = field.value as Uint8Array;
      if (field.field === GRAPH.node && occurrence === zipMap?.nodeIndex) return null;
      if (field.field === GRAPH.input && freedInputs.has(inputs[occurrence]!.name)) return messageField(GRAPH.input, freeBatchAxis(value));
      if (field.field !== GRAPH.output) return undefined;
      const name = outputs[occurrence]!.name;
      if (zipMap !== null && name === zipMap.output) return zipMap.alreadyAnOutput ? null : probabilityOutputField(zipMap);
      if (freedOutputs.has(name)) return messageField(GRAPH.output, freeBatchAxis(value));
      return undefined;
    }),
  );
  return { bytes, rewrites: [...(zipMap ? [describeZipMapRemoval(zipMap)] : []), ...(fixedBatch ? [describeFreedBatchAxis(fixedBatch)] : [])] };
}

/** ZipMap reads float [N, C] (its spec allows no other type), one column per label. */
function probabilityOutputField(zipMap: ZipMapRemoval): Uint8Array {
  const classes = zipMap.labels.length > 0 ? zipMap.labels.length : 'C';
  return encodedField((writer) =>
    writer.messageField(GRAPH.output, (info) => encodeValueInfo(info, { name: zipMap.probabilities, elemType: TENSOR_DATA_TYPES.float, shape: [BATCH_DIMENSION_NAME, classes] })),
  );
}

/** A ValueInfoProto whose tensor shape's first dimension becomes dim_param N (a dimension's denotation is kept). */
function freeBatchAxis(valueInfo: Uint8Array): Uint8Array {
  return patchNested(valueInfo, [VALUE_INFO.type, TYPE.tensorType, TENSOR_TYPE.shape], (shape) =>
    patchMessage(shape, (field, occurrence) => (field.field === SHAPE.dim && occurrence === 0 ? messageField(SHAPE.dim, symbolicDimension(field.value as Uint8Array)) : undefined)),
  );
}

function symbolicDimension(dimension: Uint8Array): Uint8Array {
  return patchMessage(dimension, (field) => (field.field === DIMENSION.dimValue || field.field === DIMENSION.dimParam ? null : undefined), [
    encodedField((writer) => writer.stringField(DIMENSION.dimParam, BATCH_DIMENSION_NAME)),
  ]);
}

function describeZipMapRemoval(zipMap: ZipMapRemoval): string {
  const served = zipMap.alreadyAnOutput
    ? `its input ${quote(zipMap.probabilities)} is an output already`
    : `its input ${quote(zipMap.probabilities)} (float [${BATCH_DIMENSION_NAME}, ${zipMap.labels.length}], classes ${zipMap.labels.join(', ')}) is served as an output instead`;
  return `Removed the ZipMap ${quote(zipMap.nodeName)} behind output ${quote(zipMap.output)} (a sequence of maps, which onnxruntime-node cannot return); ${served}.`;
}

function describeFreedBatchAxis(fixedBatch: FixedBatchAxis): string {
  const list = (kind: string, names: readonly string[]) => (names.length === 0 ? [] : [`${kind}${names.length > 1 ? 's' : ''} ${names.map(quote).join(', ')}`]);
  const where = [...list('input', fixedBatch.inputs), ...list('output', fixedBatch.outputs)].join(' and ');
  return `Made the batch axis symbolic (${quote(BATCH_DIMENSION_NAME)} instead of 1) on ${where}, so that any number of rows runs in one call.`;
}
