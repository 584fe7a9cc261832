import { ProtobufFormatError, readFields, text, type WireField } from './protobuf-reader.ts';

const WIRE = Object.freeze({ varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const);

/**
 * Typed access to one decoded message's fields by number, as a schema-aware decoder needs it.
 * A field whose wire type does not fit its declared type is an error (`ProtobufFormatError`
 * naming `where`): that is how bytes that happen to parse as protobuf but are not this message
 * are told apart. Singular fields take the last occurrence, as protobuf parsers do; repeated
 * numeric fields are read both packed (proto3's and our writer's default) and unpacked (proto2's,
 * which onnx.proto is and skl2onnx writes).
 */
export class ProtobufMessage {
  readonly fields: WireField[];
  readonly where: string;

  constructor(bytes: Uint8Array, where: string) {
    this.fields = readFields(bytes);
    this.where = where;
  }

  has(field: number): boolean {
    return this.fields.some((entry) => entry.field === field);
  }

  private occurrences(field: number, wireTypes: readonly number[]): WireField[] {
    const found = this.fields.filter((entry) => entry.field === field);
    for (const entry of found) {
      if (!wireTypes.includes(entry.wireType)) throw new ProtobufFormatError(`${this.where}: field ${field} has wire type ${entry.wireType}`, 0, false);
    }
    return found;
  }

  private last(field: number, wireType: number): WireField | undefined {
    return this.occurrences(field, [wireType]).at(-1);
  }

  /** A signed 64-bit varint (int64, int32, enum), or `fallback` when absent. */
  int64(field: number, fallback = 0n): bigint {
    const entry = this.last(field, WIRE.varint);
    return entry ? BigInt.asIntN(64, entry.value as bigint) : fallback;
  }

  /** The same as a number; ONNX's counts, versions and enums are far below 2^53. */
  int(field: number, fallback = 0): number {
    return this.has(field) ? Number(this.int64(field)) : fallback;
  }

  float(field: number, fallback = 0): number {
    const entry = this.last(field, WIRE.fixed32);
    return entry ? dataView(entry.value as Uint8Array).getFloat32(0, true) : fallback;
  }

  bytes(field: number): Uint8Array | undefined {
    return this.last(field, WIRE.lengthDelimited)?.value as Uint8Array | undefined;
  }

  string(field: number, fallback = ''): string {
    const value = this.bytes(field);
    return value === undefined ? fallback : text(value);
  }

  strings(field: number): string[] {
    return this.occurrences(field, [WIRE.lengthDelimited]).map((entry) => text(entry.value));
  }

  allBytes(field: number): Uint8Array[] {
    return this.occurrences(field, [WIRE.lengthDelimited]).map((entry) => entry.value as Uint8Array);
  }

  message(field: number, where: string): ProtobufMessage | undefined {
    const value = this.bytes(field);
    return value === undefined ? undefined : new ProtobufMessage(value, `${this.where}.${where}`);
  }

  messages(field: number, where: string): ProtobufMessage[] {
    return this.allBytes(field).map((value, index) => new ProtobufMessage(value, `${this.where}.${where}[${index}]`));
  }

  /** Repeated int64: unpacked varints and packed runs, in order, as signed values. */
  int64s(field: number): bigint[] {
    const values: bigint[] = [];
    for (const entry of this.occurrences(field, [WIRE.varint, WIRE.lengthDelimited])) {
      if (entry.wireType === WIRE.varint) values.push(BigInt.asIntN(64, entry.value as bigint));
      else for (const packed of readPackedVarints(entry.value as Uint8Array, this.where)) values.push(BigInt.asIntN(64, packed));
    }
    return values;
  }

  /** Repeated float (4 bytes each). */
  floats(field: number): number[] {
    return this.fixedWidth(field, WIRE.fixed32, 4, (view, at) => view.getFloat32(at, true));
  }

  /** Repeated double (8 bytes each). */
  doubles(field: number): number[] {
    return this.fixedWidth(field, WIRE.fixed64, 8, (view, at) => view.getFloat64(at, true));
  }

  private fixedWidth(field: number, wireType: number, width: number, read: (view: DataView, at: number) => number): number[] {
    const values: number[] = [];
    for (const entry of this.occurrences(field, [wireType, WIRE.lengthDelimited])) {
      const bytes = entry.value as Uint8Array;
      if (bytes.length % width !== 0) throw new ProtobufFormatError(`${this.where}: packed field ${field} is not a whole number of ${width}-byte values`, 0, false);
      const view = dataView(bytes);
      for (let at = 0; at < bytes.length; at += width) values.push(read(view, at));
    }
    return values;
  }
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A packed run of varints is itself a sequence of varints with no keys. */
function readPackedVarints(bytes: Uint8Array, where: string): bigint[] {
  const values: bigint[] = [];
  let value = 0n;
  let shift = 0n;
  for (const byte of bytes) {
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) {
      values.push(BigInt.asUintN(64, value));
      value = 0n;
      shift = 0n;
    } else shift += 7n;
  }
  if (shift !== 0n) throw new ProtobufFormatError(`${where}: packed varints end inside a value`, bytes.length, true);
  return values;
}
