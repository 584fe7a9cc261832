/**
 * Whole points per field that add up exactly to `total` (a record's score minus the base score),
 * shared in proportion to the fields' log-odds contributions, rounded by largest remainder.
 *
 * When the contributions' sum has the sign of `total`, every field keeps the sign of its
 * contribution (or gets 0). When it has not, which only rounding at a score boundary can cause
 * (a calibrator is monotonic), `total` is shared among the fields pushing its way, by size; and
 * with no such field, among all of them. A total of 0 gives every field 0.
 */
export function allocatePoints(total: number, contributions: ArrayLike<number>): number[] {
  // Plain arrays, not typed ones: for a few dozen fields a typed array's storage lives outside the
  // JavaScript heap, and every one a request leaves behind costs the next young-generation
  // collection (decision 0023).
  const count = contributions.length;
  const points = new Array<number>(count).fill(0);
  if (total === 0 || count === 0) return points;
  const weights = new Array<number>(count).fill(0);
  let sum = 0;
  for (let index = 0; index < count; index++) {
    const value = contributions[index]!;
    weights[index] = Number.isFinite(value) ? value : 0;
    sum += weights[index]!;
  }
  if (!(sum !== 0 && Math.sign(sum) === Math.sign(total))) {
    sum = fallbackWeights(total, weights);
    if (sum === 0) {
      weights.fill(Math.sign(total));
      sum = Math.sign(total) * count;
    }
  }
  const shares = new Array<number>(count).fill(0);
  let assigned = 0;
  for (let index = 0; index < count; index++) {
    shares[index] = (total * weights[index]!) / sum;
    points[index] = Math.floor(shares[index]!);
    assigned += points[index]!;
  }
  // Floors leave 0 to count-1 points; they go to the largest fractional parts (ties to the larger share).
  const order = Array.from({ length: count }, (_, index) => index).sort((a, b) => shares[b]! - points[b]! - (shares[a]! - points[a]!) || Math.abs(shares[b]!) - Math.abs(shares[a]!));
  for (let given = 0; given < total - assigned; given++) points[order[given % count]!]! += 1;
  return points;
}

/**
 * Weights for the rare total the contributions' sum points against: the fields pushing the way of
 * `total`, else every field by its size, signed like `total`. Returns their sum (0 when all are 0).
 */
function fallbackWeights(total: number, weights: number[]): number {
  const direction = Math.sign(total);
  const pushing = weights.map((weight) => (Math.sign(weight) === direction ? weight : 0));
  const pushingSum = pushing.reduce((sum, weight) => sum + weight, 0);
  if (pushingSum !== 0) {
    pushing.forEach((weight, index) => (weights[index] = weight));
    return pushingSum;
  }
  for (let index = 0; index < weights.length; index++) weights[index] = Math.abs(weights[index]!) * direction;
  return weights.reduce((sum, weight) => sum + weight, 0);
}
