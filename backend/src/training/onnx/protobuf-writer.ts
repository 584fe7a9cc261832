/**
 * A minimal protobuf (proto3 wire format) writer: just what ONNX's messages need. Fields are
 * written in the order they are called, which protobuf allows; readers merge by field number.
 *
 * Wire types: 0 varint (ints, enums, bools), 1 fixed 64-bit (double), 2 length-delimited (strings,
 * bytes, nested messages, packed repeated numbers), 5 fixed 32-bit (float).
 */

export const WIRE_TYPES = Object.freeze({
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  fixed32: 5,
} as const);
export type WireType = (typeof WIRE_TYPES)[keyof typeof WIRE_TYPES];

const utf8 = new TextEncoder();

/** Grows by doubling, so that writing a large tree ensemble does not copy quadratically. */
export class ProtobufWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** The bytes written so far (a copy, so the writer can be reused). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  /**
   * An unsigned varint: 7 bits per byte, least significant first, high bit set on all but the last.
   * Negative int32/int64 values are written as their 64-bit two's complement (10 bytes), as
   * protobuf does for `int64` (ONNX uses no zigzag `sint` fields). BigInt keeps all 64 bits exact.
   */
  varint(value: number | bigint): this {
    let rest = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    while (rest >= 0x80n) {
      this.buffer[this.length++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buffer[this.length++] = Number(rest);
    return this;
  }

  tag(field: number, wireType: WireType): this {
    return this.varint(field * 8 + wireType);
  }

  bytes(data: Uint8Array): this {
    this.varint(data.length);
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  float32(value: number): this {
    this.reserve(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  float64(value: number): this {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  // Field helpers: a tag followed by the value.

  int64Field(field: number, value: number | bigint): this {
    return this.tag(field, WIRE_TYPES.varint).varint(value);
  }

  floatField(field: number, value: number): this {
    return this.tag(field, WIRE_TYPES.fixed32).float32(value);
  }

  stringField(field: number, value: string): this {
    return this.bytesField(field, utf8.encode(value));
  }

  bytesField(field: number, data: Uint8Array): this {
    return this.tag(field, WIRE_TYPES.lengthDelimited).bytes(data);
  }

  /** A nested message, encoded by `write` into its own writer so that its length is known first. */
  messageField(field: number, write: (writer: ProtobufWriter) => void): this {
    const nested = new ProtobufWriter();
    write(nested);
    return this.bytesField(field, nested.finish());
  }

  /** Packed repeated float: one length-delimited field holding 4 little-endian bytes per value. */
  packedFloatField(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    this.tag(field, WIRE_TYPES.lengthDelimited).varint(values.length * 4);
    for (let index = 0; index < values.length; index++) this.float32(values[index]!);
    return this;
  }

  /** Packed repeated int64: one length-delimited field holding the varints back to back. */
  packedInt64Field(field: number, values: ArrayLike<number | bigint>): this {
    if (values.length === 0) return this;
    const nested = new ProtobufWriter();
    for (let index = 0; index < values.length; index++) nested.varint(values[index]!);
    return this.bytesField(field, nested.finish());
  }
}
