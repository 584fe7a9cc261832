import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { ValidationError } from '../../errors.ts';
import { decodeOnnxModel } from './decode-onnx-model.ts';
import { inspectUploadedModel, type UploadedModelOptions } from './inspect-uploaded-model.ts';
import { parseUploadedModelInspection } from './inspection.ts';
import { GRAPH, MODEL, TENSOR } from './onnx-field-numbers.ts';
import { encodedField, messageField, patchMessage, patchNested } from './protobuf-patch.ts';
import {
  fixedBatchClassifier,
  labelOnlyClassifier,
  linearProbabilities,
  oneRowOnlyClassifier,
  perColumnClassifier,
  sequenceOutputClassifier,
  unknownOperatorClassifier,
  zipMapClassifier,
} from './test-support/test-models.ts';

const TWO_FIELDS: UploadedModelOptions = { mapping: { kind: 'tensor', fields: ['a', 'b'] } };
const FLOAT32_TOLERANCE = 1e-6;

/** Rejected with a 422 whose message matches and whose first detail names `field`. */
async function assertRejected(promise: Promise<unknown>, pattern: RegExp, field: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ValidationError, String(error));
    assert.equal(error.status, 422);
    assert.match(error.message, pattern);
    assert.equal(error.details?.[0]?.field, field);
    return true;
  });
}

/** All columns of the served model's probability output for these rows. */
async function servedProbabilities(bytes: Uint8Array, output: string, rows: number[][]): Promise<number[][]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const result = await session.run({ X: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 2]) }, [output]);
    const { data, dims } = result[output]!;
    return rows.map((_, row) => [...(data as Float32Array).subarray(row * dims[1]!, (row + 1) * dims[1]!)]);
  } finally {
    await session.release();
  }
}

function assertClose(actual: readonly number[], expected: readonly number[], tolerance = FLOAT32_TOLERANCE): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, index) => assert.ok(Math.abs(value - expected[index]!) <= tolerance, `${index}: ${value} vs ${expected[index]}`));
}

