import type { FeatureMatrix } from '../../features/index.ts';
import type { TreeModel } from '../gbdt/index.ts';
import { float32AtOrBelow, previousFloat32 } from './float32-values.ts';

/**
 * Thresholds of numeric splits for a graph whose input is float32.
 *
 * The TypeScript predictor compares the double value v with the double threshold t (`v <= t`); the
 * graph sees f = fround(v). We pick t' among float32 values so that `f <= t'` agrees with `v <= t`:
 *
 * - Without training values, t' = the largest float32 <= t. Any v <= t' and any v above the next
 *   float32 after t' route as before; only a value within one float32 step of t can flip (round to
 *   nearest, as `Math.fround(t)` alone would do, flips a training value lying exactly on the other
 *   side of a midpoint between two float32 neighbours, which the trainer's edges often are).
 * - With the training matrix, for a = the largest training value <= t and b = the smallest > t,
 *   any t' in [fround(a), fround(b)) routes every training row exactly as the predictor does; t'
 *   is the value above clamped into that interval. When fround(a) == fround(b) no t' exists: the
 *   split separates two values float32 cannot tell apart, and it is reported as a collision.
 */

export interface ThresholdCollision {
  tree: number;
  node: number;
  feature: string;
  threshold: number;
  /** The two training values on either side of the threshold that share one float32. */
  below: number;
  above: number;
}

export interface Float32ThresholdReport {
  numericSplits: number;
  /** Thresholds already a float32 value: nothing to choose. */
  exactInFloat32: number;
  /** Thresholds moved off the largest float32 below them, to keep a training value on its side. */
  movedForTrainingValues: number;
  /** Whether training values were given (without them, the thresholds are rounded down only). */
  checkedAgainstTrainingValues: boolean;
  collisions: ThresholdCollision[];
}

export interface Float32Thresholds {
  /** By tree, then node: the threshold to write (NaN for nodes that are not numeric splits). */
  thresholds: Float64Array[];
  report: Float32ThresholdReport;
}

export function float32Thresholds(model: TreeModel, trainingMatrix?: FeatureMatrix): Float32Thresholds {
  const sortedByFeature = new Map<number, Float64Array>();
  const sortedValues = (feature: number): Float64Array | null => {
    if (!trainingMatrix) return null;
    let sorted = sortedByFeature.get(feature);
    if (!sorted) {
      sorted = trainingMatrix.columns[feature]!.filter(Number.isFinite).sort();
      sortedByFeature.set(feature, sorted);
    }
    return sorted;
  };
  const report: Float32ThresholdReport = { numericSplits: 0, exactInFloat32: 0, movedForTrainingValues: 0, checkedAgainstTrainingValues: trainingMatrix !== undefined, collisions: [] };
  const thresholds = model.trees.map((tree, treeIndex) =>
    Float64Array.from(tree.nodes, (node, nodeIndex) => {
      if (node.kind !== 'numeric') return Number.NaN;
      report.numericSplits++;
      const threshold = node.threshold;
      if (Math.fround(threshold) === threshold) report.exactInFloat32++;
      const roundedDown = float32AtOrBelow(threshold);
      const sorted = sortedValues(node.feature);
      if (!sorted) return roundedDown;
      const aboveIndex = firstAbove(sorted, threshold);
      const low = aboveIndex > 0 ? Math.fround(sorted[aboveIndex - 1]!) : Number.NEGATIVE_INFINITY;
      const high = aboveIndex < sorted.length ? Math.fround(sorted[aboveIndex]!) : Number.POSITIVE_INFINITY;
      if (!(low < high)) {
        report.collisions.push({ tree: treeIndex, node: nodeIndex, feature: model.features[node.feature]!.name, threshold, below: sorted[aboveIndex - 1]!, above: sorted[aboveIndex]! });
        return roundedDown;
      }
      const chosen = Math.min(Math.max(roundedDown, low), previousFloat32(high));
      if (chosen !== roundedDown) report.movedForTrainingValues++;
      return chosen;
    }),
  );
  return { thresholds, report };
}

/** Index of the first value greater than `threshold` in ascending `sorted` (its length if none). */
function firstAbove(sorted: Float64Array, threshold: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= threshold) low = middle + 1;
    else high = middle;
  }
  return low;
}
