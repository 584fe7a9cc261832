import assert from 'node:assert/strict';
import { ProtobufWriter } from './protobuf-writer.ts';
import { readFields } from '../../registry/uploaded-models/protobuf-reader.ts';

const bytesOf = (write: (writer: ProtobufWriter) => void): number[] => {
  const writer = new ProtobufWriter();
  write(writer);
  return [...writer.finish()];
};

describe('protobuf writer', () => {
  it('writes varints 7 bits at a time, least significant first', () => {
    assert.deepEqual(bytesOf((w) => w.varint(0)), [0x00]);
    assert.deepEqual(bytesOf((w) => w.varint(1)), [0x01]);
    assert.deepEqual(bytesOf((w) => w.varint(127)), [0x7f]);
    assert.deepEqual(bytesOf((w) => w.varint(128)), [0x80, 0x01]);
    assert.deepEqual(bytesOf((w) => w.varint(300)), [0xac, 0x02]);
    assert.deepEqual(bytesOf((w) => w.varint(2 ** 32)), [0x80, 0x80, 0x80, 0x80, 0x10]);
    assert.deepEqual(bytesOf((w) => w.varint(2n ** 63n)), [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
  });

  it('writes a negative int64 as its 64-bit two\'s complement in ten bytes (no zigzag)', () => {
    assert.deepEqual(bytesOf((w) => w.varint(-1)), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    assert.deepEqual(bytesOf((w) => w.varint(-2)), [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('writes a varint field as tag (field << 3 | 0) then the value', () => {
    // The protobuf documentation's example: field 1 = 150.
    assert.deepEqual(bytesOf((w) => w.int64Field(1, 150)), [0x08, 0x96, 0x01]);
    // Field 20 (AttributeProto.type) needs a two-byte tag.
    assert.deepEqual(bytesOf((w) => w.int64Field(20, 2)), [0xa0, 0x01, 0x02]);
  });

  it('writes strings and nested messages length-delimited', () => {
    assert.deepEqual(bytesOf((w) => w.stringField(2, 'testing')), [0x12, 0x07, ...Buffer.from('testing')]);
    assert.deepEqual(bytesOf((w) => w.stringField(1, 'é')), [0x0a, 0x02, 0xc3, 0xa9]);
    assert.deepEqual(bytesOf((w) => w.stringField(3, '')), [0x1a, 0x00]);
    assert.deepEqual(bytesOf((w) => w.messageField(3, (nested) => nested.int64Field(1, 150))), [0x1a, 0x03, 0x08, 0x96, 0x01]);
  });

  it('writes a float field as fixed32 little-endian', () => {
    assert.deepEqual(bytesOf((w) => w.floatField(2, 0.5)), [0x15, 0x00, 0x00, 0x00, 0x3f]);
  });

  it('packs repeated floats and int64s into one length-delimited field, and writes nothing for none', () => {
    assert.deepEqual(bytesOf((w) => w.packedFloatField(7, [1, -2])), [0x3a, 0x08, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
    // The protobuf documentation's packed example: field 4 = [3, 270, 86942].
    assert.deepEqual(bytesOf((w) => w.packedInt64Field(4, [3, 270, 86942])), [0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05]);
    assert.deepEqual(bytesOf((w) => w.packedFloatField(7, [])), []);
    assert.deepEqual(bytesOf((w) => w.packedInt64Field(8, [])), []);
  });

  it('grows past its first buffer and reads back field by field', () => {
    const long = 'x'.repeat(1000);
    const writer = new ProtobufWriter().int64Field(1, 7).stringField(2, long).float64(0.25);
    const bytes = writer.finish();
    assert.equal(bytes.length, 2 + 3 + 1000 + 8);
    const fields = readFields(bytes.subarray(0, bytes.length - 8));
    assert.deepEqual(fields.map((field) => [field.field, field.wireType]), [[1, 0], [2, 2]]);
    assert.equal(fields[0]!.value, 7n);
    assert.equal(Buffer.from(fields[1]!.value as Uint8Array).toString(), long);
    assert.equal(new DataView(bytes.buffer, bytes.length - 8).getFloat64(0, true), 0.25);
  });
});
