import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { applyCalibratorToAll } from '../calibration/index.ts';
import { RAW_FIELD_METADATA_KEYS, type RawInputDescription } from './raw-field-metadata.ts';
import { rawFieldModelInput } from './raw-field-stage.ts';
import { exportMessyModel, trainMessyModels, type MessyModels } from './test-support/messy-models.ts';
import { assertScoresMatch, runOnnxTensors } from './test-support/run-onnx.ts';

/**
 * The "any runtime" promise: someone with only the .onnx file feeds it tensors they wrote
 * themselves, following the input contract (README, metadata_props), with no Scorebridge code,
 * and gets the scores the TypeScript model gives the same records.
 */

const NAN = Number.NaN;

/** Five records as a client would send them, with what the contract says to feed for each. */
const RECORDS: Record<string, unknown>[] = [
  { Industry: 'Tech', Employees: 1200, Revenue: 5000.5, HasPhone: true, CreatedDate: '2024-03-04T10:00:00Z', Email: 'ana@gmail.com', Description: 'Wants a demo' },
  { Industry: ' n/A ', Employees: 'N/A', Revenue: '0', HasPhone: 'no', CreatedDate: '1969-12-31T23:59:59Z', Email: ' Bo@Outlook.COM ', Description: 'Call\tback 😀' },
  { Industry: '', Employees: 12, HasPhone: null, CreatedDate: 'N/A', Email: 'not an email' },
  { Industry: 'Aerospace', Employees: Number.POSITIVE_INFINITY, Revenue: 10, HasPhone: 'Y', CreatedDate: '2023-12-31T23:00:00-02:00', Email: '', Description: '  ' },
  { Industry: 'Retail', Employees: '4,000', Revenue: 200, HasPhone: 0, CreatedDate: '2020-02-29', Email: 'di@bücher.de', Description: ' über\u00a0alles ' },
];

/** The same records as hand-written inputs: strings with "" for missing, doubles with NaN, dates in UTC milliseconds, text measures counted by hand. */
const HAND_WRITTEN: Record<string, string[] | number[]> = {
  Industry: ['Tech', ' n/A ', '', 'Aerospace', 'Retail'],
  Employees: [1200, NAN, 12, Number.POSITIVE_INFINITY, 4000],
  Revenue: [5000.5, 0, NAN, 10, 200],
  HasPhone: [1, 0, NAN, 1, 0],
  CreatedDate: [Date.UTC(2024, 2, 4, 10), Date.UTC(1969, 11, 31, 23, 59, 59), NAN, Date.UTC(2024, 0, 1, 1), Date.UTC(2020, 1, 29)],
  Email: ['ana@gmail.com', ' Bo@Outlook.COM ', 'not an email', '', 'di@bücher.de'],
  // "Wants a demo": 12 code points, 3 words; "Call\tback 😀": 11 and 3; absent and blank: missing; "über\u00a0alles" (trimmed): 10 and 2.
  Description_textLength: [12, 11, NAN, NAN, 10],
  Description_wordCount: [3, 3, NAN, NAN, 2],
};

function tensorsOf(values: Record<string, string[] | number[]>): Record<string, ort.Tensor> {
  return Object.fromEntries(
    Object.entries(values).map(([name, column]) => [
      name,
      typeof column[0] === 'string' ? new ort.Tensor('string', column as string[], [column.length, 1]) : new ort.Tensor('float64', Float64Array.from(column as number[]), [column.length, 1]),
    ]),
  );
}

describe('raw-field ONNX model: the input contract, fed by hand', function () {
  this.timeout(60_000);
  let models: MessyModels;

  before(async () => {
    models = await trainMessyModels();
  });

  for (const kind of ['gbdt', 'logistic'] as const) {
    const exportModel = (): Uint8Array => exportMessyModel(models, kind);

    describe(kind, () => {
      it('declares one [N, 1] input per field, strings and doubles, named by column', async () => {
        const session = await ort.InferenceSession.create(exportModel());
        try {
          const declared = session.inputMetadata.map((input) => [input.name, input.isTensor && input.type, input.isTensor && input.shape]);
          assert.deepEqual(declared, Object.entries(tensorsOf(HAND_WRITTEN)).map(([name, tensor]) => [name, tensor.type, ['N', 1]]));
        } finally {
          await session.release();
        }
      });

      it('writes the contract into metadata_props: per input its field, type, value and missing; the placeholders', () => {
        const onnx = Buffer.from(exportModel());
        const { metadata } = rawFieldModelInput(models[kind].fitted, models[kind].transformer.features.map((feature) => feature.name));
        for (const key of Object.values(RAW_FIELD_METADATA_KEYS)) {
          assert.ok(onnx.includes(Buffer.from(key)) && onnx.includes(Buffer.from(metadata[key]!)), `${key} is not in the file`);
        }
        const inputs = JSON.parse(metadata[RAW_FIELD_METADATA_KEYS.inputs]!) as RawInputDescription[];
        const byName = new Map(inputs.map((input) => [input.name, input]));
        assert.deepEqual(byName.get('HasPhone')!.trueValues, ['true', 'yes', 'y', 't', '1']);
        assert.equal(byName.get('CreatedDate')!.dateOrder, 'month_first');
        assert.equal(byName.get('Industry')!.type, 'tensor(string)');
        assert.deepEqual([byName.get('Description_textLength')!.column, byName.get('Description_textLength')!.derive], ['Description', 'textLength']);
        assert.ok(JSON.parse(metadata[RAW_FIELD_METADATA_KEYS.missingPlaceholders]!).includes('n/a'));
      });

      it('scores hand-written tensors as the TypeScript transform, model and calibrator score the same records', async () => {
        const model = models[kind];
        const raw = model.predictRaw(model.transformer.transformRecords(RECORDS));
        const actual = await runOnnxTensors(exportModel(), tensorsOf(HAND_WRITTEN));
        assertScoresMatch(actual, { raw, probability: applyCalibratorToAll(model.calibrator, raw) }, 1e-5);
      });

      it('does not trim categories: " Tech " is an unseen category unless the caller trims it', async () => {
        // The first record three times, with only its industry changed.
        const rows = Object.fromEntries(Object.entries(HAND_WRITTEN).map(([name, column]) => [name, [column[0], column[0], column[0]]])) as Record<string, string[] | number[]>;
        const actual = await runOnnxTensors(exportModel(), tensorsOf({ ...rows, Industry: ['Tech', ' Tech ', 'Aerospace'] }));
        assert.equal(actual.raw[1], actual.raw[2]);
        const model = models[kind];
        const expected = model.predictRaw(model.transformer.transformRecords([RECORDS[0]!, { ...RECORDS[0], Industry: 'Aerospace' }]));
        assert.ok(Math.abs(actual.raw[0]! - expected[0]!) <= 1e-5 && Math.abs(actual.raw[1]! - expected[1]!) <= 1e-5);
      });
    });
  }
});
