import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { encodeAttribute, encodeModel, encodeNode, encodeTensor, encodeValueInfo, TENSOR_DATA_TYPES, type OnnxModel } from './onnx-proto.ts';
import { ProtobufWriter } from './protobuf-writer.ts';
import { fieldsOf, readFields, text } from '../../registry/uploaded-models/protobuf-reader.ts';

const encoded = (write: (writer: ProtobufWriter) => void): number[] => {
  const writer = new ProtobufWriter();
  write(writer);
  return [...writer.finish()];
};
const ascii = (value: string): number[] => [...Buffer.from(value)];

/** y = x + 1, the smallest useful model: float [N, 2] in, float [N, 2] out. */
function addOneModel(): OnnxModel {
  return {
    irVersion: 10,
    opsetImports: [{ domain: '', version: 21 }],
    producerName: 'test',
    producerVersion: '1',
    graph: {
      name: 'add_one',
      nodes: [{ opType: 'Add', name: 'add', inputs: ['x', 'one'], outputs: ['y'] }],
      initializers: [{ name: 'one', dataType: TENSOR_DATA_TYPES.float, dims: [], data: new Float32Array([1]) }],
      inputs: [{ name: 'x', elemType: TENSOR_DATA_TYPES.float, shape: ['N', 2] }],
      outputs: [{ name: 'y', elemType: TENSOR_DATA_TYPES.float, shape: ['N', 2] }],
    },
    metadata: { note: 'hi' },
  };
}

describe('ONNX protobuf messages', () => {
  it('encodes an int attribute: name (1), i (3), type INT (20)', () => {
    assert.deepEqual(encoded((w) => encodeAttribute(w, { name: 'to', value: { kind: 'int', value: 11 } })), [0x0a, 0x02, ...ascii('to'), 0x18, 0x0b, 0xa0, 0x01, 0x02]);
  });

  it('encodes a floats attribute packed (7) and type FLOATS', () => {
    assert.deepEqual(encoded((w) => encodeAttribute(w, { name: 'f', value: { kind: 'floats', value: [1] } })), [0x0a, 0x01, ...ascii('f'), 0x3a, 0x04, 0x00, 0x00, 0x80, 0x3f, 0xa0, 0x01, 0x06]);
  });

  it('encodes an ints attribute with negative values as ten-byte varints', () => {
    const bytes = encoded((w) => encodeAttribute(w, { name: 'i', value: { kind: 'ints', value: [-1, 2] } }));
    assert.deepEqual(bytes, [0x0a, 0x01, ...ascii('i'), 0x42, 0x0b, ...new Array(9).fill(0xff), 0x01, 0x02, 0xa0, 0x01, 0x07]);
  });

  it('encodes a tensor: dims (1), data_type (2), name (8), raw_data (9) little-endian', () => {
    const bytes = encoded((w) => encodeTensor(w, { name: 'w', dataType: TENSOR_DATA_TYPES.double, dims: [2], data: new Float64Array([1, 2]) }));
    assert.deepEqual(bytes, [
      0x0a, 0x01, 0x02,
      0x10, 0x0b,
      0x42, 0x01, ...ascii('w'),
      0x4a, 0x10, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0x00, 0x40,
    ]);
  });

  it('encodes a scalar tensor without dims', () => {
    const bytes = encoded((w) => encodeTensor(w, { name: 'b', dataType: TENSOR_DATA_TYPES.float, dims: [], data: new Float32Array([0.5]) }));
    assert.deepEqual(bytes, [0x10, 0x01, 0x42, 0x01, ...ascii('b'), 0x4a, 0x04, 0x00, 0x00, 0x00, 0x3f]);
  });

  it('encodes a value info with a symbolic and a fixed dimension', () => {
    const bytes = encoded((w) => encodeValueInfo(w, { name: 'x', elemType: TENSOR_DATA_TYPES.float, shape: ['N', 2] }));
    // ValueInfoProto{name, type: TypeProto{tensor_type: {elem_type 1, shape: {dim {dim_param N}, dim {dim_value 2}}}}}
    assert.deepEqual(bytes, [0x0a, 0x01, ...ascii('x'), 0x12, 0x0f, 0x0a, 0x0d, 0x08, 0x01, 0x12, 0x09, 0x0a, 0x03, 0x12, 0x01, ...ascii('N'), 0x0a, 0x02, 0x08, 0x02]);
  });

  it('encodes a node: inputs (1), outputs (2), name (3), op_type (4), domain (7)', () => {
    const bytes = encoded((w) => encodeNode(w, { opType: 'T', domain: 'd', name: 'n', inputs: ['a', 'b'], outputs: ['c'] }));
    assert.deepEqual(bytes, [0x0a, 0x01, ...ascii('a'), 0x0a, 0x01, ...ascii('b'), 0x12, 0x01, ...ascii('c'), 0x1a, 0x01, ...ascii('n'), 0x22, 0x01, ...ascii('T'), 0x3a, 0x01, ...ascii('d')]);
  });

  it('reads a model back: ir_version, graph, opset_import, metadata_props', () => {
    const fields = readFields(encodeModel(addOneModel()));
    assert.equal(fieldsOf(fields, 1)[0]!.value, 10n);
    assert.equal(text(fieldsOf(fields, 2)[0]!.value), 'test');
    const opset = readFields(fieldsOf(fields, 8)[0]!.value as Uint8Array);
    assert.deepEqual([text(opset[0]!.value), opset[1]!.value], ['', 21n]);
    const graph = readFields(fieldsOf(fields, 7)[0]!.value as Uint8Array);
    assert.equal(text(fieldsOf(graph, 2)[0]!.value), 'add_one');
    assert.equal(fieldsOf(graph, 1).length, 1);
    assert.equal(fieldsOf(graph, 5).length, 1);
    const entry = readFields(fieldsOf(fields, 14)[0]!.value as Uint8Array);
    assert.deepEqual(entry.map((field) => text(field.value)), ['note', 'hi']);
  });

  it('is loaded and run by onnxruntime', async () => {
    const session = await ort.InferenceSession.create(encodeModel(addOneModel()));
    const result = await session.run({ x: new ort.Tensor('float32', new Float32Array([1, 2, 3, 4]), [2, 2]) });
    assert.deepEqual([...(result['y']!.data as Float32Array)], [2, 3, 4, 5]);
    await session.release();
  });
});
