/**
 * A protobuf wire-format reader: splits a message into its fields, in the order they stand in the
 * bytes, without a schema. Nested messages are length-delimited fields whose bytes are read again
 * with `readFields`. Each field keeps its encoded bytes (key and value) so that a rewrite can copy
 * every field it does not change exactly as it was, unknown fields included.
 *
 * Wire types: 0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit. Groups (3, 4) are
 * deprecated and unused by ONNX, so they are refused like any other malformed input.
 */
export interface WireField {
  field: number;
  wireType: number;
  /** Varints as unsigned 64-bit bigint; fixed32/fixed64 and length-delimited values as their bytes. */
  value: bigint | Uint8Array;
  /** The field exactly as encoded: key, length if any, value. */
  encoded: Uint8Array;
}

/** The bytes are not a well-formed protobuf message. `truncated` when they end inside a field. */
export class ProtobufFormatError extends Error {
  readonly offset: number;
  readonly truncated: boolean;

  constructor(message: string, offset: number, truncated: boolean) {
    super(`${message} at byte ${offset}`);
    this.name = 'ProtobufFormatError';
    this.offset = offset;
    this.truncated = truncated;
  }
}

const MAX_VARINT_BYTES = 10;

export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (let count = 0; count < MAX_VARINT_BYTES; count++) {
      const byte = bytes[offset];
      if (byte === undefined) throw new ProtobufFormatError('truncated varint', offset, true);
      offset += 1;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new ProtobufFormatError('varint longer than 10 bytes', offset, false);
  };
  const take = (length: number): Uint8Array => {
    if (offset + length > bytes.length) throw new ProtobufFormatError(`field of ${length} bytes runs past the end`, offset, true);
    const slice = bytes.subarray(offset, offset + length);
    offset += length;
    return slice;
  };
  while (offset < bytes.length) {
    const start = offset;
    const key = varint();
    const wireType = Number(key & 7n);
    const field = Number(key >> 3n);
    if (field === 0 || field > 0x1fffffff) throw new ProtobufFormatError(`invalid field number ${field}`, start, false);
    let value: bigint | Uint8Array;
    if (wireType === 0) value = varint();
    else if (wireType === 1) value = take(8);
    else if (wireType === 5) value = take(4);
    else if (wireType === 2) {
      const length = varint();
      if (length > BigInt(bytes.length)) throw new ProtobufFormatError(`field of ${length} bytes runs past the end`, offset, true);
      value = take(Number(length));
    } else throw new ProtobufFormatError(`unsupported wire type ${wireType}`, start, false);
    fields.push({ field, wireType, value, encoded: bytes.subarray(start, offset) });
  }
  return fields;
}

const utf8 = new TextDecoder();

/** A length-delimited value as UTF-8 text (malformed sequences become U+FFFD). */
export const text = (value: WireField['value']): string => utf8.decode(value as Uint8Array);
export const fieldsOf = (fields: WireField[], field: number): WireField[] => fields.filter((entry) => entry.field === field);
