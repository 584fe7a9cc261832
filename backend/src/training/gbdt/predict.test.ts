import assert from 'node:assert/strict';
import { logistic } from './log-loss.ts';
import { predictProbability, predictRaw, predictRow, predictRowProbability } from './predict.ts';
import { featureMatrix } from './test-support/feature-matrices.ts';
import { smallModel } from './test-support/small-model.ts';

describe('tree model prediction', () => {
  const model = smallModel();
  const cases: [number, number, number][] = [
    [0.5, 0, -0.5],
    [1, 1, -0.5],
    [Number.NaN, 1, -0.5],
    [Number.NEGATIVE_INFINITY, 0, -0.5],
    [1.0000001, 0, 2.5],
    [2, 1, 3.5],
    [2, 2, 3.5],
    [2, 77, 3.5],
    [2, 0.5, 3.5],
    [2, Number.NaN, 3.5],
  ];

  it('should route raw values: threshold inclusive on the left, missing and unseen codes by their stored directions', () => {
    for (const [x, segment, expected] of cases) {
      assert.equal(predictRow(model, Float64Array.of(x, segment)), expected, `x=${x} segment=${segment}`);
      assert.equal(predictRowProbability(model, Float64Array.of(x, segment)), logistic(expected));
    }
  });

  it('should score a matrix row by row as predictRow does', () => {
    const matrix = featureMatrix(
      [
        { name: 'x', kind: 'numeric', values: Float64Array.from(cases, ([x]) => x) },
        { name: 'segment', kind: 'categorical', values: Float64Array.from(cases, ([, segment]) => segment), categoryCount: 3 },
      ],
      null,
    );
    assert.deepEqual(predictRaw(model, matrix), Float64Array.from(cases, ([, , expected]) => expected));
    assert.deepEqual(predictProbability(model, matrix), Float64Array.from(cases, ([, , expected]) => logistic(expected)));
  });

  it('should give the base score when the model has no trees', () => {
    assert.equal(predictRow({ ...model, trees: [] }, Float64Array.of(1, 1)), 0.5);
  });
});
