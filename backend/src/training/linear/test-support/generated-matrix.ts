import type { FeatureMatrix, OutputFeature } from '../../../features/index.ts';
import { OUTPUT_FEATURE_ROLES } from '../../../features/index.ts';
import { SeededRandom } from '../../../synthetic/index.ts';

/** A numeric output feature as the feature spec describes one, for matrices built by hand. */
export function numericFeature(name: string, role: OutputFeature['role'] = OUTPUT_FEATURE_ROLES.value, feature = name): OutputFeature {
  return { name, kind: 'numeric', role, feature, sourceColumns: [feature], categories: null, otherCode: null, category: null };
}

export function matrixOf(columns: Record<string, number[] | Float64Array>, labels: number[] | Float64Array | null): FeatureMatrix {
  const names = Object.keys(columns);
  const rowCount = labels ? labels.length : (Object.values(columns)[0]?.length ?? 0);
  return {
    rowCount,
    features: names.map((name) => numericFeature(name)),
    columns: names.map((name) => Float64Array.from(columns[name]!)),
    labels: labels ? Float64Array.from(labels) : null,
    problems: [],
    problemCount: 0,
  };
}

export interface PlantedModel {
  intercept: number;
  /** Effects of standard normal features x0, x1, ... */
  numeric: number[];
  /** Effects of the categories of one categorical feature, one-hot encoded as `segment=A`, ...; they sum to 0. */
  categories: number[];
  categoryShares: number[];
}

export const PLANTED: PlantedModel = Object.freeze({
  intercept: -1,
  numeric: [0.5, -1, 2, 0, 0.3],
  categories: [0.6, -0.2, -0.4],
  categoryShares: [0.5, 0.3, 0.2],
});

/**
 * Rows drawn from a known logistic model, encoded as a linear feature spec would encode them:
 * standard normal numerics and a one-hot block whose columns sum to 1 (collinear with the intercept).
 */
export function plantedMatrix(rowCount: number, seed: number, planted: PlantedModel = PLANTED): FeatureMatrix {
  const random = new SeededRandom(seed);
  const numeric = planted.numeric.map(() => new Float64Array(rowCount));
  const oneHot = planted.categories.map(() => new Float64Array(rowCount));
  const labels = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row += 1) {
    let raw = planted.intercept;
    numeric.forEach((column, j) => {
      column[row] = random.normal();
      raw += planted.numeric[j]! * column[row]!;
    });
    let draw = random.next();
    let category = 0;
    while (category < planted.categoryShares.length - 1 && draw >= planted.categoryShares[category]!) draw -= planted.categoryShares[category++]!;
    oneHot[category]![row] = 1;
    raw += planted.categories[category]!;
    labels[row] = random.chance(1 / (1 + Math.exp(-raw))) ? 1 : 0;
  }
  const letters = ['A', 'B', 'C', 'D', 'E'];
  return {
    rowCount,
    features: [
      ...numeric.map((_, j) => numericFeature(`x${j}`)),
      ...oneHot.map((_, k) => ({ ...numericFeature(`segment=${letters[k]}`, OUTPUT_FEATURE_ROLES.category, 'segment'), category: letters[k]! })),
    ],
    columns: [...numeric, ...oneHot],
    labels,
    problems: [],
    problemCount: 0,
  };
}

/**
 * The gradient of the penalized mean log loss, written as plainly as possible (row by row, no
 * sparsity, no shared code with the trainer), to check the trainer's optimum independently.
 */
export function referenceGradient(matrix: FeatureMatrix, intercept: number, coefficients: number[], l2: number): number[] {
  const gradient = new Array<number>(coefficients.length + 1).fill(0);
  let count = 0;
  for (let row = 0; row < matrix.rowCount; row += 1) {
    const label = matrix.labels![row]!;
    if (Number.isNaN(label)) continue;
    count += 1;
    let raw = intercept;
    coefficients.forEach((coefficient, j) => (raw += coefficient * matrix.columns[j]![row]!));
    const residual = 1 / (1 + Math.exp(-raw)) - label;
    gradient[0]! += residual;
    coefficients.forEach((_, j) => (gradient[j + 1]! += residual * matrix.columns[j]![row]!));
  }
  return gradient.map((value, index) => value / count + (index === 0 ? 0 : l2 * coefficients[index - 1]!));
}
