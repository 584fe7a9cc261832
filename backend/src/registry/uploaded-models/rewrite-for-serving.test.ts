import assert from 'node:assert/strict';
import { findFixedBatchAxis } from './batch-dimension.ts';
import { decodeOnnxModel } from './decode-onnx-model.ts';
import { describeType } from './decoded-model.ts';
import { DIMENSION, GRAPH, MODEL, SHAPE, TENSOR_TYPE, TYPE, VALUE_INFO } from './onnx-field-numbers.ts';
import { planProbabilityOutput } from './probability-output.ts';
import { encodedField, messageField, patchMessage, patchNested } from './protobuf-patch.ts';
import { readFields, type WireField } from './protobuf-reader.ts';
import { rewriteForServing } from './rewrite-for-serving.ts';
import { fixedBatchClassifier, labelOnlyClassifier, perColumnClassifier, zipMapClassifier } from './test-support/test-models.ts';

/** TensorShapeProto.Dimension.denotation, which the rewrite must keep. */
const DIMENSION_DENOTATION = 3;

/** Fields a future ONNX might add: one on the model, one on the graph. */
function withUnknownFields(bytes: Uint8Array): Uint8Array {
  const withGraphField = patchNested(bytes, [MODEL.graph], (graph) => patchMessage(graph, () => undefined, [encodedField((writer) => writer.stringField(99, 'graph extra'))]));
  return patchMessage(withGraphField, () => undefined, [encodedField((writer) => writer.int64Field(98, 12345))]);
}

const hex = (fields: WireField[]) => fields.map((field) => Buffer.from(field.encoded).toString('hex'));
const graphFields = (bytes: Uint8Array) => readFields(readFields(bytes).find((field) => field.field === MODEL.graph)!.value as Uint8Array);

function serve(bytes: Uint8Array) {
  const model = decodeOnnxModel(bytes);
  const plan = planProbabilityOutput(model);
  return { model, plan, served: rewriteForServing(model, { zipMap: plan.zipMap, fixedBatch: findFixedBatchAxis(model) }) };
}

