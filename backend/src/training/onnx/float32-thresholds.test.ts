import assert from 'node:assert/strict';
import { featureMatrix } from '../gbdt/test-support/feature-matrices.ts';
import { float32Thresholds } from './float32-thresholds.ts';
import { float32AtOrBelow, FLOAT32_MAX, previousFloat32 } from './float32-values.ts';
import { oneSplitModel } from './test-support/one-split-model.ts';

/** The float32 step just above 1. */
const U = 2 ** -23;
const column = (values: number[]) => featureMatrix([{ name: 'x', kind: 'numeric', values: Float64Array.from(values) }], null);

describe('float32 thresholds', () => {
  it('steps down between float32 values', () => {
    assert.equal(previousFloat32(1), 1 - 2 ** -24);
    assert.equal(previousFloat32(-1), -(1 + U));
    assert.equal(previousFloat32(Number.POSITIVE_INFINITY), FLOAT32_MAX);
    assert.ok(previousFloat32(0) < 0);
    assert.equal(float32AtOrBelow(0.1), previousFloat32(Math.fround(0.1)));
    assert.equal(float32AtOrBelow(-0.1), Math.fround(-0.1));
    assert.equal(float32AtOrBelow(1.5), 1.5);
    assert.equal(float32AtOrBelow(Number.MAX_VALUE), FLOAT32_MAX);
  });

  it('rounds a midpoint between two float32 neighbours down, where fround would round it up', () => {
    // a and b are neighbouring float32 values; fround(t) ties to even, which is b.
    const a = 1 + U;
    const b = 1 + 2 * U;
    const t = 1 + 1.5 * U;
    assert.equal(Math.fround(t), b, 'the naive rounding sends b left');
    const [threshold] = float32Thresholds(oneSplitModel(t)).thresholds[0]!;
    assert.equal(threshold, a);
    assert.ok(Math.fround(a) <= threshold! && Math.fround(b) > threshold!);
  });

  it('moves a threshold up when a training value below it rounds up past the rounded-down threshold', () => {
    const a = 1 + 2.6 * U; // fround: 1 + 3U
    const b = 1 + 3.6 * U; // fround: 1 + 4U
    const t = 1 + 2.8 * U; // rounded down: 1 + 2U, which would send a right
    const { thresholds, report } = float32Thresholds(oneSplitModel(t), column([1, a, b, 2]));
    assert.equal(thresholds[0]![0], 1 + 3 * U);
    assert.equal(report.movedForTrainingValues, 1);
    assert.deepEqual(report.collisions, []);
    const plain = float32Thresholds(oneSplitModel(t)).thresholds[0]![0]!;
    assert.ok(Math.fround(a) > plain, 'without training values a would be misrouted');
  });

  it('routes both neighbours of a midpoint threshold exactly whenever float32 tells them apart', () => {
    // The trainer's thresholds are midpoints between neighbouring training values; rounding the
    // midpoint down then never needs the training values (see the README's proof sketch).
    let separable = 0;
    for (let k = 0; k < 20_000; k++) {
      const a = 1 + ((k * 7919) % 10_007) * 0.37 * U;
      const b = a + (1 + (k % 23)) * 0.11 * U;
      if (Math.fround(a) === Math.fround(b)) continue;
      separable++;
      const threshold = float32AtOrBelow((a + b) / 2);
      assert.ok(Math.fround(a) <= threshold && Math.fround(b) > threshold, `a=${a} b=${b}`);
    }
    assert.ok(separable > 10_000);
  });

  it('reports a split between two training values that share one float32', () => {
    const a = 1 + 0.1 * U;
    const b = 1 + 0.3 * U;
    const { report } = float32Thresholds(oneSplitModel(1 + 0.2 * U), column([a, b, Number.NaN]));
    assert.equal(report.collisions.length, 1);
    assert.deepEqual(report.collisions[0], { tree: 0, node: 0, feature: 'x', threshold: 1 + 0.2 * U, below: a, above: b });
  });

  it('keeps "missing or not" splits (Number.MAX_VALUE) above every finite float32', () => {
    const { thresholds, report } = float32Thresholds(oneSplitModel(Number.MAX_VALUE), column([1, 5, Number.NaN]));
    assert.equal(thresholds[0]![0], FLOAT32_MAX);
    assert.equal(report.numericSplits, 1);
    assert.equal(report.exactInFloat32, 0);
  });
});
