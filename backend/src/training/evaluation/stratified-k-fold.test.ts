import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';
import { SeededRandom } from '../../synthetic/index.ts';
import { stratifiedKFold } from './stratified-k-fold.ts';

function labelsWithShare(rowCount: number, positiveShare: number, seed: number, unlabeledShare = 0): Float64Array {
  const random = new SeededRandom(seed);
  return Float64Array.from({ length: rowCount }, () => (random.chance(unlabeledShare) ? Number.NaN : random.chance(positiveShare) ? 1 : 0));
}

describe('stratifiedKFold', () => {
  it('should keep each fold within one row of the overall class shares and sizes', () => {
    const labels = labelsWithShare(10_007, 0.13, 1);
    const positives = labels.reduce((sum, label) => sum + label, 0);
    const folds = stratifiedKFold(labels, { folds: 5, seed: 42 });
    assert.equal(folds.length, 5);
    for (const fold of folds) {
      assert.ok(Math.abs(fold.validationPositives - positives / 5) <= 1, `fold ${fold.fold} has ${fold.validationPositives} positives`);
      assert.ok(Math.abs(fold.validationNegatives - (labels.length - positives) / 5) <= 1);
      assert.ok(Math.abs(fold.validation.length - labels.length / 5) <= 1);
      assert.equal(fold.train.length + fold.validation.length, labels.length);
    }
  });

  it('should put every labeled row in exactly one validation fold and never in its own training set', () => {
    const labels = labelsWithShare(997, 0.3, 2, 0.1);
    const folds = stratifiedKFold(labels, { folds: 4, seed: 7 });
    const seen = new Int32Array(labels.length);
    for (const fold of folds) {
      const validation = new Set(fold.validation);
      for (const row of fold.train) assert.ok(!validation.has(row));
      for (const row of fold.validation) seen[row]! += 1;
      for (const rows of [fold.train, fold.validation]) for (let index = 1; index < rows.length; index += 1) assert.ok(rows[index]! > rows[index - 1]!);
    }
    labels.forEach((label, row) => assert.equal(seen[row], Number.isNaN(label) ? 0 : 1, `row ${row}`));
  });

  it('should give the same folds for the same seed and different ones for another', () => {
    const labels = labelsWithShare(500, 0.4, 3);
    const first = stratifiedKFold(labels, { seed: 9 });
    assert.deepEqual(stratifiedKFold(labels, { seed: 9 }), first);
    assert.notDeepEqual(stratifiedKFold(labels, { seed: 10 })[0]!.validation, first[0]!.validation);
  });

  it('should refuse too few rows of a class, too few folds and labels other than 1, 0 or NaN', () => {
    assert.throws(() => stratifiedKFold(Float64Array.from([1, 1, 0, 0, 0, 0]), { folds: 3, seed: 1 }), { name: 'InvalidDataError', message: /at least 3 positive rows/ });
    assert.throws(() => stratifiedKFold(Float64Array.from([0, 0, 0, 0]), { folds: 2, seed: 1 }), InvalidDataError);
    assert.throws(() => stratifiedKFold(Float64Array.from([]), { folds: 2, seed: 1 }), InvalidDataError);
    assert.throws(() => stratifiedKFold(Float64Array.from([1, 0, 1, 0]), { folds: 1, seed: 1 }), ValidationError);
    assert.throws(() => stratifiedKFold(Float64Array.from([1, 0, 1, 0.5]), { folds: 2, seed: 1 }), { name: 'InvalidDataError', message: /Label 0\.5 at index 3/ });
  });
});
