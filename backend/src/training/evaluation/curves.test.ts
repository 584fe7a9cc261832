import assert from 'node:assert/strict';
import { ValidationError } from '../../errors.ts';
import { downsampleCurve, precisionRecallCurve, rocCurve } from './curves.ts';
import { rocAuc } from './ranking-metrics.ts';
import { assertClose, randomPredictions } from './test-support/random-predictions.ts';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe('rocCurve and precisionRecallCurve', () => {
  it('should give one point per distinct score after the start, tied rows moving together', () => {
    const roc = rocCurve(f64([0.5, 0.5, 0.2, 0.8]), f64([1, 0, 0, 1]));
    assert.deepEqual(roc, [
      { threshold: null, falsePositiveRate: 0, truePositiveRate: 0 },
      { threshold: 0.8, falsePositiveRate: 0, truePositiveRate: 0.5 },
      { threshold: 0.5, falsePositiveRate: 0.5, truePositiveRate: 1 },
      { threshold: 0.2, falsePositiveRate: 1, truePositiveRate: 1 },
    ]);
    const pr = precisionRecallCurve(f64([0.5, 0.5, 0.2, 0.8]), f64([1, 0, 0, 1]));
    assert.deepEqual(pr, [
      { threshold: null, recall: 0, precision: 1 },
      { threshold: 0.8, recall: 0.5, precision: 1 },
      { threshold: 0.5, recall: 1, precision: 2 / 3 },
      { threshold: 0.2, recall: 1, precision: 0.5 },
    ]);
  });

  it('should enclose the ROC AUC under the full curve (trapezoids)', () => {
    const { probabilities, labels } = randomPredictions(2000, 21, 30);
    const points = rocCurve(probabilities, labels, 10_000);
    let area = 0;
    for (let index = 1; index < points.length; index += 1) {
      const [a, b] = [points[index - 1]!, points[index]!];
      area += ((b.falsePositiveRate - a.falsePositiveRate) * (a.truePositiveRate + b.truePositiveRate)) / 2;
    }
    assertClose(area, rocAuc(probabilities, labels), 1e-12);
  });

  it('should keep at most 200 points by default, both ends included, in threshold order', () => {
    const { probabilities, labels } = randomPredictions(20_000, 22);
    for (const curve of [rocCurve(probabilities, labels), precisionRecallCurve(probabilities, labels)]) {
      assert.ok(curve.length <= 200 && curve.length >= 190, `kept ${curve.length}`);
      assert.equal(curve[0]!.threshold, null);
      assert.equal(curve.at(-1)!.threshold, Math.min(...probabilities));
      for (let index = 2; index < curve.length; index += 1) assert.ok(curve[index]!.threshold! < curve[index - 1]!.threshold!);
    }
    const roc = rocCurve(probabilities, labels);
    assert.deepEqual([roc.at(-1)!.falsePositiveRate, roc.at(-1)!.truePositiveRate], [1, 1]);
  });
});

describe('downsampleCurve', () => {
  it('should space the kept points evenly along the curve', () => {
    const line = Array.from({ length: 1001 }, (_, index) => ({ x: index / 1000, y: index / 1000 }));
    const kept = downsampleCurve(line, (point) => point.x, (point) => point.y, 11);
    assert.deepEqual(
      kept.map((point) => Math.round(point.x * 10) / 10),
      [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    );
  });

  it('should return a short curve unchanged and refuse room for fewer than 2 points', () => {
    const short = [{ x: 0, y: 0 }, { x: 1, y: 1 }];
    assert.deepEqual(downsampleCurve(short, (point) => point.x, (point) => point.y, 5), short);
    assert.throws(() => downsampleCurve(short, (point) => point.x, (point) => point.y, 1), ValidationError);
  });
});
