import type {
  DecodedAttribute,
  DecodedAttributeValue,
  DecodedGraph,
  DecodedNode,
  DecodedOnnxModel,
  DecodedTensor,
  DecodedType,
  DecodedValueInfo,
  Dimension,
} from './decoded-model.ts';
import {
  ATTRIBUTE,
  ATTRIBUTE_TYPE,
  DATA_LOCATION_EXTERNAL,
  DIMENSION,
  ELEMENT_TYPE,
  GRAPH,
  MAP_TYPE,
  MODEL,
  NODE,
  OPSET_ID,
  SEQUENCE_TYPE,
  SHAPE,
  STRING_ENTRY,
  TENSOR,
  TENSOR_TYPE,
  TYPE,
  VALUE_INFO,
} from './onnx-field-numbers.ts';
import { ProtobufMessage } from './protobuf-message.ts';
import { ProtobufFormatError } from './protobuf-reader.ts';
import { uploadRejected } from './upload-rejected.ts';

const EXPORT_ADVICE = 'Upload the .onnx file your converter wrote (skl2onnx, onnxmltools, tf2onnx, torch.onnx.export), unchanged.';

/**
 * Reads an ONNX ModelProto (onnx.proto, IR version 3 or later) from a file's bytes. Anything that
 * is not one, or is cut short, is a 422 that says so; nothing here runs the model.
 */
export function decodeOnnxModel(bytes: Uint8Array): DecodedOnnxModel {
  if (bytes.length === 0) throw uploadRejected({ field: 'file', message: `The file is empty, not an ONNX model. ${EXPORT_ADVICE}` });
  let model: DecodedOnnxModel;
  try {
    model = decodeModelMessage(new ProtobufMessage(bytes, 'ModelProto'), bytes);
  } catch (error) {
    if (!(error instanceof ProtobufFormatError)) throw error;
    throw uploadRejected({
      field: 'file',
      message:
        error.truncated && startsLikeAModel(bytes)
        ? `The ONNX file is incomplete: it ends in the middle of a field (${error.message}). Upload the whole file again.`
        : `The file is not an ONNX model: its bytes are not an ONNX ModelProto (${error.message}). ${EXPORT_ADVICE}`,
    });
  }
  return model;
}

/**
 * Every converter writes ir_version (field 1, a varint) first, so a file that starts so and ends
 * inside a field is a cut-short model; any other bytes that end inside a "field" are just not
 * protobuf (a PNG's header reads as a field running past the end).
 */
function startsLikeAModel(bytes: Uint8Array): boolean {
  return bytes[0] === MODEL.irVersion << 3;
}

function decodeModelMessage(message: ProtobufMessage, bytes: Uint8Array): DecodedOnnxModel {
  const graph = message.message(MODEL.graph, 'graph');
  if (graph === undefined) {
    throw uploadRejected({ field: 'file', message: `The file is not a whole ONNX model: it has no graph. If it was cut short, upload the whole file again; otherwise: ${EXPORT_ADVICE}` });
  }
  if (!message.has(MODEL.irVersion)) throw uploadRejected({ field: 'file', message: `The file is not an ONNX model: it has no IR version. ${EXPORT_ADVICE}` });
  const metadata: Record<string, string> = {};
  for (const entry of message.messages(MODEL.metadataProps, 'metadata_props')) metadata[entry.string(STRING_ENTRY.key)] = entry.string(STRING_ENTRY.value);
  return {
    irVersion: message.int(MODEL.irVersion),
    producerName: message.string(MODEL.producerName),
    producerVersion: message.string(MODEL.producerVersion),
    domain: message.string(MODEL.domain),
    modelVersion: message.int(MODEL.modelVersion),
    docString: message.string(MODEL.docString),
    opsetImports: message.messages(MODEL.opsetImport, 'opset_import').map((opset) => ({ domain: opset.string(OPSET_ID.domain), version: opset.int(OPSET_ID.version) })),
    metadata,
    graph: decodeGraph(graph),
    bytes,
  };
}

