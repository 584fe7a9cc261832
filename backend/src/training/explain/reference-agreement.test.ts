import assert from 'node:assert/strict';
import { profileTable } from '../../datasets/profile/index.ts';
import { compileFeatureSpec } from '../../features/index.ts';
import { OUTCOME_FIELDS, syntheticTableStream, TRUE_PROBABILITY_FIELD } from '../../synthetic/index.ts';
import { SeededRandom } from '../gbdt/seeded-random.ts';
import type { TreeModel } from '../gbdt/tree-model.ts';
import { trainCandidate } from '../pipeline/index.ts';
import { bruteForceShapley } from './test-support/brute-force-shapley.ts';
import { exactShapley } from './test-support/exact-shapley.ts';
import { createReferenceExplainer } from './test-support/reference-tree-shap.ts';
import { randomModel, randomRow } from './test-support/random-models.ts';
import { createTreeShapExplainer } from './tree-shap.ts';

const TOLERANCE = 1e-9;

/**
 * A chain of splits on `length` distinct features, then on a few of them again: each split leaves a
 * leaf on the left, with a cover of 1e-12, none, 3 or 1e-6 (times 1 to 2), and goes on to the right.
 */
function chainModel(length: number, random: SeededRandom): TreeModel {
  const nodes: TreeModel['trees'][number]['nodes'] = [];
  for (let level = 0; level < length + 10; level++) {
    const feature = level < length ? level : (7 * (level - length)) % length;
    const leafCover = [1e-12, 0, 3, 1e-6][level % 4]! * (1 + random.next());
    nodes.push({ kind: 'numeric', feature, threshold: 0.5, missingGoesLeft: level % 3 === 0, left: nodes.length + 1, right: nodes.length + 2, gain: 1, cover: 1, samples: 1, value: 0 });
    nodes.push({ kind: 'leaf', value: 3 * Math.sin(level), cover: leafCover, samples: 1 });
  }
  nodes.push({ kind: 'leaf', value: 5, cover: 1, samples: 1 });
  const features = Array.from({ length }, (_, index) => ({ name: `x${index}`, kind: 'numeric' as const, categories: null }));
  return { ...randomModel(1, 1, 0, 0), features, trees: [{ nodes }] };
}

/**
 * Linear TreeSHAP against Algorithm 2 (the explainer's algorithm before) on every feature of every
 * row, within 1e-9; and its two kernels, WebAssembly and JavaScript, against each other, bit for bit.
 */
function assertSameAsReference(model: TreeModel, rows: readonly Float64Array[]): void {
  const wasm = createTreeShapExplainer(model, { kernel: 'webassembly' });
  const javascript = createTreeShapExplainer(model, { kernel: 'javascript' });
  const reference = createReferenceExplainer(model);
  assert.equal(wasm.kernel, 'webassembly');
  assert.equal(javascript.base, wasm.base);
  assert.ok(Math.abs(wasm.base - reference.base) < 1e-12, `base ${wasm.base} vs ${reference.base}`);
  const actual = new Float64Array(model.features.length);
  const expected = new Float64Array(model.features.length);
  for (const values of rows) {
    wasm.explainRowInto(values, actual);
    assert.deepEqual(javascript.explainRow(values).contributions, actual, `the JavaScript kernel on [${Array.from(values)}]`);
    reference.explainRowInto(values, expected);
    expected.forEach((value, feature) => {
      assert.ok(Math.abs(actual[feature]! - value) <= TOLERANCE, `feature ${feature} of [${Array.from(values)}]: ${actual[feature]} vs ${value}`);
    });
  }
}

