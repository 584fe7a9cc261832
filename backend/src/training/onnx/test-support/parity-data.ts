import type { FeatureMatrix } from '../../../features/index.ts';
import { SeededRandom } from '../../../synthetic/index.ts';
import { featureMatrix } from '../../gbdt/test-support/feature-matrices.ts';

/** The float32 step just above 1. */
export const FLOAT32_STEP_AT_ONE = 2 ** -23;

/**
 * A feature matrix as a trees feature spec writes it, with what the export must route exactly:
 * a categorical with an "other" code and missing codes, a numeric with NaN and ±Infinity, and
 * `fine`, whose distinct values are 1.3 float32 steps apart and not float32 values themselves, so
 * that the trainer's thresholds fall between float32 neighbours and rounding decides routing.
 */
export function parityData(rowCount: number, seed: number): FeatureMatrix {
  const random = new SeededRandom(seed);
  const segment = new Float64Array(rowCount);
  const amount = new Float64Array(rowCount);
  const share = new Float64Array(rowCount);
  const fine = new Float64Array(rowCount);
  const tier = new Float64Array(rowCount);
  const labels = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    segment[row] = random.chance(0.05) ? Number.NaN : random.int(8);
    const draw = random.next();
    amount[row] = draw < 0.15 ? Number.NaN : draw < 0.16 ? (random.chance(0.5) ? Infinity : -Infinity) : random.normal(100, 30);
    share[row] = random.next();
    const step = random.int(400);
    fine[row] = 1 + step * 1.3 * FLOAT32_STEP_AT_ONE;
    tier[row] = random.int(3);
    const segmentEffect = Number.isNaN(segment[row]!) ? 0.7 : [-1, -0.5, 0, 0.4, 0.8, 1.2, -0.3, 0.1][segment[row]!]!;
    const amountEffect = Number.isFinite(amount[row]!) ? (amount[row]! - 100) / 40 : 0.5;
    const fineEffect = step % 40 < 20 ? 0.8 : -0.8;
    const logit = -0.5 + segmentEffect + amountEffect + share[row]! - 0.5 + fineEffect + (tier[row] === 2 ? 0.6 : 0);
    labels[row] = random.chance(1 / (1 + Math.exp(-logit))) ? 1 : 0;
  }
  return featureMatrix(
    [
      { name: 'segment', kind: 'categorical', values: segment, categoryCount: 8 },
      { name: 'amount', kind: 'numeric', values: amount },
      { name: 'share', kind: 'numeric', values: share },
      { name: 'fine', kind: 'numeric', values: fine },
      { name: 'tier', kind: 'categorical', values: tier, categoryCount: 3 },
    ],
    labels,
  );
}

/** Rows a scoring matrix may hold that training never had: unseen, fractional and negative codes, infinities, extremes. */
export function unusualRows(template: FeatureMatrix): FeatureMatrix {
  const rows: number[][] = [
    [12, 100, 0.5, 1, 0],
    [2.5, 100, 0.5, 1, 1],
    [-1, Infinity, 0.5, 1, 5],
    [3, -Infinity, -5, 0, 2],
    [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN],
    [0, 1e30, 1e30, 1e30, 0.5],
    [7, -1e30, -1e30, -1e30, 2],
  ];
  return {
    ...template,
    rowCount: rows.length,
    columns: template.columns.map((_, feature) => Float64Array.from(rows, (row) => row[feature]!)),
    labels: null,
  };
}

export function concatRows(first: FeatureMatrix, second: FeatureMatrix): FeatureMatrix {
  return {
    ...first,
    rowCount: first.rowCount + second.rowCount,
    columns: first.columns.map((column, feature) => {
      const joined = new Float64Array(first.rowCount + second.rowCount);
      joined.set(column);
      joined.set(second.columns[feature]!, first.rowCount);
      return joined;
    }),
    labels: null,
  };
}
