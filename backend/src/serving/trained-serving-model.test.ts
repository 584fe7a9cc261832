import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DEFAULT_GRADE_BANDS } from '@scorebridge/shared';
import type { ModelVersionRow } from '../db/schema/index.ts';
import { applyCalibrator } from '../training/calibration/index.ts';
import * as ort from 'onnxruntime-node';
import { createRawFieldFeedBuilder, GRAPH_NAMES, SESSION_OPTIONS } from '../training/onnx/index.ts';
import { exportMessyModel, trainMessyModels, type MessyModels } from '../training/onnx/test-support/messy-models.ts';
import type { TrainedModel } from '../training/scoring/load-trained-model.ts';
import { createRecordExplainer, trainingAverages } from './record-explainer.ts';
import { toRecordScoreResult } from './score-results.ts';
import type { ServingModel } from './serving-model.ts';
import { createTrainedServingModel } from './trained-serving-model.ts';

const DAY_MS = 86_400_000;

function versionRow(kind: 'gbdt' | 'logistic', inputFields: string[]): ModelVersionRow {
  return {
    id: randomUUID(),
    workspaceId: randomUUID(),
    modelId: randomUUID(),
    version: 1,
    source: 'trained',
    kind,
    trainingRunId: null,
    datasetId: null,
    metrics: null,
    inputFields,
    codeVersion: null,
    description: null,
    createdByUserId: null,
    createdAt: new Date(),
  };
}