describe('inspectUploadedModel', () => {
  describe('a LinearClassifier behind a ZipMap', () => {
    it('serves the probabilities as a tensor that runs in onnxruntime, equal to the softmax by hand', async () => {
      const { inspection, servingBytes } = await inspectUploadedModel(zipMapClassifier(), TWO_FIELDS);
      assert.equal(inspection.probabilityOutput, 'probabilities');
      assert.deepEqual(inspection.classLabels, ['0', '1']);
      assert.equal(inspection.positiveIndex, 1);
      assert.equal(inspection.batching, 'any');
      assert.deepEqual(
        inspection.outputs.map((output) => `${output.name}: ${output.type}`),
        ['label: int64 [N]', 'probabilities: float [N, 2]'],
      );
      assert.deepEqual(inspection.inputs, [{ name: 'X', type: 'float [N, 2]', elementType: 'float', shape: ['N', 2] }]);
      assert.deepEqual(inspection.producer, { name: 'scorebridge-test', version: '1' });
      assert.deepEqual(inspection.opsets, [
        { domain: '', version: 21 },
        { domain: 'ai.onnx.ml', version: 3 },
      ]);
      assert.deepEqual(inspection.metadata, { purpose: 'test' });
      assert.match(inspection.rewrites[0]!, /^Removed the ZipMap "ZipMap"/);
      assert.deepEqual(inspection.notes, [
        'Class labels "0", "1" from the ZipMap "ZipMap".',
        'The score is the probability of class "1", the second of the two (as predict_proba orders them); name another as the positive class to score it instead.',
      ]);
      const rows = [
        [1, 2],
        [-0.5, 3],
        [0, 0],
      ];
      const probabilities = await servedProbabilities(servingBytes, inspection.probabilityOutput, rows);
      rows.forEach((row, index) => assertClose(probabilities[index]!, linearProbabilities(row)));
    });

    it('keeps string class labels and takes the positive class by name', async () => {
      const { inspection } = await inspectUploadedModel(zipMapClassifier({ kind: 'strings', value: ['no', 'yes'] }), { ...TWO_FIELDS, positive: 'no' });
      assert.deepEqual(inspection.classLabels, ['no', 'yes']);
      assert.deepEqual([inspection.positiveIndex, inspection.positiveLabel], [0, 'no']);
      assert.equal(inspection.outputs[0]!.type, 'string [N]');
    });

    it('gives an inspection that survives JSON storage', async () => {
      const { inspection } = await inspectUploadedModel(zipMapClassifier(), TWO_FIELDS);
      assert.deepEqual(parseUploadedModelInspection(JSON.parse(JSON.stringify(inspection))), inspection);
      assert.throws(() => parseUploadedModelInspection({ ...inspection, positiveLabel: '0' }), /positiveLabel must be classLabels\[positiveIndex\]/);
    });
  });

  describe('a batch axis fixed at 1', () => {
    it('is made symbolic when the graph runs any batch', async () => {
      const { inspection, servingBytes } = await inspectUploadedModel(fixedBatchClassifier(), TWO_FIELDS);
      assert.equal(inspection.batching, 'any');
      assert.deepEqual(inspection.rewrites, ['Made the batch axis symbolic ("N" instead of 1) on input "X" and outputs "label", "probabilities", so that any number of rows runs in one call.']);
      assert.equal(inspection.notes[0], 'Class labels "0", "1" from the classifier "LinearClassifier".');
      const rows = [
        [1, 1],
        [2, -1],
        [0.5, 0.25],
      ];
      const probabilities = await servedProbabilities(servingBytes, 'probabilities', rows);
      rows.forEach((row, index) => assertClose(probabilities[index]!, linearProbabilities(row)));
    });

    it('is kept, and rows go one at a time, when the graph needs exactly one row', async () => {
      const { inspection, servingBytes } = await inspectUploadedModel(oneRowOnlyClassifier(), TWO_FIELDS);
      assert.equal(inspection.batching, 'one-row');
      assert.deepEqual(inspection.rewrites, []);
      assert.deepEqual(inspection.inputs[0]!.shape, [1, 2]);
      assert.match(inspection.notes.at(-1)!, /^Two rows in one call failed \(.*Reshape.*\) and one row runs, so the model is scored one row at a time\.$/s);
      assertClose((await servedProbabilities(servingBytes, 'probabilities', [[3, 1]]))[0]!, linearProbabilities([3, 1]));
    });
  });

  describe('a model with one input per field', () => {
    it('validates a string, an int64 and a float input, with a given sample record', async () => {
      const { inspection } = await inspectUploadedModel(perColumnClassifier(), {
        mapping: { kind: 'named', inputs: { plan: 'Plan', seats: 'Seats', spend: 'Spend' } },
        positive: 'upgrade',
        sampleRecord: { Plan: 'pro', Seats: 12, Spend: '250' },
      });
      assert.deepEqual(inspection.classLabels, ['churn', 'stay', 'upgrade']);
      assert.equal(inspection.positiveIndex, 2);
      assert.deepEqual(
        inspection.feeds.map((feed) => `${feed.input} <- ${feed.fields[0]} (${feed.elementType})`),
        ['plan <- Plan (string)', 'seats <- Seats (int64)', 'spend <- Spend (float)'],
      );
    });

    it('refuses a sample record that cannot be read, naming the field', async () => {
      await assertRejected(
        inspectUploadedModel(perColumnClassifier(), { mapping: { kind: 'named', inputs: { plan: 'Plan', seats: 'Seats', spend: 'Spend' } }, positive: 'stay', sampleRecord: { Plan: 'pro', Seats: 'many' } }),
        /^The sample record cannot be scored: Seats: "many" is not a number; Spend is missing\. Give it a value for every mapped field\.$/,
        'sampleRecord',
      );
    });

    it('requires the positive class among three, before running anything', async () => {
      await assertRejected(
        inspectUploadedModel(perColumnClassifier(), { mapping: { kind: 'named', inputs: { plan: 'Plan', seats: 'Seats', spend: 'Spend' } } }),
        /^The model has 3 classes \("churn", "stay", "upgrade"\): name the class whose probability is the score as the positive class \(CLI: --positive <label>\)\.$/,
        'positive',
      );
    });
  });

  describe('refuses', () => {
    it('a file that is not an ONNX model', async () => {
      await assertRejected(inspectUploadedModel(Buffer.from('sepal_length,sepal_width\n5.1,3.5\n'), TWO_FIELDS), /^The file is not an ONNX model/, 'file');
    });

    it('a truncated file', async () => {
      const bytes = zipMapClassifier();
      await assertRejected(inspectUploadedModel(bytes.subarray(0, bytes.length - 10), TWO_FIELDS), /^The ONNX file is incomplete.*Upload the whole file again\.$/, 'file');
    });

    it('a mapping whose width does not match the input', async () => {
      await assertRejected(inspectUploadedModel(zipMapClassifier(), { mapping: { kind: 'tensor', fields: ['a'] } }), /Input "X" takes 2 values per row .* but the mapping lists 1 field \(a\): list exactly 2/, 'mapping.fields');
    });

    it('a named mapping that leaves an input unmapped', async () => {
      await assertRejected(
        inspectUploadedModel(perColumnClassifier(), { mapping: { kind: 'named', inputs: { plan: 'Plan', seats: 'Seats' } }, positive: 'stay' }),
        /^Input "spend" \(float \[N, 1\]\) is not mapped: add "spend": "<record field>" to "inputs"\.$/,
        'mapping.inputs.spend',
      );
    });

    it('an unknown positive label', async () => {
      await assertRejected(inspectUploadedModel(zipMapClassifier(), { ...TWO_FIELDS, positive: 'true' }), /^The model has no class "true"; its classes are "0", "1"\./, 'positive');
    });

    it('an output that is a sequence but not a ZipMap, naming it', async () => {
      await assertRejected(
        inspectUploadedModel(sequenceOutputClassifier(), TWO_FIELDS),
        /^Output "probability_list" is a sequence of float \[N, 2\], which onnxruntime-node cannot return; only a ZipMap over class probabilities is rewritten into a tensor\. Export the model with tensor outputs only/,
        'file',
      );
    });

    it('a model without a probability output', async () => {
      await assertRejected(inspectUploadedModel(labelOnlyClassifier(), TWO_FIELDS), /^The model has no class-probability output: its outputs are label \(int64 \[N\]\)\./, 'file');
    });

    it('weights kept in a separate file', async () => {
      const bytes = patchNested(fixedBatchClassifier(), [MODEL.graph], (graph) =>
        patchMessage(graph, () => undefined, [
          messageField(
            GRAPH.initializer,
            encodedField((writer) => writer.int64Field(TENSOR.dataType, 1).stringField(TENSOR.name, 'weights').int64Field(TENSOR.dataLocation, 1)),
          ),
        ]),
      );
      assert.equal(decodeOnnxModel(bytes).graph.initializers[0]!.external, true);
      await assertRejected(inspectUploadedModel(bytes, TWO_FIELDS), /^The model keeps tensor "weights" in a separate file \(external data\)/, 'file');
    });

    it('a model onnxruntime cannot load, with its message', async () => {
      await assertRejected(inspectUploadedModel(unknownOperatorClassifier(), TWO_FIELDS), /^onnxruntime-node could not load the model: .*NoSuchClassifier.*Export it with operators and opset versions that onnxruntime 1\.30 supports\.$/s, 'file');
    });

    it('a model that fails on the test row, with its message', async () => {
      // A Reshape to a constant [1, 3]: no number of rows of width 2 fits.
      await assertRejected(
        inspectUploadedModel(oneRowOnlyClassifier([1n, 3n]), TWO_FIELDS),
        /^The model failed on a test row built from the mapping: .*Reshape.*Check that each input is mapped to the field it was trained on, or give a sample record with typical values\.$/s,
        'file',
      );
    });
  });
});
