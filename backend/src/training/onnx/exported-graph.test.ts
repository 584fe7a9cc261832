import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { smallModel } from '../gbdt/test-support/small-model.ts';
import { exportGbdtToOnnx } from './export-gbdt.ts';
import { encodeModel, TENSOR_DATA_TYPES } from './onnx-proto.ts';
import { buildScoringModel, featureMatrixInput, GRAPH_NAMES } from './scoring-graph.ts';

describe('exported graph', () => {
  it('has one float input "features" and two plain tensor outputs, no ZipMap', async () => {
    const { onnx } = exportGbdtToOnnx(smallModel());
    const session = await ort.InferenceSession.create(onnx);
    try {
      assert.deepEqual(session.inputNames, [GRAPH_NAMES.features]);
      assert.deepEqual([...session.outputNames].sort(), [GRAPH_NAMES.probability, GRAPH_NAMES.rawScore]);
      const result = await session.run({ features: new ort.Tensor('float32', new Float32Array([0, 0, 2, 1]), [2, 2]) });
      for (const name of session.outputNames) {
        assert.equal(result[name]!.type, 'float32');
        assert.deepEqual(result[name]!.dims, [2]);
      }
      // smallModel: base 0.5; x <= 1 gives -1; x > 1 with segment 1 gives +3.
      assert.deepEqual([...(result[GRAPH_NAMES.rawScore]!.data as Float32Array)], [-0.5, 3.5]);
    } finally {
      await session.release();
    }
  });

  it('declares raw_score and probability as [N] tensors, whatever the model stage', () => {
    const model = buildScoringModel({ name: 'g', docString: '', input: featureMatrixInput(2), model: (builder, features) => builder.node('ReduceSum', [features, builder.int64s('axes', [1])], 'sum', { attributes: [{ name: 'keepdims', value: { kind: 'int', value: 0 } }] }), calibrator: null });
    assert.ok(!model.graph.nodes.some((node) => node.opType === 'ZipMap'));
    assert.deepEqual(model.graph.outputs.map((output) => [output.name, output.shape]), [
      [GRAPH_NAMES.rawScore, [GRAPH_NAMES.batch]],
      [GRAPH_NAMES.probability, [GRAPH_NAMES.batch]],
    ]);
  });

  it('lets another input stage stand in front of the model (the place for preprocessing)', async () => {
    // A stage that reads two named inputs and stacks them, as a raw-field stage will.
    const model = buildScoringModel({
      name: 'stacked',
      docString: '',
      input: (builder) => {
        const a = builder.input('a', TENSOR_DATA_TYPES.double, [GRAPH_NAMES.batch, 1]);
        const b = builder.input('b', TENSOR_DATA_TYPES.double, [GRAPH_NAMES.batch, 1]);
        return builder.node('Concat', [a, b], 'stacked', { attributes: [{ name: 'axis', value: { kind: 'int', value: 1 } }] });
      },
      model: (builder, features) => builder.node('ReduceSum', [features, builder.int64s('axes', [1])], 'sum', { attributes: [{ name: 'keepdims', value: { kind: 'int', value: 0 } }] }),
      calibrator: null,
    });
    const session = await ort.InferenceSession.create(encodeModel(model));
    const result = await session.run({ a: new ort.Tensor('float64', new Float64Array([1, 2]), [2, 1]), b: new ort.Tensor('float64', new Float64Array([3, -2]), [2, 1]) });
    assert.deepEqual([...(result[GRAPH_NAMES.rawScore]!.data as Float32Array)], [4, 0]);
    assert.deepEqual([...(result[GRAPH_NAMES.probability]!.data as Float32Array)], [Math.fround(1 / (1 + Math.exp(-4))), 0.5]);
    await session.release();
  });
});
