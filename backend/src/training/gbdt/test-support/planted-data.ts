import type { FeatureMatrix } from '../../../features/index.ts';
import { SeededRandom } from '../seeded-random.ts';
import { featureMatrix } from './feature-matrices.ts';

/** Effect on the log-odds of each of the ten segments. */
const SEGMENT_EFFECTS = Object.freeze([-1.2, -0.8, -0.4, 0, 0, 0.3, 0.6, 0.9, 1.2, -0.2] as const);

export interface PlantedData {
  matrix: FeatureMatrix;
  /** The probability each label was drawn with: the best any model can do. */
  trueProbability: Float64Array;
}

/**
 * Rows drawn from a known logistic model, with what trees must find: a categorical feature of ten
 * levels, a threshold effect, an interaction, and a feature missing in 20% of rows whose
 * missingness itself raises the odds; plus two noise features that carry nothing.
 *
 *   logit = -1 + segment effect + 1.0·[score > 0.6] + 1.2·[a > 0 and b > 0] + 0.4·a
 *           + (income missing ? 0.9 : 0.5·income)
 */
export function plantedData(rowCount: number, seed: number): PlantedData {
  const random = new SeededRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const segment = new Float64Array(rowCount);
  const score = new Float64Array(rowCount);
  const a = new Float64Array(rowCount);
  const b = new Float64Array(rowCount);
  const income = new Float64Array(rowCount);
  const noise = new Float64Array(rowCount);
  const noiseCategory = new Float64Array(rowCount);
  const labels = new Float64Array(rowCount);
  const trueProbability = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    segment[row] = random.int(10);
    score[row] = random.next();
    a[row] = normal();
    b[row] = normal();
    income[row] = random.next() < 0.2 ? Number.NaN : normal();
    noise[row] = normal();
    noiseCategory[row] = random.int(5);
    const logit =
      -1 +
      SEGMENT_EFFECTS[segment[row]!]! +
      (score[row]! > 0.6 ? 1 : 0) +
      (a[row]! > 0 && b[row]! > 0 ? 1.2 : 0) +
      0.4 * a[row]! +
      (Number.isNaN(income[row]!) ? 0.9 : 0.5 * income[row]!);
    trueProbability[row] = 1 / (1 + Math.exp(-logit));
    labels[row] = random.next() < trueProbability[row]! ? 1 : 0;
  }
  const matrix = featureMatrix(
    [
      { name: 'segment', kind: 'categorical', values: segment, categoryCount: 10 },
      { name: 'score', kind: 'numeric', values: score },
      { name: 'a', kind: 'numeric', values: a },
      { name: 'b', kind: 'numeric', values: b },
      { name: 'income', kind: 'numeric', values: income },
      { name: 'noise', kind: 'numeric', values: noise },
      { name: 'noiseCategory', kind: 'categorical', values: noiseCategory, categoryCount: 5 },
    ],
    labels,
  );
  return { matrix, trueProbability };
}
