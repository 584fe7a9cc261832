import os from 'node:os';
import { profileTable } from '../src/datasets/profile/index.ts';
import { compileFeatureSpec } from '../src/features/index.ts';
import { OUTCOME_FIELDS, syntheticTableStream, TRUE_PROBABILITY_FIELD } from '../src/synthetic/index.ts';
import { createTreeShapExplainer } from '../src/training/explain/index.ts';
import { buildShapForest } from '../src/training/explain/shap-forest.ts';
import { toShapTree } from '../src/training/explain/shap-tree.ts';
import { createReferenceExplainer } from '../src/training/explain/test-support/reference-tree-shap.ts';
import { randomModel, randomRow } from '../src/training/explain/test-support/random-models.ts';
import { SeededRandom } from '../src/training/gbdt/seeded-random.ts';
import { plantedData } from '../src/training/gbdt/test-support/planted-data.ts';
import { trainGbdt } from '../src/training/gbdt/train-gbdt.ts';
import type { TreeModel } from '../src/training/gbdt/tree-model.ts';
import { trainCandidate } from '../src/training/pipeline/index.ts';
import { positiveNumberFromEnv, type BenchContext, type BenchResult, type Cell } from './benchmark.ts';

/**
 * TreeSHAP per record: the explainer (linear TreeSHAP, docs/decisions/0021) with each of its kernels
 * against the algorithm it replaced (Lundberg et al.'s Algorithm 2, kept as the tests' reference),
 * in the same process on the same rows, rounds of the three alternating. The first case is the scoring-api benchmark's model:
 * trees trained through trainCandidate on 5,000 generated leads. The database is not used.
 *
 * BENCH_TREE_SHAP_ROUNDS (default 7) sets the rounds; each explains every row once with each
 * explainer, and the table gives the median round.
 */

export const name = 'tree-shap';

const ROWS = 2_000;

interface Case {
  label: string;
  model: TreeModel;
  rows: Float64Array[];
}

async function leadModelCase(): Promise<Case> {
  const read = () => syntheticTableStream({ object: 'Lead', rows: 5_000, seed: 1 });
  const exclude = [...OUTCOME_FIELDS.Lead.filter((field) => field !== 'IsConverted'), TRUE_PROBABILITY_FIELD];
  const candidate = await trainCandidate({ read, profile: await profileTable(read()), target: { column: 'IsConverted' }, exclude }, { seed: 0 });
  const { model, featureSpec } = candidate.models.gbdt;
  const matrix = await compileFeatureSpec(featureSpec).transformTable(syntheticTableStream({ object: 'Lead', rows: ROWS, seed: 7 }));
  const rows = Array.from({ length: matrix.rowCount }, (_, row) => Float64Array.from(matrix.columns, (column) => column[row]!));
  return { label: 'lead model as scoring-api trains it (5,000 generated leads)', model, rows };
}

async function plantedCase(): Promise<Case> {
  const { matrix } = plantedData(5_000, 3);
  const { model } = await trainGbdt(matrix, { params: { rounds: 100, seed: 1, earlyStoppingRounds: null } });
  const rows = Array.from({ length: ROWS }, (_, row) => Float64Array.from(matrix.columns, (column) => column[row]!));
  return { label: '100 rounds on planted data (defaults: 31 leaves)', model, rows };
}

function randomCase(): Case {
  const model = randomModel(7, 30, 50, 10);
  const random = new SeededRandom(8);
  return { label: 'random hand-made trees, depth 10, repeated features', model, rows: Array.from({ length: ROWS }, () => randomRow(random, model)) };
}

function shapeOf(model: TreeModel): { leaves: number; lanes: number } {
  const forest = buildShapForest(model.trees.map(toShapTree));
  const leaves = Math.max(0, ...model.trees.map((tree) => tree.nodes.filter((node) => node.kind === 'leaf').length));
  return { leaves, lanes: Math.max(0, ...forest.lanes) };
}

/** Microseconds per row of one pass over the rows. */
function timePass(explain: (values: Float64Array, out: Float64Array) => unknown, rows: readonly Float64Array[], out: Float64Array): number {
  const start = process.hrtime.bigint();
  for (const values of rows) explain(values, out);
  return Number(process.hrtime.bigint() - start) / 1000 / rows.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function run({ progress }: BenchContext): Promise<BenchResult> {
  const rounds = Math.round(positiveNumberFromEnv('BENCH_TREE_SHAP_ROUNDS', 7));
  const loadBefore = os.loadavg()[0]!;
  progress('training the lead model and the planted-data model');
  const cases = [await leadModelCase(), await plantedCase(), randomCase()];
  const rows: Cell[][] = [];
  for (const { label, model, rows: records } of cases) {
    progress(`${label}: ${rounds} rounds of ${records.length} records`);
    const explainer = createTreeShapExplainer(model, { kernel: 'webassembly' });
    const javascript = createTreeShapExplainer(model, { kernel: 'javascript' });
    const reference = createReferenceExplainer(model);
    const out = new Float64Array(model.features.length);
    const fallback = new Float64Array(model.features.length);
    const expected = new Float64Array(model.features.length);
    let largestDifference = 0;
    for (const values of records) {
      explainer.explainRowInto(values, out);
      javascript.explainRowInto(values, fallback);
      reference.explainRowInto(values, expected);
      for (let feature = 0; feature < out.length; feature++) {
        if (!Object.is(out[feature], fallback[feature])) throw new Error(`${label}: the kernels differ on feature ${feature}: ${out[feature]} and ${fallback[feature]}`);
        largestDifference = Math.max(largestDifference, Math.abs(out[feature]! - expected[feature]!));
      }
    }
    const times = { reference: [] as number[], javascript: [] as number[], wasm: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.reference.push(timePass(reference.explainRowInto, records, out));
      times.javascript.push(timePass(javascript.explainRowInto, records, out));
      times.wasm.push(timePass(explainer.explainRowInto, records, out));
    }
    const { leaves, lanes } = shapeOf(model);
    const referenceMicros = median(times.reference);
    const javascriptMicros = median(times.javascript);
    const wasmMicros = median(times.wasm);
    rows.push([
      label,
      `${model.trees.length} × ≤ ${leaves} leaves, ${model.features.length} features`,
      lanes,
      referenceMicros,
      `${javascriptMicros.toFixed(2)} (${(referenceMicros / javascriptMicros).toFixed(1)}×)`,
      `${wasmMicros.toFixed(2)} (${(referenceMicros / wasmMicros).toFixed(1)}×)`,
      largestDifference.toExponential(1),
    ]);
  }
  return {
    title: 'TreeSHAP per record: linear TreeSHAP against Algorithm 2',
    columns: ['model', 'trees', 'quadrature points (most)', 'Algorithm 2 µs/record', 'linear, JavaScript kernel µs/record', 'linear, WebAssembly kernel µs/record', 'largest |difference| from Algorithm 2'],
    rows,
    notes: [
      `One thread, explainRowInto over ${ROWS.toLocaleString('en-US')} records (no allocation per record), median of ${rounds} rounds alternating the three explainers in one process; warmed up by a first pass that also compares every contribution (the two kernels gave the same bits on every one). Serving uses the WebAssembly kernel; the JavaScript one is its fallback.`,
      'Quadrature points: ⌈D / 2⌉ rounded up to even, for D the most distinct features on one root-to-leaf path of a tree; linear TreeSHAP does about 3 multiply-adds per point on every edge of every tree.',
      `1-minute load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after, on ${os.availableParallelism()} cores.`,
    ],
  };
}