describe('a trained version served: ONNX Runtime probabilities on the TypeScript feature matrix, reasons from the same model', function () {
  this.timeout(120_000);
  let models: MessyModels;

  before(async () => {
    models = await trainMessyModels();
  });

  for (const kind of ['gbdt', 'logistic'] as const) {
    describe(kind, () => {
      let trained: TrainedModel;
      let serving: ServingModel;
      let records: Record<string, unknown>[];

      before(async () => {
        const messy = models[kind];
        const common = { versionId: randomUUID(), version: 1, modelName: 'Messy leads', transformer: messy.transformer, calibrator: messy.calibrator, gradeBands: DEFAULT_GRADE_BANDS };
        trained = kind === 'gbdt' ? { ...common, kind, model: models.gbdt.model } : { ...common, kind, model: models.logistic.model };
        serving = await createTrainedServingModel(versionRow(kind, [...messy.transformer.inputColumns]), trained, exportMessyModel(models, kind));
        const { columns, rows } = models.holdout;
        records = rows.map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index]])));
      });
      after(async () => {
        await serving.release();
      });

      it('should give the probabilities of the TypeScript model and calibrator, and contributions that add up to its raw score', async () => {
        const scored = await serving.score(records, records.map(() => true));
        const matrix = trained.transformer.transformRecords(records);
        const raw = models[kind].predictRaw(matrix);
        const baseRaw = createRecordExplainer(trained).baseRaw;
        assert.ok(Math.abs(applyCalibrator(trained.calibrator, baseRaw) - serving.baseProbability!) < 1e-12);
        scored.forEach((record, row) => {
          assert.ok(Math.abs(record.probability! - applyCalibrator(trained.calibrator, raw[row]!)) < 1e-5, `row ${row}`);
          const sum = record.explanation!.contributions.reduce((total, value) => total + value, baseRaw);
          assert.ok(Math.abs(sum - raw[row]!) < 1e-9, `row ${row}: ${sum} against ${raw[row]}`);
          const result = toRecordScoreResult(record, serving.baseProbability, DEFAULT_GRADE_BANDS, 50);
          const points = [...result.reasons.positive, ...result.reasons.negative].reduce((total, reason) => total + reason.points, 0);
          assert.equal(result.baseScore! + points, result.score);
          assert.equal(result.reasons.otherPoints, 0);
        });
        assert.deepEqual(serving.explanation, kind === 'gbdt' ? 'tree-shap' : 'linear');
      });

      it("should give exactly the probabilities of the version's raw-field model.onnx, odd records included", async () => {
        const odd = [{}, { Industry: '  Tech  ', Revenue: 'lots', Employees: '-0', CreatedDate: 'not a date', HasPhone: 'maybe' }, { Revenue: '1,234,567', Employees: 0, Email: 'x@' }];
        const all = [...records, ...odd];
        const session = await ort.InferenceSession.create(exportMessyModel(models, kind), SESSION_OPTIONS);
        try {
          const { feeds } = createRawFieldFeedBuilder(trained.transformer.fitted).fromRecords(all);
          const tensors = Object.fromEntries(Object.entries(feeds).map(([name, feed]) => [name, new ort.Tensor(feed.type, feed.data, feed.dims)]));
          const fromFile = (await session.run(tensors, [GRAPH_NAMES.probability]))[GRAPH_NAMES.probability]!.data as Float32Array;
          const served = await serving.score(all, all.map(() => false));
          served.forEach((record, row) => assert.ok(Object.is(record.probability, fromFile[row]), `row ${row}: served ${record.probability}, model.onnx ${fromFile[row]}`));
        } finally {
          await session.release();
        }
      });

      it('should score overlapping calls each on its own records (the transform writes one scratch matrix)', async () => {
        const alone = await serving.score(records.slice(0, 20), records.slice(0, 20).map(() => true));
        const [first, second] = await Promise.all([serving.score(records.slice(0, 20), records.slice(0, 20).map(() => true)), serving.score(records.slice(20, 60), records.slice(20, 60).map(() => true))]);
        assert.deepEqual(
          first!.map((record) => record.probability),
          alone.map((record) => record.probability),
        );
        first!.forEach((record, row) => assert.deepEqual(record.explanation!.contributions, alone[row]!.explanation!.contributions));
        assert.equal(second!.length, 40);
      });

      it('should name each field once, a ratio as a field of its own', async () => {
        const [scored] = await serving.score([records[0]], [true]);
        assert.deepEqual([...scored!.explanation!.fields].sort(), ['CreatedDate', 'Description', 'Email', 'Employees', 'HasPhone', 'Industry', 'Revenue', 'Revenue/Employees'].sort());
      });

      it('should say each field and its value in words, as the model read it', async () => {
        const createdDate = new Date(Date.now() - 10 * DAY_MS).toISOString();
        const [full, sparse, invalid] = await serving.score(
          [
            { Industry: ' Tech ', Employees: '1,200', Revenue: 5000.5, HasPhone: 'yes', CreatedDate: createdDate, Email: 'ana@gmail.com', Description: 'Wants a demo' },
            { Industry: 'N/A', HasPhone: 'maybe', Email: ' bo@acme.example ', Description: '   ' },
            { Email: 'not an email', HasPhone: 0, Employees: 0, Revenue: 10 },
          ],
          [true, true, true],
        );
        const texts = (record: typeof full) => Object.fromEntries(record!.explanation!.fields.map((field, index) => [field, record!.explanation!.describe(index)]));
        const hasDescriptionLength = trained.transformer.fitted.features.some((feature) => feature.source.derive === 'textLength');
        assert.deepEqual(texts(full), {
          Industry: 'Industry is Tech',
          Employees: 'Employees is 1,200',
          Revenue: 'Revenue is 5,000.5',
          HasPhone: 'Has phone: yes',
          CreatedDate: 'Created date was 10 days ago',
          Email: 'Email is a free email address',
          Description: hasDescriptionLength ? 'Description has 12 characters' : 'Description has 3 words',
          'Revenue/Employees': 'Revenue / Employees is 4.17',
        });
        assert.deepEqual(texts(sparse), {
          Industry: 'Industry is missing',
          Employees: 'Employees is missing',
          Revenue: 'Revenue is missing',
          HasPhone: 'Has phone is missing',
          CreatedDate: 'Created date is missing',
          Email: 'Email is a company address',
          Description: 'Description is empty',
          'Revenue/Employees': 'Revenue / Employees is missing',
        });
        assert.equal(sparse!.warnings?.length, 1);
        assert.match(sparse!.warnings![0]!, /^HasPhone: "maybe" .*; read as missing$/);
        assert.equal(texts(invalid).Email, 'Email is not a valid address');
        assert.equal(texts(invalid).HasPhone, 'Has phone: no');
        assert.equal(texts(invalid)['Revenue/Employees'], 'Revenue / Employees is missing');
      });

      it("should keep a record's words when other records are scored before they are read (the matrix is reused)", async () => {
        const [gmail] = await serving.score([{ Industry: 'Tech', Email: 'ana@gmail.com', Employees: 3 }], [true]);
        await serving.score(
          Array.from({ length: 100 }, () => ({ Industry: 'Retail', Email: 'bo@acme.example', Employees: 900 })),
          Array.from({ length: 100 }, () => true),
        );
        const words = Object.fromEntries(gmail!.explanation!.fields.map((field, index) => [field, gmail!.explanation!.describe(index)]));
        assert.equal(words.Industry, 'Industry is Tech');
        assert.equal(words.Email, 'Email is a free email address');
        assert.equal(words.Employees, 'Employees is 3');
      });

      it('should not score what is not a record, and explain only the records asked for', async () => {
        const scored = await serving.score([7, records[1], null, records[2]], [true, false, true, true]);
        assert.deepEqual(scored.map((record) => record.probability === null), [true, false, true, false]);
        assert.equal(scored[0]!.problem, 'the record is a number, not an object of field names and values');
        assert.equal(scored[1]!.explanation, undefined);
        assert.ok(scored[3]!.explanation);
      });

      if (kind === 'logistic') {
        it('should measure linear contributions from the training average, so they average 0 over the training rows', () => {
          const matrix = trained.transformer.transformBatch(models.train.rows, models.train.columns);
          const averages = trainingAverages(trained.transformer.fitted, trained.transformer.features);
          matrix.columns.forEach((column, feature) => {
            const mean = column.reduce((total, value) => total + value, 0) / column.length;
            assert.ok(Math.abs(mean - averages[feature]!) < 1e-9, `${matrix.features[feature]!.name}: ${mean} against ${averages[feature]}`);
          });
        });
      }
    });
  }
});