describe('rewriteForServing', () => {
  describe('a ZipMap output', () => {
    it('is removed and the probabilities tensor it read is declared as a float [N, C] output', () => {
      const { plan, served } = serve(zipMapClassifier());
      assert.deepEqual(plan.zipMap, { nodeIndex: 1, nodeName: 'ZipMap', output: 'output_probability', probabilities: 'probabilities', labels: ['0', '1'], alreadyAnOutput: false });
      const graph = decodeOnnxModel(served.bytes).graph;
      assert.deepEqual(
        graph.nodes.map((node) => node.opType),
        ['LinearClassifier'],
      );
      assert.deepEqual(
        graph.outputs.map((output) => `${output.name}: ${describeType(output.type)}`),
        ['label: int64 [N]', 'probabilities: float [N, 2]'],
      );
      assert.deepEqual(served.rewrites, [
        'Removed the ZipMap "ZipMap" behind output "output_probability" (a sequence of maps, which onnxruntime-node cannot return); its input "probabilities" (float [N, 2], classes 0, 1) is served as an output instead.',
      ]);
    });

    it('keeps string class labels', () => {
      const { plan } = serve(zipMapClassifier({ kind: 'strings', value: ['no', 'yes'] }));
      assert.deepEqual(plan.classLabels, ['no', 'yes']);
      assert.equal(plan.probabilityOutput, 'probabilities');
    });

    it('is only dropped when its input is an output already', () => {
      const { plan, served } = serve(zipMapClassifier(undefined, true));
      assert.equal(plan.zipMap?.alreadyAnOutput, true);
      assert.deepEqual(
        decodeOnnxModel(served.bytes).graph.outputs.map((output) => output.name),
        ['label', 'probabilities'],
      );
      assert.match(served.rewrites[0]!, /its input "probabilities" is an output already\.$/);
    });

    it('changes nothing else: other nodes, inputs, opsets, metadata and unknown fields keep their bytes', () => {
      const original = withUnknownFields(perColumnClassifier());
      const { served } = serve(original);
      const changedGraphFields = new Set<number>([GRAPH.node, GRAPH.output]);
      assert.deepEqual(
        hex(readFields(served.bytes).filter((field) => field.field !== MODEL.graph)),
        hex(readFields(original).filter((field) => field.field !== MODEL.graph)),
      );
      assert.deepEqual(
        hex(graphFields(served.bytes).filter((field) => !changedGraphFields.has(field.field))),
        hex(graphFields(original).filter((field) => !changedGraphFields.has(field.field))),
      );
      const originalNodes = hex(graphFields(original).filter((field) => field.field === GRAPH.node));
      assert.deepEqual(hex(graphFields(served.bytes).filter((field) => field.field === GRAPH.node)), originalNodes.slice(0, -1), 'every node but the ZipMap, unchanged');
      assert.ok(readFields(served.bytes).some((field) => field.field === 98 && field.value === 12345n));
    });
  });

  describe('a batch axis fixed at 1', () => {
    it('is found on the inputs and outputs that have it', () => {
      assert.deepEqual(findFixedBatchAxis(decodeOnnxModel(fixedBatchClassifier())), { inputs: ['X'], outputs: ['label', 'probabilities'] });
      assert.equal(findFixedBatchAxis(decodeOnnxModel(zipMapClassifier())), null);
    });

    it('is made symbolic on each, the other dimensions unchanged', () => {
      const { served } = serve(fixedBatchClassifier());
      const graph = decodeOnnxModel(served.bytes).graph;
      assert.deepEqual(
        [...graph.inputs, ...graph.outputs].map((info) => `${info.name}: ${describeType(info.type)}`),
        ['X: float [N, 2]', 'label: int64 [N]', 'probabilities: float [N, 2]'],
      );
      assert.deepEqual(served.rewrites, ['Made the batch axis symbolic ("N" instead of 1) on input "X" and outputs "label", "probabilities", so that any number of rows runs in one call.']);
    });

    it('keeps a dimension denotation', () => {
      const denoted = patchNested(fixedBatchClassifier(), [MODEL.graph], (graph) =>
        patchMessage(graph, (field) =>
          field.field === GRAPH.input
            ? messageField(
                GRAPH.input,
                patchNested(field.value as Uint8Array, [VALUE_INFO.type, TYPE.tensorType, TENSOR_TYPE.shape, SHAPE.dim], (dim) =>
                  patchMessage(dim, () => undefined, [encodedField((writer) => writer.stringField(DIMENSION_DENOTATION, 'DATA_BATCH'))]),
                ),
              )
            : undefined,
        ),
      );
      const { served } = serve(denoted);
      const input = graphFields(served.bytes).find((field) => field.field === GRAPH.input)!;
      const firstDim = [VALUE_INFO.type, TYPE.tensorType, TENSOR_TYPE.shape, SHAPE.dim].reduce((bytes, number) => readFields(bytes).find((field) => field.field === number)!.value as Uint8Array, input.value as Uint8Array);
      assert.deepEqual(
        readFields(firstDim).map((field) => [field.field, Buffer.from(field.value as Uint8Array).toString()]),
        [
          [DIMENSION_DENOTATION, 'DATA_BATCH'],
          [DIMENSION.dimParam, 'N'],
        ],
      );
    });

    it('is left alone when another input has a fixed first axis other than 1', () => {
      const mixed = patchNested(fixedBatchClassifier(), [MODEL.graph], (graph) =>
        patchMessage(graph, () => undefined, [
          encodedField((writer) =>
            writer.messageField(GRAPH.input, (info) =>
              info.stringField(VALUE_INFO.name, 'table').messageField(VALUE_INFO.type, (type) =>
                type.messageField(TYPE.tensorType, (tensor) => tensor.int64Field(TENSOR_TYPE.elemType, 1).messageField(TENSOR_TYPE.shape, (shape) => shape.messageField(SHAPE.dim, (dim) => dim.int64Field(DIMENSION.dimValue, 3)))),
              ),
            ),
          ),
        ]),
      );
      assert.equal(findFixedBatchAxis(decodeOnnxModel(mixed)), null);
    });
  });

  it('returns the upload itself when nothing needs changing', () => {
    const bytes = labelOnlyClassifier();
    const model = decodeOnnxModel(bytes);
    assert.equal(rewriteForServing(model, { zipMap: null, fixedBatch: null }).bytes, bytes);
  });
});
