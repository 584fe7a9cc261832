import { ProtobufWriter } from './protobuf-writer.ts';

/**
 * The subset of ONNX's protobuf messages (onnx/onnx.proto, onnx-ml.proto) that our exports need,
 * as plain objects, and their encoding. Field numbers are the spec's; a wrong one would make
 * onnxruntime reject or misread the file, which the parity tests would catch.
 */

export const MODEL_FIELDS = Object.freeze({ irVersion: 1, producerName: 2, producerVersion: 3, domain: 4, modelVersion: 5, docString: 6, graph: 7, opsetImport: 8, metadataProps: 14 } as const);
export const OPSET_ID_FIELDS = Object.freeze({ domain: 1, version: 2 } as const);
export const STRING_ENTRY_FIELDS = Object.freeze({ key: 1, value: 2 } as const);
export const GRAPH_FIELDS = Object.freeze({ node: 1, name: 2, initializer: 5, docString: 10, input: 11, output: 12 } as const);
export const NODE_FIELDS = Object.freeze({ input: 1, output: 2, name: 3, opType: 4, attribute: 5, docString: 6, domain: 7 } as const);
export const ATTRIBUTE_FIELDS = Object.freeze({ name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, strings: 9, type: 20 } as const);
export const TENSOR_FIELDS = Object.freeze({ dims: 1, dataType: 2, name: 8, rawData: 9 } as const);
export const VALUE_INFO_FIELDS = Object.freeze({ name: 1, type: 2 } as const);
export const TYPE_FIELDS = Object.freeze({ tensorType: 1 } as const);
export const TENSOR_TYPE_FIELDS = Object.freeze({ elemType: 1, shape: 2 } as const);
export const SHAPE_FIELDS = Object.freeze({ dim: 1 } as const);
export const DIMENSION_FIELDS = Object.freeze({ dimValue: 1, dimParam: 2 } as const);

/** AttributeProto.AttributeType. */
export const ATTRIBUTE_TYPES = Object.freeze({ float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const);

/** TensorProto.DataType, the element types we write (string only for graph inputs, never as initializer data). */
export const TENSOR_DATA_TYPES = Object.freeze({ float: 1, uint8: 2, int64: 7, string: 8, bool: 9, double: 11 } as const);
export type TensorDataType = (typeof TENSOR_DATA_TYPES)[keyof typeof TENSOR_DATA_TYPES];

/** Tensor contents are given as typed arrays whose type matches `dataType`, written as raw little-endian bytes. */
export interface OnnxTensor {
  name: string;
  dataType: TensorDataType;
  dims: readonly number[];
  data: Float32Array | Float64Array | BigInt64Array | Uint8Array;
}

export type OnnxAttributeValue =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: OnnxTensor }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'strings'; value: readonly string[] };

export interface OnnxAttribute {
  name: string;
  value: OnnxAttributeValue;
}

export interface OnnxNode {
  opType: string;
  /** '' (or absent) is the default domain `ai.onnx`. */
  domain?: string;
  name: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: readonly OnnxAttribute[];
}

