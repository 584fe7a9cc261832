import assert from 'node:assert/strict';
import { applyCalibratorToAll, fitIsotonicRegression, fitPlattScaling, type Calibrator } from '../calibration/index.ts';
import { predictProbability, predictRaw, trainGbdt, type TreeModel } from '../gbdt/index.ts';
import { smallModel } from '../gbdt/test-support/small-model.ts';
import { featureMatrix } from '../gbdt/test-support/feature-matrices.ts';
import { sigmoid } from '../linear/index.ts';
import type { FeatureMatrix } from '../../features/index.ts';
import { exportGbdtToOnnx } from './export-gbdt.ts';
import { concatRows, parityData, unusualRows } from './test-support/parity-data.ts';
import { assertScoresMatch, runOnnx } from './test-support/run-onnx.ts';

const TOLERANCE = 1e-5;

/** The TypeScript scores: raw log-odds, and the probability after the calibrator as scoring applies it. */
function expectedScores(model: TreeModel, matrix: FeatureMatrix, calibrator: Calibrator | null): { raw: Float64Array; probability: Float64Array } {
  const raw = predictRaw(model, matrix);
  if (!calibrator) return { raw, probability: predictProbability(model, matrix) };
  const scores = calibrator.input === 'raw' ? raw : raw.map(sigmoid);
  return { raw, probability: applyCalibratorToAll(calibrator, scores) };
}

async function assertParity(model: TreeModel, matrix: FeatureMatrix, options: Parameters<typeof exportGbdtToOnnx>[1] = {}): Promise<void> {
  const { onnx } = exportGbdtToOnnx(model, options);
  const actual = await runOnnx(onnx, matrix);
  assertScoresMatch(actual, expectedScores(model, matrix, options.calibrator ?? null), TOLERANCE);
}

describe('GBDT ONNX export: parity with the TypeScript predictor in onnxruntime-node', function () {
  this.timeout(60_000);
  let train: FeatureMatrix;
  let holdout: FeatureMatrix;
  let scoring: FeatureMatrix;
  let model: TreeModel;

  before(async () => {
    train = parityData(4000, 1);
    holdout = parityData(3000, 2);
    scoring = concatRows(concatRows(train, holdout), unusualRows(train));
    const result = await trainGbdt(train, { params: { rounds: 120, maxLeaves: 15, minSamplesLeaf: 5, earlyStoppingRounds: null, seed: 3 } });
    model = result.model;
  });

  it('trains a model that uses every kind of split the export must route', () => {
    const nodes = model.trees.flatMap((tree) => tree.nodes);
    assert.ok(nodes.some((node) => node.kind === 'categorical'));
    const fineSplits = nodes.filter((node) => node.kind === 'numeric' && node.feature === 3);
    assert.ok(fineSplits.length > 20, `only ${fineSplits.length} splits on the fine feature`);
    assert.ok(fineSplits.some((node) => node.kind === 'numeric' && Math.fround(node.threshold) !== node.threshold));
  });

  it('matches raw_score and probability on every row without a calibrator', async () => {
    await assertParity(model, scoring, { trainingMatrix: train });
  });

  it('routes every training row of thresholds between float32 neighbours exactly (no collision)', () => {
    const thresholds = exportGbdtToOnnx(model, { trainingMatrix: train }).thresholds!;
    assert.deepEqual(thresholds.collisions, []);
    assert.ok(thresholds.numericSplits > 0);
  });

  for (const [name, fit] of [
    ['Platt on raw scores', (raw: Float64Array, labels: Float64Array) => fitPlattScaling(raw, labels, 'raw')],
    ['Platt on probabilities', (raw: Float64Array, labels: Float64Array) => fitPlattScaling(raw.map(sigmoid), labels, 'probability')],
    ['isotonic on raw scores', (raw: Float64Array, labels: Float64Array) => fitIsotonicRegression(raw, labels, 'raw')],
    ['isotonic on probabilities', (raw: Float64Array, labels: Float64Array) => fitIsotonicRegression(raw.map(sigmoid), labels, 'probability')],
  ] as const) {
    it(`matches with ${name}`, async () => {
      const calibrator = fit(predictRaw(model, holdout), holdout.labels!);
      if (calibrator.method === 'isotonic') assert.ok(calibrator.x.length > 5, 'the isotonic calibrator has several knots');
      await assertParity(model, scoring, { trainingMatrix: train, calibrator });
    });
  }

  it('matches on new rows without the training matrix (thresholds rounded down only)', async () => {
    await assertParity(model, concatRows(holdout, unusualRows(train)));
  });

  it('routes single-leaf trees, one-sided categorical splits, unseen and missing codes as the predictor does', async () => {
    const base = smallModel();
    const tree = base.trees[0]!;
    const model: TreeModel = {
      ...base,
      trees: [
        tree,
        { nodes: [{ kind: 'leaf', value: 0.25, cover: 1, samples: 1 }] },
        {
          nodes: [
            { kind: 'categorical', feature: 1, leftCategories: [0, 1], rightCategories: [], unseenGoesLeft: true, missingGoesLeft: false, left: 1, right: 2, gain: 1, cover: 2, samples: 2, value: 0 },
            { kind: 'leaf', value: 0.5, cover: 1, samples: 1 },
            { kind: 'leaf', value: -0.5, cover: 1, samples: 1 },
          ],
        },
        {
          nodes: [
            { kind: 'categorical', feature: 1, leftCategories: [2], rightCategories: [0, 1], unseenGoesLeft: false, missingGoesLeft: true, left: 1, right: 2, gain: 1, cover: 2, samples: 2, value: 0 },
            { kind: 'leaf', value: 0.125, cover: 1, samples: 1 },
            { kind: 'leaf', value: -0.125, cover: 1, samples: 1 },
          ],
        },
      ],
    };
    const x = [0, 1, 1, 2, Number.NaN, Infinity, -Infinity, 0.5, 1.5, 3, 3, 3, 3, 3, 3];
    const segment = [0, 0, 1, 2, 0, 1, 2, 3, Number.NaN, 0, 1, 2, 3, -1, 1.5];
    const matrix = featureMatrix(
      [
        { name: 'x', kind: 'numeric', values: Float64Array.from(x) },
        { name: 'segment', kind: 'categorical', values: Float64Array.from(segment), categoryCount: 3 },
      ],
      null,
    );
    await assertParity(model, matrix);
  });
});
