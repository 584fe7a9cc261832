import { encodeModel, TENSOR_DATA_TYPES, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxValueInfo } from '../../../training/onnx/onnx-proto.ts';
import { ProtobufWriter } from '../../../training/onnx/protobuf-writer.ts';
import { DIMENSION, GRAPH, MAP_TYPE, MODEL, SEQUENCE_TYPE, SHAPE, TENSOR_TYPE, TYPE, VALUE_INFO } from '../onnx-field-numbers.ts';
import { ProtobufMessage } from '../protobuf-message.ts';
import { messageField, patchMessage, patchNested } from '../protobuf-patch.ts';

/**
 * Small classifiers shaped like converters' output, written with our own encoder: the
 * third-party files' structure (LinearClassifier -> ZipMap, per-column inputs, a batch axis fixed
 * at 1) at a size whose probabilities are easy to compute by hand.
 */

const { float, int64 } = TENSOR_DATA_TYPES;

/** Two features, two classes: score_c = w_c . x + b_c, probabilities = softmax(scores). */
export const LINEAR = Object.freeze({ coefficients: [1, -1, 0.5, 2], intercepts: [0.25, -0.5] });

/** The softmax probabilities LINEAR gives for a row, computed in double. */
export function linearProbabilities(x: readonly number[], coefficients: readonly number[] = LINEAR.coefficients, intercepts: readonly number[] = LINEAR.intercepts): number[] {
  const features = x.length;
  const scores = intercepts.map((intercept, c) => intercept + x.reduce((sum, value, f) => sum + value * coefficients[c * features + f]!, 0));
  const top = Math.max(...scores);
  const exps = scores.map((score) => Math.exp(score - top));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

type Labels = { kind: 'ints'; value: number[] } | { kind: 'strings'; value: string[] };

function linearClassifier(input: string, labels: Labels, coefficients = LINEAR.coefficients, intercepts = LINEAR.intercepts): OnnxNode {
  const labelAttribute: OnnxAttribute = labels.kind === 'ints' ? { name: 'classlabels_ints', value: labels } : { name: 'classlabels_strings', value: labels };
  return {
    opType: 'LinearClassifier',
    domain: 'ai.onnx.ml',
    name: 'LinearClassifier',
    inputs: [input],
    outputs: ['label', 'probabilities'],
    attributes: [
      labelAttribute,
      { name: 'coefficients', value: { kind: 'floats', value: coefficients } },
      { name: 'intercepts', value: { kind: 'floats', value: intercepts } },
      { name: 'post_transform', value: { kind: 'string', value: 'SOFTMAX' } },
    ],
  };
}

function zipMap(labels: Labels): OnnxNode {
  const attribute: OnnxAttribute = labels.kind === 'ints' ? { name: 'classlabels_int64s', value: labels } : { name: 'classlabels_strings', value: labels };
  return { opType: 'ZipMap', domain: 'ai.onnx.ml', name: 'ZipMap', inputs: ['probabilities'], outputs: ['output_probability'], attributes: [attribute] };
}

function model(name: string, nodes: OnnxNode[], inputs: OnnxValueInfo[], outputs: OnnxValueInfo[], initializers: OnnxModel['graph']['initializers'] = []): OnnxModel {
  return {
    irVersion: 10,
    opsetImports: [
      { domain: '', version: 21 },
      { domain: 'ai.onnx.ml', version: 3 },
    ],
    producerName: 'scorebridge-test',
    producerVersion: '1',
    graph: { name, nodes, initializers, inputs, outputs },
    metadata: { purpose: 'test' },
  };
}

/**
 * X float [N, 2] -> LinearClassifier -> ZipMap, as skl2onnx writes a logistic regression; int64
 * labels 0, 1 or string labels. `probabilitiesToo` also declares the ZipMap's input an output.
 */
export function zipMapClassifier(labels: Labels = { kind: 'ints', value: [0, 1] }, probabilitiesToo = false): Uint8Array {
  const bytes = encodeModel(
    model(
      'linear_zipmap',
      [linearClassifier('X', labels), zipMap(labels)],
      [{ name: 'X', elemType: float, shape: ['N', 2] }],
      [
        { name: 'label', elemType: int64, shape: ['N'] },
        ...(probabilitiesToo ? [{ name: 'probabilities', elemType: float, shape: ['N', 2] }] : []),
        { name: 'output_probability', elemType: float, shape: ['N'] },
      ],
    ),
  );
  // Our encoder writes tensor types only, and no string element type: the outputs get the types a converter declares.
  return withOutputTypes(bytes, {
    label: labels.kind === 'ints' ? undefined : tensorType(STRING_ELEMENT, ['N']),
    output_probability: sequenceOfMapsType(labels.kind === 'ints' ? int64 : STRING_ELEMENT),
  });
}

/** Input [1, 2], outputs [1] and [1, 2]: exported from a one-row sample, runs any batch once the axis is free. */
export function fixedBatchClassifier(): Uint8Array {
  return encodeModel(
    model(
      'fixed_batch',
      [linearClassifier('X', { kind: 'ints', value: [0, 1] })],
      [{ name: 'X', elemType: float, shape: [1, 2] }],
      [
        { name: 'label', elemType: int64, shape: [1] },
        { name: 'probabilities', elemType: float, shape: [1, 2] },
      ],
    ),
  );
}

/** The same behind a Reshape to the constant [1, 2]: really one row at a time. (Another `rowShape` breaks it.) */
export function oneRowOnlyClassifier(rowShape: readonly bigint[] = [1n, 2n]): Uint8Array {
  return encodeModel(
    model(
      'one_row_only',
      [{ opType: 'Reshape', name: 'reshape', inputs: ['X', 'one_row'], outputs: ['row'] }, linearClassifier('row', { kind: 'ints', value: [0, 1] })],
      [{ name: 'X', elemType: float, shape: [1, 2] }],
      [{ name: 'probabilities', elemType: float, shape: [1, 2] }],
      [{ name: 'one_row', dataType: int64, dims: [rowShape.length], data: BigInt64Array.from(rowShape) }],
    ),
  );
}

/** Plan codes the per-column model's LabelEncoder gives each plan (others: -1). */
export const PLAN_CODES: Readonly<Record<string, number>> = Object.freeze({ basic: 0, pro: 1, enterprise: 2 });
/** Its LinearClassifier over [plan code, seats, spend], three classes. */
export const PER_COLUMN = Object.freeze({ coefficients: [0.5, 0.1, -0.01, -0.2, 0.05, 0.02, 0, -0.3, 0.001], intercepts: [0.1, 0, -0.1] });

/**
 * One input per record field, as a converted pipeline has them: plan (string [N, 1]) through a
 * LabelEncoder, seats (int64 [N, 1]) cast to float, spend (float [N, 1]); classes "churn",
 * "stay", "upgrade" behind a ZipMap with string labels.
 */
export function perColumnClassifier(): Uint8Array {
  const labels: Labels = { kind: 'strings', value: ['churn', 'stay', 'upgrade'] };
  const bytes = encodeModel(
    model(
      'per_column',
      [
        {
          opType: 'LabelEncoder',
          domain: 'ai.onnx.ml',
          name: 'plan_codes',
          inputs: ['plan'],
          outputs: ['plan_code'],
          attributes: [
            { name: 'keys_strings', value: { kind: 'strings', value: Object.keys(PLAN_CODES) } },
            { name: 'values_floats', value: { kind: 'floats', value: Object.values(PLAN_CODES) } },
            { name: 'default_float', value: { kind: 'float', value: -1 } },
          ],
        },
        { opType: 'Cast', name: 'seats_float', inputs: ['seats'], outputs: ['seats_f'], attributes: [{ name: 'to', value: { kind: 'int', value: float } }] },
        { opType: 'Concat', name: 'columns', inputs: ['plan_code', 'seats_f', 'spend'], outputs: ['features'], attributes: [{ name: 'axis', value: { kind: 'int', value: 1 } }] },
        linearClassifier('features', labels, PER_COLUMN.coefficients, PER_COLUMN.intercepts),
        zipMap(labels),
      ],
      [
        { name: 'plan', elemType: float, shape: ['N', 1] },
        { name: 'seats', elemType: int64, shape: ['N', 1] },
        { name: 'spend', elemType: float, shape: ['N', 1] },
      ],
      [{ name: 'output_probability', elemType: float, shape: ['N'] }],
    ),
  );
  return withInputTypes(withOutputTypes(bytes, { output_probability: sequenceOfMapsType(STRING_ELEMENT) }), { plan: tensorType(STRING_ELEMENT, ['N', 1]) });
}

/** A classifier with an extra output that is a sequence of tensors (SequenceConstruct), not a ZipMap. */
export function sequenceOutputClassifier(): Uint8Array {
  const bytes = encodeModel(
    model(
      'sequence_output',
      [linearClassifier('X', { kind: 'ints', value: [0, 1] }), { opType: 'SequenceConstruct', name: 'as_sequence', inputs: ['probabilities'], outputs: ['probability_list'] }],
      [{ name: 'X', elemType: float, shape: ['N', 2] }],
      [
        { name: 'probabilities', elemType: float, shape: ['N', 2] },
        { name: 'probability_list', elemType: float, shape: ['N'] },
      ],
    ),
  );
  const sequenceOfTensors = new ProtobufWriter().messageField(TYPE.sequenceType, (sequence) => sequence.bytesField(SEQUENCE_TYPE.elemType, tensorType(float, ['N', 2]))).finish();
  return withOutputTypes(bytes, { probability_list: sequenceOfTensors });
}

/** A graph onnxruntime cannot load: its classifier is an operator no domain has. */
export function unknownOperatorClassifier(): Uint8Array {
  const node = { ...linearClassifier('X', { kind: 'ints', value: [0, 1] }), opType: 'NoSuchClassifier' };
  return encodeModel(model('unknown_operator', [node], [{ name: 'X', elemType: float, shape: ['N', 2] }], [{ name: 'probabilities', elemType: float, shape: ['N', 2] }]));
}

/** A classifier whose only output is its label. */
export function labelOnlyClassifier(): Uint8Array {
  return encodeModel(model('label_only', [linearClassifier('X', { kind: 'ints', value: [0, 1] })], [{ name: 'X', elemType: float, shape: ['N', 2] }], [{ name: 'label', elemType: int64, shape: ['N'] }]));
}

/** TensorProto.DataType STRING, which the writer's TENSOR_DATA_TYPES leave out. */
const STRING_ELEMENT = 8;

/** An encoded TypeProto with a tensor_type. */
function tensorType(elemType: number, shape: readonly (number | string)[]): Uint8Array {
  const writer = new ProtobufWriter();
  writer.messageField(TYPE.tensorType, (tensor) => {
    tensor.int64Field(TENSOR_TYPE.elemType, elemType);
    tensor.messageField(TENSOR_TYPE.shape, (shapeWriter) => {
      for (const dim of shape) {
        shapeWriter.messageField(SHAPE.dim, (dimension) => (typeof dim === 'number' ? dimension.int64Field(DIMENSION.dimValue, dim) : dimension.stringField(DIMENSION.dimParam, dim)));
      }
    });
  });
  return writer.finish();
}

/** seq(map(key, tensor(float))): ZipMap's output type. */
function sequenceOfMapsType(keyType: number): Uint8Array {
  const floatTensor = new ProtobufWriter().messageField(TYPE.tensorType, (tensor) => tensor.int64Field(TENSOR_TYPE.elemType, float)).finish();
  return new ProtobufWriter()
    .messageField(TYPE.sequenceType, (sequence) =>
      sequence.messageField(SEQUENCE_TYPE.elemType, (element) => element.messageField(TYPE.mapType, (map) => map.int64Field(MAP_TYPE.keyType, keyType).bytesField(MAP_TYPE.valueType, floatTensor))),
    )
    .finish();
}

/** Replaces the TypeProto of the named graph outputs (or inputs) with encoded ones. */
function withValueTypes(bytes: Uint8Array, graphField: number, types: Record<string, Uint8Array | undefined>): Uint8Array {
  return patchNested(bytes, [MODEL.graph], (graph) =>
    patchMessage(graph, (field) => {
      if (field.field !== graphField) return undefined;
      const type = types[new ProtobufMessage(field.value as Uint8Array, 'value_info').string(VALUE_INFO.name)];
      if (type === undefined) return undefined;
      return messageField(graphField, patchMessage(field.value as Uint8Array, (inner) => (inner.field === VALUE_INFO.type ? messageField(VALUE_INFO.type, type) : undefined)));
    }),
  );
}

function withOutputTypes(bytes: Uint8Array, types: Record<string, Uint8Array | undefined>): Uint8Array {
  return withValueTypes(bytes, GRAPH.output, types);
}

function withInputTypes(bytes: Uint8Array, types: Record<string, Uint8Array | undefined>): Uint8Array {
  return withValueTypes(bytes, GRAPH.input, types);
}