function decodeGraph(graph: ProtobufMessage): DecodedGraph {
  return {
    name: graph.string(GRAPH.name),
    nodes: graph.messages(GRAPH.node, 'node').map(decodeNode),
    initializers: graph.messages(GRAPH.initializer, 'initializer').map((tensor) => decodeTensor(tensor, false)),
    inputs: graph.messages(GRAPH.input, 'input').map(decodeValueInfo),
    outputs: graph.messages(GRAPH.output, 'output').map(decodeValueInfo),
    valueInfo: graph.messages(GRAPH.valueInfo, 'value_info').map(decodeValueInfo),
  };
}

function decodeNode(node: ProtobufMessage): DecodedNode {
  return {
    name: node.string(NODE.name),
    opType: node.string(NODE.opType),
    domain: node.string(NODE.domain),
    inputs: node.strings(NODE.input),
    outputs: node.strings(NODE.output),
    attributes: node.messages(NODE.attribute, 'attribute').map(decodeAttribute),
  };
}

function decodeAttribute(attribute: ProtobufMessage): DecodedAttribute {
  return { name: attribute.string(ATTRIBUTE.name), value: decodeAttributeValue(attribute, attribute.int(ATTRIBUTE.type, inferAttributeType(attribute))) };
}

function decodeAttributeValue(attribute: ProtobufMessage, type: number): DecodedAttributeValue {
  switch (type) {
    case ATTRIBUTE_TYPE.float:
      return { kind: 'float', value: attribute.float(ATTRIBUTE.f) };
    case ATTRIBUTE_TYPE.int:
      return { kind: 'int', value: attribute.int64(ATTRIBUTE.i) };
    case ATTRIBUTE_TYPE.string:
      return { kind: 'string', value: attribute.string(ATTRIBUTE.s) };
    case ATTRIBUTE_TYPE.tensor: {
      const tensor = attribute.message(ATTRIBUTE.t, 't');
      return tensor ? { kind: 'tensor', value: decodeTensor(tensor, true) } : { kind: 'other', type };
    }
    case ATTRIBUTE_TYPE.floats:
      return { kind: 'floats', value: attribute.floats(ATTRIBUTE.floats) };
    case ATTRIBUTE_TYPE.ints:
      return { kind: 'ints', value: attribute.int64s(ATTRIBUTE.ints) };
    case ATTRIBUTE_TYPE.strings:
      return { kind: 'strings', value: attribute.strings(ATTRIBUTE.strings) };
    case ATTRIBUTE_TYPE.tensors:
      return { kind: 'tensors', value: attribute.messages(ATTRIBUTE.tensors, 'tensors').map((tensor) => decodeTensor(tensor, true)) };
    default:
      return { kind: 'other', type };
  }
}

/** IR versions before 0.0.2 had no `type`; the field that is present says it. */
function inferAttributeType(attribute: ProtobufMessage): number {
  const byField: [number, number][] = [
    [ATTRIBUTE.f, ATTRIBUTE_TYPE.float],
    [ATTRIBUTE.i, ATTRIBUTE_TYPE.int],
    [ATTRIBUTE.s, ATTRIBUTE_TYPE.string],
    [ATTRIBUTE.t, ATTRIBUTE_TYPE.tensor],
    [ATTRIBUTE.floats, ATTRIBUTE_TYPE.floats],
    [ATTRIBUTE.ints, ATTRIBUTE_TYPE.ints],
    [ATTRIBUTE.strings, ATTRIBUTE_TYPE.strings],
    [ATTRIBUTE.tensors, ATTRIBUTE_TYPE.tensors],
  ];
  return byField.find(([field]) => attribute.has(field))?.[1] ?? 0;
}

