import type { BinnedMatrix } from './binned-matrix.ts';

/**
 * Gradient histograms: per feature and bin, the sums of gradients and hessians and the row count
 * of a node's rows, interleaved in one Float64Array as [g, h, count] per bin so that one row's
 * update touches one cache line. A split is then found by scanning bins, not rows.
 */

export const HISTOGRAM_STRIDE = 3;

export interface HistogramLayout {
  /** Feature f's bins are global bins `offsets[f]..offsets[f + 1]` (times HISTOGRAM_STRIDE in doubles). */
  offsets: Int32Array;
  /** Doubles per histogram. */
  length: number;
}

export function histogramLayout(binned: BinnedMatrix): HistogramLayout {
  const offsets = binned.firstBin;
  return { offsets, length: offsets[binned.features.length]! * HISTOGRAM_STRIDE };
}

/**
 * Builds the histogram of rows[begin..end) over the given features only (the tree's column
 * sample); other features' slots are left as they were and never read. `gradients` holds each
 * row's gradient and hessian side by side: [g0, h0, g1, h1, ...].
 *
 * Rows are read one at a time, with all of a row's bins (one cache line, see BinnedMatrix) and its
 * gradient pair read once; a global bin is its slot. Updates of one slot are a row's feature count
 * apart, so they do not wait on each other even where consecutive rows share a bin. Each slot
 * still receives its rows in row order, so every sum is the same as feature by feature. On the
 * bank-marketing nodes (19 features) this measured about 2.6 ns per row and feature, against 3.8
 * for the former column-major build of eight features per pass.
 */
export function buildHistogram(
  histogram: Float64Array,
  layout: HistogramLayout,
  binned: BinnedMatrix,
  features: Int32Array,
  rows: Uint32Array,
  begin: number,
  end: number,
  gradients: Float64Array,
): void {
  const featureCount = binned.features.length;
  if (features.length === featureCount) {
    histogram.fill(0);
    accumulateAllFeatures(histogram, binned.bins, featureCount, rows, begin, end, gradients);
    return;
  }
  clearFeatures(histogram, layout, features);
  accumulateSomeFeatures(histogram, binned.bins, featureCount, features, rows, begin, end, gradients);
}

/** Zeroes the slots of the given features; a histogram's other slots are left as they were. */
export function clearFeatures(histogram: Float64Array, layout: HistogramLayout, features: Int32Array): void {
  const offsets = layout.offsets;
  for (let position = 0; position < features.length; position++) {
    const feature = features[position]!;
    histogram.fill(0, offsets[feature]! * HISTOGRAM_STRIDE, offsets[feature + 1]! * HISTOGRAM_STRIDE);
  }
}

// In both loops below, 3 is HISTOGRAM_STRIDE written out: V8 reloads a module constant and
// multiplies by it as a double, which cost about 0.6 ns per row and feature.

function accumulateAllFeatures(
  histogram: Float64Array,
  bins: Uint16Array | Uint32Array,
  featureCount: number,
  rows: Uint32Array,
  begin: number,
  end: number,
  gradients: Float64Array,
): void {
  for (let index = begin; index < end; index++) {
    const row = rows[index]!;
    const g = gradients[2 * row]!;
    const h = gradients[2 * row + 1]!;
    const rowEnd = (row + 1) * featureCount;
    for (let at = row * featureCount; at < rowEnd; at++) {
      const slot = bins[at]! * 3;
      histogram[slot]! += g;
      histogram[slot + 1]! += h;
      histogram[slot + 2]! += 1;
    }
  }
}

function accumulateSomeFeatures(
  histogram: Float64Array,
  bins: Uint16Array | Uint32Array,
  featureCount: number,
  features: Int32Array,
  rows: Uint32Array,
  begin: number,
  end: number,
  gradients: Float64Array,
): void {
  const sampled = features.length;
  for (let index = begin; index < end; index++) {
    const row = rows[index]!;
    const g = gradients[2 * row]!;
    const h = gradients[2 * row + 1]!;
    const rowStart = row * featureCount;
    for (let position = 0; position < sampled; position++) {
      const slot = bins[rowStart + features[position]!]! * 3;
      histogram[slot]! += g;
      histogram[slot + 1]! += h;
      histogram[slot + 2]! += 1;
    }
  }
}

/** Turns a parent's histogram into its larger child's by taking away the smaller child's, in place. */
export function subtractHistogram(parent: Float64Array, child: Float64Array, layout: HistogramLayout, features: Int32Array): void {
  for (let position = 0; position < features.length; position++) {
    const feature = features[position]!;
    const end = layout.offsets[feature + 1]! * HISTOGRAM_STRIDE;
    for (let slot = layout.offsets[feature]! * HISTOGRAM_STRIDE; slot < end; slot++) parent[slot]! -= child[slot]!;
  }
}
