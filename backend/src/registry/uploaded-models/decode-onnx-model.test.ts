import assert from 'node:assert/strict';
import { ValidationError } from '../../errors.ts';
import { encodeModel, TENSOR_DATA_TYPES, type OnnxModel } from '../../training/onnx/onnx-proto.ts';
import { decodeOnnxModel } from './decode-onnx-model.ts';
import { attributeOf, describeType, feedInputs } from './decoded-model.ts';
import { perColumnClassifier, zipMapClassifier } from './test-support/test-models.ts';

/** Every attribute kind our writer has, an initializer, metadata, fixed and symbolic dimensions. */
function kitchenSinkModel(): OnnxModel {
  return {
    irVersion: 10,
    opsetImports: [
      { domain: '', version: 21 },
      { domain: 'ai.onnx.ml', version: 5 },
    ],
    producerName: 'writer',
    producerVersion: '2.1',
    modelVersion: 3,
    docString: 'a doc',
    graph: {
      name: 'sink',
      nodes: [
        {
          opType: 'Custom',
          domain: 'example.domain',
          name: 'node0',
          inputs: ['x', 'w'],
          outputs: ['y'],
          attributes: [
            { name: 'f', value: { kind: 'float', value: 0.5 } },
            { name: 'i', value: { kind: 'int', value: -3 } },
            { name: 's', value: { kind: 'string', value: 'text' } },
            { name: 'fs', value: { kind: 'floats', value: [1.5, -2] } },
            { name: 'is', value: { kind: 'ints', value: [4, -5] } },
            { name: 'ss', value: { kind: 'strings', value: ['a', 'b'] } },
            { name: 't', value: { kind: 'tensor', value: { name: 'tt', dataType: TENSOR_DATA_TYPES.double, dims: [2], data: new Float64Array([0.25, 8]) } } },
          ],
        },
      ],
      initializers: [{ name: 'w', dataType: TENSOR_DATA_TYPES.float, dims: [2, 3], data: new Float32Array(6) }],
      inputs: [{ name: 'x', elemType: TENSOR_DATA_TYPES.float, shape: ['batch', 3] }],
      outputs: [{ name: 'y', elemType: TENSOR_DATA_TYPES.double, shape: [1, 'k'] }],
    },
    metadata: { author: 'me', license: 'MIT' },
  };
}

const rejection = (pattern: RegExp) => (error: unknown) => error instanceof ValidationError && error.status === 422 && pattern.test(error.message) && error.details?.[0]?.field === 'file';

describe('decodeOnnxModel', () => {
  it('reads the model fields, opsets and metadata', () => {
    const model = decodeOnnxModel(encodeModel(kitchenSinkModel()));
    assert.equal(model.irVersion, 10);
    assert.equal(model.producerName, 'writer');
    assert.equal(model.producerVersion, '2.1');
    assert.equal(model.modelVersion, 3);
    assert.equal(model.docString, 'a doc');
    assert.deepEqual(model.opsetImports, [
      { domain: '', version: 21 },
      { domain: 'ai.onnx.ml', version: 5 },
    ]);
    assert.deepEqual(model.metadata, { author: 'me', license: 'MIT' });
  });

  it('reads inputs and outputs with element types and fixed or symbolic dimensions', () => {
    const { graph } = decodeOnnxModel(encodeModel(kitchenSinkModel()));
    assert.equal(graph.name, 'sink');
    assert.deepEqual(graph.inputs, [{ name: 'x', type: { kind: 'tensor', elemType: 1, shape: ['batch', 3] } }]);
    assert.deepEqual(graph.outputs, [{ name: 'y', type: { kind: 'tensor', elemType: 11, shape: [1, 'k'] } }]);
    assert.equal(describeType(graph.outputs[0]!.type), 'double [1, k]');
  });

  it('reads nodes with every attribute kind, tensor values included, and initializers by name', () => {
    const { graph } = decodeOnnxModel(encodeModel(kitchenSinkModel()));
    const [node] = graph.nodes;
    assert.deepEqual({ ...node, attributes: undefined }, { name: 'node0', opType: 'Custom', domain: 'example.domain', inputs: ['x', 'w'], outputs: ['y'], attributes: undefined });
    assert.deepEqual(attributeOf(node!, 'f'), { kind: 'float', value: 0.5 });
    assert.deepEqual(attributeOf(node!, 'i'), { kind: 'int', value: -3n });
    assert.deepEqual(attributeOf(node!, 's'), { kind: 'string', value: 'text' });
    assert.deepEqual(attributeOf(node!, 'fs'), { kind: 'floats', value: [1.5, -2] });
    assert.deepEqual(attributeOf(node!, 'is'), { kind: 'ints', value: [4n, -5n] });
    assert.deepEqual(attributeOf(node!, 'ss'), { kind: 'strings', value: ['a', 'b'] });
    assert.deepEqual(attributeOf(node!, 't'), { kind: 'tensor', value: { name: 'tt', dataType: 11, dims: [2], external: false, values: [0.25, 8] } });
    assert.deepEqual(graph.initializers, [{ name: 'w', dataType: 1, dims: [2, 3], external: false, values: null }]);
    assert.deepEqual(feedInputs(graph).map((input) => input.name), ['x']);
  });

  it('reads a ZipMap output as a sequence of maps, and string inputs', () => {
    const zipMap = decodeOnnxModel(zipMapClassifier({ kind: 'strings', value: ['no', 'yes'] })).graph;
    assert.equal(describeType(zipMap.outputs[1]!.type), 'sequence of map(string, float [unknown shape])');
    assert.deepEqual(attributeOf(zipMap.nodes[1]!, 'classlabels_strings'), { kind: 'strings', value: ['no', 'yes'] });
    assert.equal(describeType(decodeOnnxModel(perColumnClassifier()).graph.inputs[0]!.type), 'string [N, 1]');
  });

  it('refuses an empty file, text, an image and JSON as not ONNX models, saying what to upload', () => {
    const notOnnx = [new Uint8Array(), Buffer.from('hello, this is a CSV,1,2\n'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('{"kind": "tensor"}')];
    for (const bytes of notOnnx) {
      assert.throws(() => decodeOnnxModel(bytes), rejection(/not an ONNX model.*Upload the \.onnx file your converter wrote/), `bytes ${bytes.subarray(0, 8)}`);
    }
  });

  it('refuses a protobuf message that has no graph, such as a file cut short before it', () => {
    assert.throws(() => decodeOnnxModel(new Uint8Array([0x08, 0x07])), rejection(/not a whole ONNX model: it has no graph. If it was cut short, upload the whole file again/));
    // ir_version (2 bytes) and producer_name "scorebridge-test" (18 bytes) are whole; the graph is cut off.
    assert.throws(() => decodeOnnxModel(zipMapClassifier().subarray(0, 20)), rejection(/it has no graph/));
  });

  it('refuses a file cut short inside a field as incomplete, asking for the whole file', () => {
    const bytes = zipMapClassifier();
    for (const length of [bytes.length - 1, Math.floor(bytes.length / 2), 21]) {
      assert.throws(() => decodeOnnxModel(bytes.subarray(0, length)), rejection(/The ONNX file is incomplete.*Upload the whole file again/), `cut at ${length}`);
    }
  });
});
