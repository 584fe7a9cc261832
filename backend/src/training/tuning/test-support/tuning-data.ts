import type { FeatureMatrix } from '../../../features/index.ts';
import { featureMatrix } from '../../gbdt/test-support/feature-matrices.ts';
import { SeededRandom } from '../../gbdt/seeded-random.ts';

export interface TuningData {
  matrix: FeatureMatrix;
  trainRows: Int32Array;
  validationRows: Int32Array;
}

/**
 * Small, noisy data on which the defaults (31 leaves, 20 rows per leaf, learning rate 0.1) overfit,
 * so tuning has something to find: a planted signal in a categorical, a smooth numeric effect, a
 * threshold, a numeric missing in 25% of rows (missingness raises the odds), plus a 40-level noise
 * categorical and two noise numerics. The last `validationCount` rows are the validation slice.
 *
 *   logit = -0.8 + region effect + 0.6·x + 0.8·[t > 0.5] + (spend missing ? 0.7 : 0.4·spend)
 */
export function tuningData(trainCount: number, validationCount: number, seed: number): TuningData {
  const rowCount = trainCount + validationCount;
  const random = new SeededRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const regionEffects = [-1, -0.5, 0, 0.3, 0.8, 1.2];
  const columns = { region: new Float64Array(rowCount), x: new Float64Array(rowCount), t: new Float64Array(rowCount), spend: new Float64Array(rowCount), noiseCategory: new Float64Array(rowCount), noiseA: new Float64Array(rowCount), noiseB: new Float64Array(rowCount) };
  const labels = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    columns.region[row] = random.int(regionEffects.length);
    columns.x[row] = normal();
    columns.t[row] = random.next();
    columns.spend[row] = random.next() < 0.25 ? Number.NaN : normal();
    columns.noiseCategory[row] = random.int(40);
    columns.noiseA[row] = normal();
    columns.noiseB[row] = random.next();
    const spend = columns.spend[row]!;
    const logit = -0.8 + regionEffects[columns.region[row]!]! + 0.6 * columns.x[row]! + (columns.t[row]! > 0.5 ? 0.8 : 0) + (Number.isNaN(spend) ? 0.7 : 0.4 * spend);
    labels[row] = random.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  const matrix = featureMatrix(
    [
      { name: 'region', kind: 'categorical', values: columns.region, categoryCount: regionEffects.length },
      { name: 'x', kind: 'numeric', values: columns.x },
      { name: 't', kind: 'numeric', values: columns.t },
      { name: 'spend', kind: 'numeric', values: columns.spend },
      { name: 'noiseCategory', kind: 'categorical', values: columns.noiseCategory, categoryCount: 40 },
      { name: 'noiseA', kind: 'numeric', values: columns.noiseA },
      { name: 'noiseB', kind: 'numeric', values: columns.noiseB },
    ],
    labels,
  );
  const trainRows = Int32Array.from({ length: trainCount }, (_, index) => index);
  const validationRows = Int32Array.from({ length: validationCount }, (_, index) => trainCount + index);
  return { matrix, trainRows, validationRows };
}
