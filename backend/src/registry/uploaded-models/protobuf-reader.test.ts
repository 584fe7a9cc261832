import assert from 'node:assert/strict';
import { ProtobufWriter } from '../../training/onnx/protobuf-writer.ts';
import { ProtobufMessage } from './protobuf-message.ts';
import { concatBytes, encodedField, messageField, patchMessage, patchNested } from './protobuf-patch.ts';
import { ProtobufFormatError, readFields } from './protobuf-reader.ts';

describe('protobuf reader', () => {
  it('reads fields in order, each with its value and its exact encoded bytes', () => {
    // The protobuf documentation's example, field 1 = 150, then a string and a float.
    const bytes = new Uint8Array([0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69, 0x1d, 0x00, 0x00, 0x80, 0x3f]);
    const fields = readFields(bytes);
    assert.deepEqual(
      fields.map((field) => [field.field, field.wireType, [...field.encoded]]),
      [
        [1, 0, [0x08, 0x96, 0x01]],
        [2, 2, [0x12, 0x02, 0x68, 0x69]],
        [3, 5, [0x1d, 0x00, 0x00, 0x80, 0x3f]],
      ],
    );
    assert.equal(fields[0]!.value, 150n);
    assert.equal(Buffer.from(fields[1]!.value as Uint8Array).toString(), 'hi');
  });

  it('refuses bytes that end inside a field, saying they are truncated', () => {
    const bytes = new ProtobufWriter().stringField(2, 'hello').finish();
    assert.throws(() => readFields(bytes.subarray(0, 4)), (error: unknown) => error instanceof ProtobufFormatError && error.truncated && /runs past the end/.test(error.message));
    assert.throws(() => readFields(new Uint8Array([0x08, 0x96])), (error: unknown) => error instanceof ProtobufFormatError && error.truncated);
  });

  it('refuses groups, field number 0 and eleven-byte varints as malformed, not truncated', () => {
    for (const bytes of [[0x0b], [0x00, 0x01], [0x08, ...new Array(10).fill(0xff), 0x01]]) {
      assert.throws(() => readFields(new Uint8Array(bytes)), (error: unknown) => error instanceof ProtobufFormatError && !error.truncated, `bytes ${bytes}`);
    }
  });
});

describe('protobuf message', () => {
  it('reads repeated int64 both unpacked (proto2, as skl2onnx writes) and packed (our writer), negatives included', () => {
    const unpacked = new ProtobufWriter().int64Field(8, 3).int64Field(8, -1).finish();
    const packed = new ProtobufWriter().packedInt64Field(8, [3, -1]).finish();
    assert.deepEqual(new ProtobufMessage(unpacked, 'test').int64s(8), [3n, -1n]);
    assert.deepEqual(new ProtobufMessage(packed, 'test').int64s(8), [3n, -1n]);
  });

  it('reads repeated floats both unpacked and packed', () => {
    const unpacked = new ProtobufWriter().floatField(7, 0.5).floatField(7, -2).finish();
    const packed = new ProtobufWriter().packedFloatField(7, [0.5, -2]).finish();
    assert.deepEqual(new ProtobufMessage(unpacked, 'test').floats(7), [0.5, -2]);
    assert.deepEqual(new ProtobufMessage(packed, 'test').floats(7), [0.5, -2]);
  });

  it('takes the last occurrence of a singular field and defaults absent ones', () => {
    const message = new ProtobufMessage(new ProtobufWriter().int64Field(1, 7).int64Field(1, 9).stringField(2, 'a').stringField(2, 'b').finish(), 'test');
    assert.equal(message.int(1), 9);
    assert.equal(message.string(2), 'b');
    assert.equal(message.int(3, 42), 42);
    assert.equal(message.string(4), '');
  });

  it('names the message when a field has the wrong wire type for its declared type', () => {
    const message = new ProtobufMessage(new ProtobufWriter().stringField(1, 'x').finish(), 'ModelProto');
    assert.throws(() => message.int(1), /ModelProto: field 1 has wire type 2/);
  });
});

describe('protobuf patch', () => {
  const message = new ProtobufWriter()
    .int64Field(1, 1)
    .messageField(2, (nested) => nested.stringField(1, 'inner').int64Field(99, 5))
    .int64Field(1, 2)
    .int64Field(50, 7)
    .finish();

  it('keeps every field it is not told to change byte for byte, unknown ones included', () => {
    assert.deepEqual([...patchMessage(message, () => undefined)], [...message]);
  });

  it('drops and replaces fields by number and occurrence, and appends new ones', () => {
    const patched = patchMessage(message, (field, occurrence) => (field.field === 1 && occurrence === 1 ? null : field.field === 50 ? encodedField((writer) => writer.int64Field(50, 8)) : undefined), [
      encodedField((writer) => writer.stringField(3, 'new')),
    ]);
    const fields = readFields(patched);
    assert.deepEqual(
      fields.map((field) => [field.field, field.value instanceof Uint8Array ? Buffer.from(field.value).toString('latin1') : field.value]),
      [
        [1, 1n],
        [2, '\x0a\x05inner\x98\x06\x05'],
        [50, 8n],
        [3, 'new'],
      ],
    );
  });

  it('rewrites a nested message, fixing the enclosing length, and leaves its siblings alone', () => {
    const patched = patchNested(message, [2], (inner) => patchMessage(inner, (field) => (field.field === 1 ? encodedField((writer) => writer.stringField(1, 'longer inner')) : undefined)));
    const inner = new ProtobufMessage(new ProtobufMessage(patched, 'test').bytes(2)!, 'inner');
    assert.equal(inner.string(1), 'longer inner');
    assert.equal(inner.int(99), 5);
    assert.equal(patched.length, message.length + 'longer '.length);
  });

  it('concatenates and wraps bytes', () => {
    assert.deepEqual([...concatBytes([new Uint8Array([1]), new Uint8Array([]), new Uint8Array([2, 3])])], [1, 2, 3]);
    assert.deepEqual([...messageField(2, new Uint8Array([0x08, 0x01]))], [0x12, 0x02, 0x08, 0x01]);
  });
});
