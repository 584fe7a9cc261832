import { QUANTILES, type NumericHistogram } from '@scorebridge/shared';

/**
 * Quantiles and histogram bins of a numeric column, computed from its sorted sample. The histogram
 * is what drift checks compare later: bins are cut at the deciles, so that each holds about a tenth
 * of the reference values, and a value that fills a large share on its own (a spike such as 0 or a
 * 999 code) gets a bin of its own, so that a change in how often it occurs shows as drift.
 */

const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** Share of the sample above which a single value gets a bin of its own. */
const SPIKE_SHARE = 0.05;

/** The q-quantile of sorted values, interpolating between closest ranks (numpy's default, "type 7"). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const lower = sorted[below]!;
  return lower + (sorted[above]! - lower) * (position - below);
}

export function quantilesOfSorted(sorted: ArrayLike<number>): Record<keyof typeof QUANTILES, number> {
  const result = {} as Record<keyof typeof QUANTILES, number>;
  for (const [key, q] of Object.entries(QUANTILES) as [keyof typeof QUANTILES, number][]) result[key] = quantileOfSorted(sorted, q);
  return result;
}

/** The bin a value falls in: bin i holds (edges[i-1], edges[i]]; bin edges.length holds the rest. */
export function numericBinIndex(edges: readonly number[], value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (value <= edges[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Index of the last value below `value` in sorted values, or -1. */
function lastBelow(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

function spikes(sorted: ArrayLike<number>): number[] {
  const found: number[] = [];
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i === sorted.length || sorted[i] !== sorted[start]) {
      if (i - start >= SPIKE_SHARE * sorted.length) found.push(sorted[start]!);
      start = i;
    }
  }
  return found;
}

export function histogramOfSorted(sorted: ArrayLike<number>): NumericHistogram {
  const cuts = new Set<number>(DECILES.map((q) => quantileOfSorted(sorted, q)));
  for (const spike of spikes(sorted)) {
    // Right-closed bins isolate a spike between its value and the largest value below it.
    cuts.add(spike);
    const below = lastBelow(sorted, spike);
    if (below >= 0) cuts.add(sorted[below]!);
  }
  const edges = [...cuts].sort((a, b) => a - b);
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < sorted.length; i++) counts[numericBinIndex(edges, sorted[i]!)]!++;
  return { edges, shares: counts.map((count) => count / sorted.length) };
}

/** Share of the values a sentinel must fill at least. */
const SENTINEL_SHARE = 0.05;
const NINES = /^-?9{2,}$/;

/**
 * A code posing as a number: the most frequent value, at one end of the range and clearly apart
 * from all other values. Clearly apart means a gap wider than twice the range of the other values,
 * or a code's usual shape with some gap: 99, 999 or -999 beyond the others by a tenth of their
 * range, or a negative value such as -1 in a column otherwise never below zero. Ordinary spikes,
 * such as 0 in an amount column, do not qualify.
 */
export interface Extremes {
  min: number;
  max: number;
  aboveMin: number;
  belowMax: number;
}

/** The sentinel among sorted sample values, if any; the range of the other values comes from the exact extremes. */
export function findSentinel(sorted: ArrayLike<number>, extremes: Extremes): { value: number; share: number; othersMin: number; othersMax: number } | null {
  if (sorted.length === 0) return null;
  let modeValue = sorted[0]!;
  let modeCount = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    if (end - start > modeCount) {
      modeCount = end - start;
      modeValue = sorted[start]!;
    }
    start = end;
  }
  const share = modeCount / sorted.length;
  const atTop = modeValue === extremes.max;
  const atBottom = modeValue === extremes.min;
  if (share < SENTINEL_SHARE || share === 1 || atTop === atBottom) return null;
  const othersMin = atBottom ? extremes.aboveMin : extremes.min;
  const othersMax = atTop ? extremes.belowMax : extremes.max;
  const spread = othersMax - othersMin;
  const gap = atTop ? modeValue - othersMax : othersMin - modeValue;
  const farApart = spread > 0 && gap > 2 * spread;
  const ninesApart = NINES.test(String(modeValue)) && gap > 0.1 * spread;
  const negativeAmongPositives = atBottom && modeValue < 0 && othersMin >= 0;
  return farApart || ninesApart || negativeAmongPositives ? { value: modeValue, share, othersMin, othersMax } : null;
}
