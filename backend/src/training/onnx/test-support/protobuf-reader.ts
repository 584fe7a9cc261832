/**
 * A protobuf wire-format reader for tests only: splits a message into its fields, so that encoded
 * messages can be read back and compared without trusting the writer's own code.
 */
export interface WireField {
  field: number;
  wireType: number;
  /** Varints as bigint; fixed32/fixed64 and length-delimited values as their bytes. */
  value: bigint | Uint8Array;
}

export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[offset++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
      shift += 7n;
    }
  };
  const take = (length: number): Uint8Array => {
    if (offset + length > bytes.length) throw new Error('truncated field');
    const slice = bytes.subarray(offset, offset + length);
    offset += length;
    return slice;
  };
  while (offset < bytes.length) {
    const key = Number(varint());
    const wireType = key & 7;
    const field = key >>> 3;
    if (wireType === 0) fields.push({ field, wireType, value: varint() });
    else if (wireType === 1) fields.push({ field, wireType, value: take(8) });
    else if (wireType === 5) fields.push({ field, wireType, value: take(4) });
    else if (wireType === 2) fields.push({ field, wireType, value: take(Number(varint())) });
    else throw new Error(`unsupported wire type ${wireType}`);
  }
  return fields;
}

export const text = (value: WireField['value']): string => new TextDecoder().decode(value as Uint8Array);
export const fieldsOf = (fields: WireField[], field: number): WireField[] => fields.filter((entry) => entry.field === field);
