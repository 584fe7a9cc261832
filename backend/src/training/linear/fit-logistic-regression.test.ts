import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { ValidationError } from '../../errors.ts';
import { fitLogisticRegression } from './fit-logistic-regression.ts';
import type { LogisticRegressionModel } from './logistic-regression-model.ts';
import { matrixOf, PLANTED, plantedMatrix, referenceGradient } from './test-support/generated-matrix.ts';

const coefficientOf = (model: LogisticRegressionModel, feature: string): number => model.coefficients.find((entry) => entry.feature === feature)!.coefficient;
const coefficientList = (model: LogisticRegressionModel): number[] => model.coefficients.map((entry) => entry.coefficient);
const logit = (p: number): number => Math.log(p / (1 - p));

describe('fitLogisticRegression', () => {
  const planted = plantedMatrix(200_000, 1);

  it('should recover the planted coefficients from 200,000 generated rows with a small penalty', async () => {
    const model = await fitLogisticRegression(planted, { l2: 1e-6 });
    assert.equal(model.training.converged, true);
    // Standard errors here are about 0.006 for the numeric effects and 0.015 for the categories.
    assert.ok(Math.abs(model.intercept - PLANTED.intercept) < 0.04, `intercept ${model.intercept}`);
    PLANTED.numeric.forEach((expected, j) => assert.ok(Math.abs(coefficientOf(model, `x${j}`) - expected) < 0.03, `x${j}: ${coefficientOf(model, `x${j}`)} vs ${expected}`));
    ['A', 'B', 'C'].forEach((letter, k) => {
      const actual = coefficientOf(model, `segment=${letter}`);
      assert.ok(Math.abs(actual - PLANTED.categories[k]!) < 0.05, `segment=${letter}: ${actual}`);
    });
  });

  for (const solver of ['newton', 'lbfgs'] as const) {
    it(`should stop where an independently computed gradient is zero within the tolerance (${solver})`, async () => {
      const l2 = 1e-3;
      const model = await fitLogisticRegression(planted, { l2, solver, tolerance: 1e-7 });
      assert.equal(model.training.solver, solver);
      assert.equal(model.training.stopReason, 'gradientTolerance');
      const gradient = referenceGradient(planted, model.intercept, coefficientList(model), l2);
      gradient.forEach((value, index) => assert.ok(Math.abs(value) <= 1e-7 * 1.01, `gradient component ${index} is ${value}`));
      assert.ok(model.training.gradientMaxAbs <= 1e-7 * 1.01);
    });
  }

  it('should match the closed-form maximum likelihood for one binary feature', async () => {
    // Without a penalty the optimum reproduces each group's log-odds: intercept = logit(rate | x = 0),
    // coefficient = logit(rate | x = 1) - logit(rate | x = 0). A penalty of 1e-10 moves that by ~1e-10.
    const x = [...Array<number>(40).fill(0), ...Array<number>(60).fill(1)];
    const y = [...Array<number>(10).fill(1), ...Array<number>(30).fill(0), ...Array<number>(45).fill(1), ...Array<number>(15).fill(0)];
    const model = await fitLogisticRegression(matrixOf({ x }, y), { l2: 1e-10, tolerance: 1e-12 });
    assert.ok(Math.abs(model.intercept - logit(10 / 40)) < 1e-8, `intercept ${model.intercept}`);
    assert.ok(Math.abs(coefficientOf(model, 'x') - (logit(45 / 60) - logit(10 / 40))) < 1e-8);
  });

  it('should give the same model with Newton and L-BFGS, one-hot coefficients summing to zero', async () => {
    const newton = await fitLogisticRegression(planted, { l2: 1e-4, solver: 'newton', tolerance: 1e-9 });
    const lbfgs = await fitLogisticRegression(planted, { l2: 1e-4, solver: 'lbfgs', tolerance: 1e-9 });
    assert.ok(Math.abs(newton.intercept - lbfgs.intercept) < 1e-5);
    newton.coefficients.forEach(({ feature, coefficient }) => assert.ok(Math.abs(coefficient - coefficientOf(lbfgs, feature)) < 1e-5, feature));
    for (const model of [newton, lbfgs]) {
      const blockSum = ['A', 'B', 'C'].reduce((sum, letter) => sum + coefficientOf(model, `segment=${letter}`), 0);
      assert.ok(Math.abs(blockSum) < 1e-12, `block sum ${blockSum}`);
    }
  });

  it('should keep coefficients finite on perfectly separable data, smaller as the penalty grows', async () => {
    const x = [-3, -2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2, 3];
    const y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    const sizes: number[] = [];
    for (const l2 of [1e-6, 1e-3, 1e-1]) {
      for (const solver of ['newton', 'lbfgs'] as const) {
        const model = await fitLogisticRegression(matrixOf({ x }, y), { l2, solver });
        assert.ok(Number.isFinite(model.intercept) && Number.isFinite(coefficientOf(model, 'x')));
        assert.equal(model.training.converged, true, `${solver} at l2 ${l2}: ${model.training.stopReason}`);
        assert.ok(coefficientOf(model, 'x') > 0);
        if (solver === 'newton') sizes.push(coefficientOf(model, 'x'));
      }
    }
    assert.ok(sizes[0]! > sizes[1]! && sizes[1]! > sizes[2]!, `coefficients ${sizes.join(', ')}`);
  });

  it('should solve collinear columns (a duplicated feature, a constant column) by splitting the effect evenly', async () => {
    const { columns, labels } = plantedMatrix(5000, 2);
    const x = columns[2]!;
    const model = await fitLogisticRegression(matrixOf({ x, copy: x, constant: new Float64Array(5000).fill(1) }, labels), { l2: 1e-3 });
    assert.equal(model.training.converged, true);
    assert.ok(Math.abs(coefficientOf(model, 'x') - coefficientOf(model, 'copy')) < 1e-6);
    assert.ok(coefficientOf(model, 'x') > 0.5);
  });

  it('should be deterministic: the same data and options give the same model bit for bit', async () => {
    const matrix = plantedMatrix(20_000, 3);
    assert.deepEqual(await fitLogisticRegression(matrix, { l2: 1e-3 }), await fitLogisticRegression(matrix, { l2: 1e-3 }));
  });

  it('should train on the given rows only, skip unlabeled rows and honour sample weights', async () => {
    const matrix = plantedMatrix(3000, 4);
    const rows = Int32Array.from({ length: 1000 }, (_, index) => index * 3);
    const subset = {
      ...matrix,
      rowCount: rows.length,
      columns: matrix.columns.map((column) => Float64Array.from(rows, (row) => column[row]!)),
      labels: Float64Array.from(rows, (row) => matrix.labels![row]!),
    };
    const onRows = await fitLogisticRegression(matrix, { rows, tolerance: 1e-10 });
    const onSubset = await fitLogisticRegression(subset, { tolerance: 1e-10 });
    assert.ok(Math.abs(onRows.intercept - onSubset.intercept) < 1e-9);
    assert.equal(onRows.training.rowCount, 1000);

    const unlabeled = { ...matrix, labels: matrix.labels!.map((label, row) => (row % 3 === 0 ? label : Number.NaN)) };
    const skipping = await fitLogisticRegression(unlabeled, { tolerance: 1e-10 });
    assert.ok(Math.abs(skipping.intercept - onSubset.intercept) < 1e-9);

    // Weight 2 on a row counts it twice: the same as the data with that row duplicated.
    const small = matrixOf({ x: [0, 1, 2, 3, 1] }, [0, 0, 1, 1, 1]);
    const weighted = await fitLogisticRegression(small, { sampleWeights: Float64Array.from([1, 1, 1, 1, 2]), tolerance: 1e-12 });
    const duplicated = await fitLogisticRegression(matrixOf({ x: [0, 1, 2, 3, 1, 1] }, [0, 0, 1, 1, 1, 1]), { tolerance: 1e-12 });
    assert.ok(Math.abs(coefficientOf(weighted, 'x') - coefficientOf(duplicated, 'x')) < 1e-9);
  });

  it('should report progress after every iteration and stop when aborted', async () => {
    const iterations: number[] = [];
    const model = await fitLogisticRegression(plantedMatrix(5000, 5), { onProgress: (progress) => iterations.push(progress.iteration) });
    assert.deepEqual(iterations, Array.from({ length: model.training.iterations }, (_, index) => index + 1));

    await assert.rejects(fitLogisticRegression(plantedMatrix(100, 5), { signal: AbortSignal.abort() }), { name: 'AbortError' });
    const controller = new AbortController();
    let calls = 0;
    const onProgress = (): void => {
      calls += 1;
      controller.abort();
    };
    const aborted = fitLogisticRegression(plantedMatrix(20_000, 6), { solver: 'lbfgs', tolerance: 1e-14, signal: controller.signal, onProgress });
    await assert.rejects(aborted, { name: 'AbortError' });
    assert.equal(calls, 1, 'no iteration runs after the abort');
  });

  it('should say so when it stops at the iteration limit', async () => {
    const model = await fitLogisticRegression(plantedMatrix(2000, 7), { solver: 'lbfgs', maxIterations: 2 });
    assert.deepEqual([model.training.converged, model.training.stopReason, model.training.iterations], [false, 'maxIterations', 2]);
  });

  it('should refuse data it cannot learn from with an error that says what to change', async () => {
    await assert.rejects(fitLogisticRegression(matrixOf({ x: [1, 2] }, null)), { name: 'InvalidDataError', message: /no labels/ });
    await assert.rejects(fitLogisticRegression(matrixOf({ x: [] }, [])), { name: 'InvalidDataError', message: /no labeled rows/ });
    await assert.rejects(fitLogisticRegression(matrixOf({ x: [1, 2, 3] }, [1, 1, 1])), { name: 'InvalidDataError', message: /All 3 training rows have a positive outcome/ });
    await assert.rejects(fitLogisticRegression(matrixOf({ x: [1, 2] }, [Number.NaN, Number.NaN])), InvalidDataError);
    await assert.rejects(fitLogisticRegression(matrixOf({ x: [1, Number.NaN] }, [1, 0])), { name: 'InvalidDataError', message: /Feature "x" is NaN at row index 1.*modelKind "linear"/ });
    await assert.rejects(fitLogisticRegression(matrixOf({ x: [1, 2] }, [1, 0.5])), { name: 'InvalidDataError', message: /Label 0\.5/ });
  });

  it('should refuse bad options and rows or weights that do not fit the matrix', async () => {
    const matrix = matrixOf({ x: [1, 2, 3, 4] }, [0, 1, 0, 1]);
    await assert.rejects(fitLogisticRegression(matrix, { l2: 0 }), { name: 'ValidationError', message: /l2: must be a positive number/ });
    await assert.rejects(fitLogisticRegression(matrix, { tolerance: -1 }), ValidationError);
    await assert.rejects(fitLogisticRegression(matrix, { maxIterations: 1.5 }), ValidationError);
    await assert.rejects(fitLogisticRegression(matrix, { rows: Int32Array.from([0, 9]) }), { name: 'ValidationError', message: /row 9/ });
    await assert.rejects(fitLogisticRegression(matrix, { sampleWeights: Float64Array.from([1, 1]) }), ValidationError);
    await assert.rejects(fitLogisticRegression(matrix, { sampleWeights: Float64Array.from([1, -1, 1, 1]) }), InvalidDataError);
  });
});