function decodeTensor(tensor: ProtobufMessage, withValues: boolean): DecodedTensor {
  const dataType = tensor.int(TENSOR.dataType);
  const external = tensor.int(TENSOR.dataLocation) === DATA_LOCATION_EXTERNAL;
  return {
    name: tensor.string(TENSOR.name),
    dataType,
    dims: tensor.int64s(TENSOR.dims).map(Number),
    external,
    values: withValues && !external ? tensorValues(tensor, dataType) : null,
  };
}

/** The values of the common element types, from `raw_data` (little-endian) or the typed field. */
function tensorValues(tensor: ProtobufMessage, dataType: number): number[] | bigint[] | string[] | null {
  const raw = tensor.bytes(TENSOR.rawData);
  // A copy, so that typed arrays over it are aligned.
  const rawBuffer = raw?.slice().buffer;
  switch (dataType) {
    case ELEMENT_TYPE.float:
      return rawBuffer ? [...new Float32Array(rawBuffer)] : tensor.floats(TENSOR.floatData);
    case ELEMENT_TYPE.double:
      return rawBuffer ? [...new Float64Array(rawBuffer)] : tensor.doubles(TENSOR.doubleData);
    case ELEMENT_TYPE.int64:
      return rawBuffer ? [...new BigInt64Array(rawBuffer)] : tensor.int64s(TENSOR.int64Data);
    case ELEMENT_TYPE.int32:
      return rawBuffer ? [...new Int32Array(rawBuffer)] : tensor.int64s(TENSOR.int32Data).map(Number);
    case ELEMENT_TYPE.int8:
      return rawBuffer ? [...new Int8Array(rawBuffer)] : tensor.int64s(TENSOR.int32Data).map(Number);
    case ELEMENT_TYPE.uint8:
    case ELEMENT_TYPE.bool:
      return rawBuffer ? [...new Uint8Array(rawBuffer)] : tensor.int64s(TENSOR.int32Data).map(Number);
    case ELEMENT_TYPE.string:
      return tensor.strings(TENSOR.stringData);
    default:
      return null;
  }
}

function decodeValueInfo(info: ProtobufMessage): DecodedValueInfo {
  const type = info.message(VALUE_INFO.type, 'type');
  return { name: info.string(VALUE_INFO.name), type: type ? decodeType(type) : null };
}

function decodeType(type: ProtobufMessage): DecodedType {
  const tensor = type.message(TYPE.tensorType, 'tensor_type');
  if (tensor) {
    const shape = tensor.message(TENSOR_TYPE.shape, 'shape');
    return { kind: 'tensor', elemType: tensor.int(TENSOR_TYPE.elemType), shape: shape ? shape.messages(SHAPE.dim, 'dim').map(decodeDimension) : null };
  }
  const elementOf = (container: ProtobufMessage | undefined, field: number): DecodedType | null => {
    const nested = container?.message(field, 'elem_type');
    return nested ? decodeType(nested) : null;
  };
  const sequence = type.message(TYPE.sequenceType, 'sequence_type');
  if (sequence) return { kind: 'sequence', elemType: elementOf(sequence, SEQUENCE_TYPE.elemType) };
  const map = type.message(TYPE.mapType, 'map_type');
  if (map) return { kind: 'map', keyType: map.int(MAP_TYPE.keyType), valueType: elementOf(map, MAP_TYPE.valueType) };
  const optional = type.message(TYPE.optionalType, 'optional_type');
  if (optional) return { kind: 'optional', elemType: elementOf(optional, SEQUENCE_TYPE.elemType) };
  if (type.has(TYPE.sparseTensorType)) return { kind: 'sparse_tensor' };
  if (type.has(TYPE.opaqueType)) return { kind: 'opaque' };
  return { kind: 'unknown' };
}

function decodeDimension(dimension: ProtobufMessage): Dimension {
  if (dimension.has(DIMENSION.dimValue)) return dimension.int(DIMENSION.dimValue);
  const param = dimension.string(DIMENSION.dimParam);
  return param === '' ? null : param;
}
