import { elementTypeName } from './onnx-field-numbers.ts';

/**
 * An ONNX ModelProto as read from a third-party file: what inspecting and rewriting it needs, as
 * plain objects. The file's bytes travel with it, so a rewrite patches those bytes and keeps every
 * field it does not change (including fields this decoder does not know).
 */

/** A fixed size, a symbolic name ('N', 'batch_size'), or null for a dimension with neither (skl2onnx's None). */
export type Dimension = number | string | null;

export type DecodedType =
  /** `shape` null: the rank is unknown. */
  | { kind: 'tensor'; elemType: number; shape: Dimension[] | null }
  | { kind: 'sequence'; elemType: DecodedType | null }
  | { kind: 'map'; keyType: number; valueType: DecodedType | null }
  | { kind: 'optional'; elemType: DecodedType | null }
  | { kind: 'sparse_tensor' | 'opaque' | 'unknown' };

export interface DecodedValueInfo {
  name: string;
  /** null when the file declares no type. */
  type: DecodedType | null;
}

export interface DecodedTensor {
  name: string;
  dataType: number;
  dims: number[];
  /** The values live in a file beside the model (TensorProto.data_location EXTERNAL). */
  external: boolean;
  /**
   * Decoded for tensor attributes only (initializers can be megabytes): numbers for float,
   * double and the small integer types, bigint for int64, text for string; null when not decoded
   * or of another type.
   */
  values: number[] | bigint[] | string[] | null;
}

export type DecodedAttributeValue =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: bigint }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: DecodedTensor }
  | { kind: 'floats'; value: number[] }
  | { kind: 'ints'; value: bigint[] }
  | { kind: 'strings'; value: string[] }
  | { kind: 'tensors'; value: DecodedTensor[] }
  /** Graphs, sparse tensors, type protos: kept in the bytes, not decoded. */
  | { kind: 'other'; type: number };

export interface DecodedAttribute {
  name: string;
  value: DecodedAttributeValue;
}

export interface DecodedNode {
  name: string;
  opType: string;
  /** '' is the default domain `ai.onnx`. */
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: DecodedAttribute[];
}

export interface DecodedGraph {
  name: string;
  nodes: DecodedNode[];
  initializers: DecodedTensor[];
  /** As declared; older files also list initializers here. */
  inputs: DecodedValueInfo[];
  outputs: DecodedValueInfo[];
  valueInfo: DecodedValueInfo[];
}

export interface OpsetImport {
  domain: string;
  version: number;
}

export interface DecodedOnnxModel {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  opsetImports: OpsetImport[];
  metadata: Record<string, string>;
  graph: DecodedGraph;
  /** The file the model was decoded from. */
  bytes: Uint8Array;
}

/** The inputs a caller feeds: declared inputs that are not also initializers (which have defaults). */
export function feedInputs(graph: DecodedGraph): DecodedValueInfo[] {
  const initialized = new Set(graph.initializers.map((tensor) => tensor.name));
  return graph.inputs.filter((input) => !initialized.has(input.name));
}

export function attributeOf(node: DecodedNode, name: string): DecodedAttributeValue | undefined {
  return node.attributes.find((attribute) => attribute.name === name)?.value;
}

/** `float [N, 3]`, `string [?, 1]`, `sequence of map(int64, float)`: for messages. */
export function describeType(type: DecodedType | null): string {
  if (type === null) return 'no declared type';
  switch (type.kind) {
    case 'tensor':
      return `${elementTypeName(type.elemType)} ${type.shape === null ? '[unknown shape]' : describeShape(type.shape)}`;
    case 'sequence':
      return `sequence of ${describeType(type.elemType)}`;
    case 'map':
      return `map(${elementTypeName(type.keyType)}, ${describeType(type.valueType)})`;
    case 'optional':
      return `optional ${describeType(type.elemType)}`;
    default:
      return type.kind.replace('_', ' ');
  }
}

export function describeShape(shape: readonly Dimension[]): string {
  return `[${shape.map((dim) => (dim === null ? '?' : String(dim))).join(', ')}]`;
}
