import {
  ATTRIBUTE_FIELDS,
  DIMENSION_FIELDS,
  GRAPH_FIELDS,
  MODEL_FIELDS,
  NODE_FIELDS,
  OPSET_ID_FIELDS,
  SHAPE_FIELDS,
  STRING_ENTRY_FIELDS,
  TENSOR_FIELDS,
  TENSOR_TYPE_FIELDS,
  TYPE_FIELDS,
  VALUE_INFO_FIELDS,
} from '../../training/onnx/onnx-proto.ts';

/**
 * Field numbers of onnx.proto that reading third-party files needs: the writer's (shared, so the
 * two cannot disagree) plus the fields only other producers write.
 */
export const MODEL = Object.freeze({ ...MODEL_FIELDS });
export const OPSET_ID = Object.freeze({ ...OPSET_ID_FIELDS });
export const STRING_ENTRY = Object.freeze({ ...STRING_ENTRY_FIELDS });
export const GRAPH = Object.freeze({ ...GRAPH_FIELDS, valueInfo: 13 });
export const NODE = Object.freeze({ ...NODE_FIELDS });
export const ATTRIBUTE = Object.freeze({ ...ATTRIBUTE_FIELDS, tensors: 10 });
export const TENSOR = Object.freeze({ ...TENSOR_FIELDS, floatData: 4, int32Data: 5, stringData: 6, int64Data: 7, doubleData: 10, dataLocation: 14 });
export const VALUE_INFO = Object.freeze({ ...VALUE_INFO_FIELDS });
export const TYPE = Object.freeze({ ...TYPE_FIELDS, sequenceType: 4, mapType: 5, opaqueType: 7, sparseTensorType: 8, optionalType: 9 });
export const TENSOR_TYPE = Object.freeze({ ...TENSOR_TYPE_FIELDS });
/** TypeProto.Sequence and TypeProto.Optional: elem_type. TypeProto.Map: key_type, value_type. */
export const SEQUENCE_TYPE = Object.freeze({ elemType: 1 } as const);
export const MAP_TYPE = Object.freeze({ keyType: 1, valueType: 2 } as const);
export const SHAPE = Object.freeze({ ...SHAPE_FIELDS });
export const DIMENSION = Object.freeze({ ...DIMENSION_FIELDS });

/** AttributeProto.AttributeType, all of them. */
export const ATTRIBUTE_TYPE = Object.freeze({
  float: 1,
  int: 2,
  string: 3,
  tensor: 4,
  graph: 5,
  floats: 6,
  ints: 7,
  strings: 8,
  tensors: 9,
  graphs: 10,
  sparseTensor: 11,
  sparseTensors: 12,
  typeProto: 13,
  typeProtos: 14,
} as const);

/** TensorProto.DataType names, as ONNX and onnxruntime spell them in `tensor(float)`. */
export const ELEMENT_TYPE_NAMES: Readonly<Record<number, string>> = Object.freeze({
  1: 'float',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'double',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
});

export const ELEMENT_TYPE = Object.freeze({ float: 1, uint8: 2, int8: 3, int32: 6, int64: 7, string: 8, bool: 9, double: 11 } as const);

export function elementTypeName(elemType: number): string {
  return ELEMENT_TYPE_NAMES[elemType] ?? `element type ${elemType}`;
}

/** TensorProto.DataLocation: EXTERNAL means the values live in another file. */
export const DATA_LOCATION_EXTERNAL = 1;
