/**
 * Bin edges of numeric features. A numeric feature's non-missing values fall into bins 1..n by
 * upper edges: a value goes into the first bin whose upper edge is at least the value. Bin 0 holds
 * the missing values. The last edge is Number.MAX_VALUE rather than Infinity, so that every edge
 * (and so every split threshold of the model) is a finite JSON number and a split "everything
 * present goes left" can still be written down.
 */

export const MISSING_BIN = 0;
export const LAST_EDGE = Number.MAX_VALUE;

/**
 * Upper edges for at most `maxBins` bins from sorted finite values (a sample of the feature). With
 * few distinct values every value gets a bin of its own; otherwise bins hold about equal numbers of
 * values, and a value more frequent than a bin's share (a zero, a default) gets a bin to itself.
 * Cuts lie halfway between neighbouring distinct values, as in LightGBM and scikit-learn, so
 * a value between two seen in training lands with the nearer one.
 */
export function numericUpperEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let index = 0; index < sorted.length; index++) {
    const value = sorted[index]!;
    if (distinct.length > 0 && distinct[distinct.length - 1] === value) counts[counts.length - 1]! += 1;
    else {
      distinct.push(value);
      counts.push(1);
    }
  }
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    for (let index = 0; index + 1 < distinct.length; index++) edges.push(midpoint(distinct[index]!, distinct[index + 1]!));
  } else {
    let remaining = sorted.length;
    let binsLeft = maxBins;
    let inBin = 0;
    for (let index = 0; index + 1 < distinct.length && binsLeft > 1; index++) {
      inBin += counts[index]!;
      const share = remaining / binsLeft;
      if (inBin >= share || counts[index + 1]! >= share) {
        edges.push(midpoint(distinct[index]!, distinct[index + 1]!));
        remaining -= inBin;
        binsLeft--;
        inBin = 0;
      }
    }
  }
  edges.push(LAST_EDGE);
  return Float64Array.from(edges);
}

/** A cut strictly below `above` and not below `below`, even where the two are adjacent doubles. */
function midpoint(below: number, above: number): number {
  let middle = below + (above - below) / 2;
  // Far-apart values of opposite sign overflow the difference; halving each first cannot.
  if (!Number.isFinite(middle)) middle = below / 2 + above / 2;
  return middle >= below && middle < above ? middle : below;
}

/** The bin of a raw value: 0 when missing (NaN or ±Infinity), else 1 + the first edge at or above it. */
export function numericBin(edges: Float64Array, value: number): number {
  if (!Number.isFinite(value)) return MISSING_BIN;
  let low = 0;
  let high = edges.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (value <= edges[middle]!) high = middle;
    else low = middle + 1;
  }
  return low + 1;
}