/** A dimension is a fixed size or a symbolic name such as 'N' (any batch size). */
export interface OnnxValueInfo {
  name: string;
  elemType: TensorDataType;
  shape: readonly (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  docString?: string;
}

export interface OnnxModel {
  irVersion: number;
  opsetImports: readonly { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  modelVersion?: number;
  docString?: string;
  graph: OnnxGraph;
  metadata?: Readonly<Record<string, string>>;
}

export function encodeTensor(writer: ProtobufWriter, tensor: OnnxTensor): void {
  writer.packedInt64Field(TENSOR_FIELDS.dims, tensor.dims);
  writer.int64Field(TENSOR_FIELDS.dataType, tensor.dataType);
  writer.stringField(TENSOR_FIELDS.name, tensor.name);
  // raw_data is little-endian by the spec; typed arrays are in the platform's order, which is
  // little-endian everywhere Node runs (x64, arm64).
  writer.bytesField(TENSOR_FIELDS.rawData, new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
}

export function encodeAttribute(writer: ProtobufWriter, attribute: OnnxAttribute): void {
  writer.stringField(ATTRIBUTE_FIELDS.name, attribute.name);
  const { value } = attribute;
  switch (value.kind) {
    case 'float':
      writer.floatField(ATTRIBUTE_FIELDS.f, value.value);
      break;
    case 'int':
      writer.int64Field(ATTRIBUTE_FIELDS.i, value.value);
      break;
    case 'string':
      writer.stringField(ATTRIBUTE_FIELDS.s, value.value);
      break;
    case 'tensor':
      writer.messageField(ATTRIBUTE_FIELDS.t, (nested) => encodeTensor(nested, value.value));
      break;
    case 'floats':
      writer.packedFloatField(ATTRIBUTE_FIELDS.floats, value.value);
      break;
    case 'ints':
      writer.packedInt64Field(ATTRIBUTE_FIELDS.ints, value.value);
      break;
    case 'strings':
      for (const text of value.value) writer.stringField(ATTRIBUTE_FIELDS.strings, text);
      break;
  }
  writer.int64Field(ATTRIBUTE_FIELDS.type, ATTRIBUTE_TYPES[value.kind]);
}

export function encodeNode(writer: ProtobufWriter, node: OnnxNode): void {
  for (const input of node.inputs) writer.stringField(NODE_FIELDS.input, input);
  for (const output of node.outputs) writer.stringField(NODE_FIELDS.output, output);
  writer.stringField(NODE_FIELDS.name, node.name);
  writer.stringField(NODE_FIELDS.opType, node.opType);
  for (const attribute of node.attributes ?? []) writer.messageField(NODE_FIELDS.attribute, (nested) => encodeAttribute(nested, attribute));
  if (node.domain) writer.stringField(NODE_FIELDS.domain, node.domain);
}

export function encodeValueInfo(writer: ProtobufWriter, info: OnnxValueInfo): void {
  writer.stringField(VALUE_INFO_FIELDS.name, info.name);
  writer.messageField(VALUE_INFO_FIELDS.type, (type) =>
    type.messageField(TYPE_FIELDS.tensorType, (tensorType) => {
      tensorType.int64Field(TENSOR_TYPE_FIELDS.elemType, info.elemType);
      tensorType.messageField(TENSOR_TYPE_FIELDS.shape, (shape) => {
        for (const dim of info.shape) {
          shape.messageField(SHAPE_FIELDS.dim, (dimension) => {
            if (typeof dim === 'number') dimension.int64Field(DIMENSION_FIELDS.dimValue, dim);
            else dimension.stringField(DIMENSION_FIELDS.dimParam, dim);
          });
        }
      });
    }),
  );
}

export function encodeGraph(writer: ProtobufWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) writer.messageField(GRAPH_FIELDS.node, (nested) => encodeNode(nested, node));
  writer.stringField(GRAPH_FIELDS.name, graph.name);
  for (const tensor of graph.initializers) writer.messageField(GRAPH_FIELDS.initializer, (nested) => encodeTensor(nested, tensor));
  if (graph.docString) writer.stringField(GRAPH_FIELDS.docString, graph.docString);
  for (const input of graph.inputs) writer.messageField(GRAPH_FIELDS.input, (nested) => encodeValueInfo(nested, input));
  for (const output of graph.outputs) writer.messageField(GRAPH_FIELDS.output, (nested) => encodeValueInfo(nested, output));
}

/** The bytes of an .onnx file. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const writer = new ProtobufWriter();
  writer.int64Field(MODEL_FIELDS.irVersion, model.irVersion);
  writer.stringField(MODEL_FIELDS.producerName, model.producerName);
  writer.stringField(MODEL_FIELDS.producerVersion, model.producerVersion);
  if (model.modelVersion !== undefined) writer.int64Field(MODEL_FIELDS.modelVersion, model.modelVersion);
  if (model.docString) writer.stringField(MODEL_FIELDS.docString, model.docString);
  writer.messageField(MODEL_FIELDS.graph, (nested) => encodeGraph(nested, model.graph));
  for (const opset of model.opsetImports) {
    writer.messageField(MODEL_FIELDS.opsetImport, (nested) => {
      nested.stringField(OPSET_ID_FIELDS.domain, opset.domain);
      nested.int64Field(OPSET_ID_FIELDS.version, opset.version);
    });
  }
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    writer.messageField(MODEL_FIELDS.metadataProps, (nested) => nested.stringField(STRING_ENTRY_FIELDS.key, key).stringField(STRING_ENTRY_FIELDS.value, value));
  }
  return writer.finish();
}
