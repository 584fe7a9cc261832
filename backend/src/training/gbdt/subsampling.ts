import type { SeededRandom } from './seeded-random.ts';

/**
 * Draws each row into the tree's sample with probability `rate` (as LightGBM's bagging does), in
 * row order, so the sample stays ascending and histogram builds read memory forwards. Writes the
 * sampled rows to `inBag` and the others to `outOfBag`; returns how many were sampled.
 */
export function sampleRows(random: SeededRandom, rate: number, rowCount: number, inBag: Uint32Array, outOfBag: Uint32Array): number {
  let inCount = 0;
  let outCount = 0;
  for (let row = 0; row < rowCount; row++) {
    if (rate >= 1 || random.next() < rate) inBag[inCount++] = row;
    else outOfBag[outCount++] = row;
  }
  return inCount;
}

/**
 * The features one tree may split on: round(rate × count), at least one, in ascending order so
 * that ties between equally good splits go to the same feature whatever was drawn first.
 */
export function sampleFeatures(random: SeededRandom, rate: number, featureCount: number, scratch: Int32Array): Int32Array {
  for (let feature = 0; feature < featureCount; feature++) scratch[feature] = feature;
  if (rate >= 1) return scratch.slice(0, featureCount);
  const take = Math.max(1, Math.round(rate * featureCount));
  random.chooseInPlace(scratch, take);
  return scratch.slice(0, take).sort();
}