describe('linear TreeSHAP, both kernels, against the reference TreeSHAP (Algorithm 2)', function () {
  this.timeout(120_000);

  it('should agree on random trees: repeated features, deep paths, children without cover, unlisted codes', () => {
    const random = new SeededRandom(17);
    for (let seed = 0; seed < 120; seed++) {
      const model = randomModel(500 + seed, 1 + (seed % 12), 1 + (seed % 5), 1 + (seed % 14));
      const rows = Array.from({ length: 20 }, () => randomRow(random, model));
      // Codes no split's table holds, and values at the edges of whole numbers.
      rows.push(Float64Array.from(model.features, (_, feature) => [-0, 255, 256, 2 ** 31, -(2 ** 31) - 1, 1e300, 3 - 1e-12][feature % 7]!));
      assertSameAsReference(model, rows);
    }
  });

  it('should agree on trees with many distinct features on a path (many quadrature points)', () => {
    const random = new SeededRandom(18);
    for (let seed = 0; seed < 6; seed++) {
      const model = randomModel(900 + seed, 40 + 10 * seed, 3, 14 + seed);
      assertSameAsReference(model, Array.from({ length: 20 }, () => randomRow(random, model)));
    }
  });

  it('should give exact values down a chain of 60 distinct features (30 quadrature points) with covers down to 1e-12 and none', () => {
    // Algorithm 2 drifts here (its unwinding divides by cover shares): the exact values are the check.
    const random = new SeededRandom(20);
    const chain = chainModel(60, random);
    for (let row = 0; row < 4; row++) {
      const values = Float64Array.from(chain.features, () => (random.next() < 0.9 ? 0.9 : random.next() < 0.5 ? 0.1 : Number.NaN));
      const wasm = createTreeShapExplainer(chain, { kernel: 'webassembly' }).explainRow(values).contributions;
      assert.deepEqual(createTreeShapExplainer(chain, { kernel: 'javascript' }).explainRow(values).contributions, wasm);
      exactShapley(chain, values).forEach((value, feature) => {
        assert.ok(Math.abs(wasm[feature]! - value) <= 1e-12, `feature ${feature}: ${wasm[feature]} vs ${value}`);
      });
    }
  });

  it('should use an exact check that agrees with the brute force', () => {
    const random = new SeededRandom(21);
    const chain = chainModel(10, random);
    for (let row = 0; row < 10; row++) {
      const values = Float64Array.from(chain.features, () => (random.next() < 0.7 ? 0.9 : random.next() < 0.5 ? 0.1 : Number.NaN));
      const brute = bruteForceShapley(chain, values).contributions;
      exactShapley(chain, values).forEach((value, feature) => assert.ok(Math.abs(brute[feature]! - value) < 1e-12, `feature ${feature}: ${brute[feature]} vs ${value}`));
    }
  });

  it('should agree on a lead model trained as the scoring benchmark trains it (5,000 generated leads)', async () => {
    const read = () => syntheticTableStream({ object: 'Lead', rows: 5_000, seed: 1 });
    const exclude = [...OUTCOME_FIELDS.Lead.filter((field) => field !== 'IsConverted'), TRUE_PROBABILITY_FIELD];
    const candidate = await trainCandidate({ read, profile: await profileTable(read()), target: { column: 'IsConverted' }, exclude }, { seed: 0 });
    const { model, featureSpec } = candidate.models.gbdt;
    assert.ok(model.trees.length >= 10, `${model.trees.length} trees`);
    const matrix = await compileFeatureSpec(featureSpec).transformTable(syntheticTableStream({ object: 'Lead', rows: 1_000, seed: 7 }));
    const rows = Array.from({ length: matrix.rowCount }, (_, row) => Float64Array.from(matrix.columns, (column) => column[row]!));
    assertSameAsReference(model, rows);
  });

  it('should agree with single leaves among the trees, and without trees', () => {
    const model = randomModel(77, 5, 4, 6);
    const leaf = { nodes: [{ kind: 'leaf' as const, value: 0.5, cover: 1, samples: 1 }] };
    const random = new SeededRandom(19);
    const rows = Array.from({ length: 20 }, () => randomRow(random, model));
    assertSameAsReference({ ...model, trees: [leaf, ...model.trees, leaf] }, rows);
    assertSameAsReference({ ...model, trees: [leaf] }, rows);
    assertSameAsReference({ ...model, trees: [] }, rows);
  });
});
