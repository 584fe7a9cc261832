import type { BinnedMatrix } from './binned-matrix.ts';

/**
 * Gradient histograms: per feature and bin, the sums of gradients and hessians and the row count
 * of a node's rows, interleaved in one Float64Array as [g, h, count] per bin so that one row's
 * update touches one cache line. A split is then found by scanning bins, not rows.
 */

export const HISTOGRAM_STRIDE = 3;

export interface HistogramLayout {
  /** Feature f's bins start at slot `offsets[f]`; `offsets[featureCount]` is the total. */
  offsets: Int32Array;
  /** Doubles per histogram. */
  length: number;
}

export function histogramLayout(binned: BinnedMatrix): HistogramLayout {
  const offsets = new Int32Array(binned.features.length + 1);
  binned.features.forEach((feature, index) => {
    offsets[index + 1] = offsets[index]! + feature.binCount;
  });
  return { offsets, length: offsets[binned.features.length]! * HISTOGRAM_STRIDE };
}

/** Buffers shared by every histogram build of a training run, allocated once. */
export interface HistogramScratch {
  /** The node's [gradient, hessian] pairs in the order of its rows, so the feature loops read them sequentially. */
  orderedGradients: Float64Array;
}

export function createHistogramScratch(rowCount: number): HistogramScratch {
  return { orderedGradients: new Float64Array(2 * rowCount) };
}

/**
 * Builds the histogram of rows[begin..end) over the given features only (the tree's column
 * sample); other features' slots are left as they were and never read. `gradients` holds each
 * row's gradient and hessian side by side: [g0, h0, g1, h1, ...].
 *
 * Features are filled eight at a time in one pass over the rows. Consecutive rows often fall in
 * the same bin (low-cardinality features, sorted data), and then each addition must wait for the
 * one before it to be stored; interleaving eight histograms gives the processor independent work
 * meanwhile. On a 30,000-row, 20-feature node that measured 2.7 ns per row and feature against
 * 3.6 ns for four at a time and about 5 ns for one.
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
  scratch: HistogramScratch,
): void {
  const count = end - begin;
  // Rows are ascending and distinct, so a node holding as many rows as the matrix holds them all,
  // in order: the gradients can then be read where they are, without gathering.
  const allRows = count === binned.rowCount;
  let ordered = gradients;
  if (!allRows) {
    ordered = scratch.orderedGradients;
    for (let index = 0; index < count; index++) {
      const row = rows[begin + index]!;
      ordered[2 * index] = gradients[2 * row]!;
      ordered[2 * index + 1] = gradients[2 * row + 1]!;
    }
  }
  const offsets = layout.offsets;
  for (let position = 0; position < features.length; position++) {
    const feature = features[position]!;
    histogram.fill(0, offsets[feature]! * HISTOGRAM_STRIDE, offsets[feature + 1]! * HISTOGRAM_STRIDE);
  }
  const pass: HistogramPass = { histogram, bins: binned.bins, rowCount: binned.rowCount, offsets, features, rows, begin, count, allRows, ordered };
  let position = 0;
  for (; position + 8 <= features.length; position += 8) accumulateEight(pass, position);
  for (; position + 4 <= features.length; position += 4) accumulateFour(pass, position);
  for (; position + 2 <= features.length; position += 2) accumulateTwo(pass, position);
  for (; position < features.length; position++) accumulateOne(pass, position);
}

interface HistogramPass {
  histogram: Float64Array;
  bins: Uint8Array;
  rowCount: number;
  offsets: Int32Array;
  features: Int32Array;
  rows: Uint32Array;
  begin: number;
  count: number;
  allRows: boolean;
  ordered: Float64Array;
}

function accumulateEight(pass: HistogramPass, position: number): void {
  const { histogram, bins, rowCount, offsets, features, rows, begin, count, allRows, ordered } = pass;
  const f0 = features[position]!;
  const f1 = features[position + 1]!;
  const f2 = features[position + 2]!;
  const f3 = features[position + 3]!;
  const f4 = features[position + 4]!;
  const f5 = features[position + 5]!;
  const f6 = features[position + 6]!;
  const f7 = features[position + 7]!;
  const s0 = offsets[f0]! * HISTOGRAM_STRIDE;
  const s1 = offsets[f1]! * HISTOGRAM_STRIDE;
  const s2 = offsets[f2]! * HISTOGRAM_STRIDE;
  const s3 = offsets[f3]! * HISTOGRAM_STRIDE;
  const s4 = offsets[f4]! * HISTOGRAM_STRIDE;
  const s5 = offsets[f5]! * HISTOGRAM_STRIDE;
  const s6 = offsets[f6]! * HISTOGRAM_STRIDE;
  const s7 = offsets[f7]! * HISTOGRAM_STRIDE;
  const c0 = f0 * rowCount;
  const c1 = f1 * rowCount;
  const c2 = f2 * rowCount;
  const c3 = f3 * rowCount;
  const c4 = f4 * rowCount;
  const c5 = f5 * rowCount;
  const c6 = f6 * rowCount;
  const c7 = f7 * rowCount;
  for (let index = 0; index < count; index++) {
    const row = allRows ? index : rows[begin + index]!;
    const g = ordered[2 * index]!;
    const h = ordered[2 * index + 1]!;
    let slot = s0 + bins[c0 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
    slot = s1 + bins[c1 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
    slot = s2 + bins[c2 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
    slot = s3 + bins[c3 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
    slot = s4 + bins[c4 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
    slot = s5 + bins[c5 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
    slot = s6 + bins[c6 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
    slot = s7 + bins[c7 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
  }
}

function accumulateFour(pass: HistogramPass, position: number): void {
  const { histogram, bins, rowCount, offsets, features, rows, begin, count, allRows, ordered } = pass;
  const f0 = features[position]!;
  const f1 = features[position + 1]!;
  const f2 = features[position + 2]!;
  const f3 = features[position + 3]!;
  const s0 = offsets[f0]! * HISTOGRAM_STRIDE;
  const s1 = offsets[f1]! * HISTOGRAM_STRIDE;
  const s2 = offsets[f2]! * HISTOGRAM_STRIDE;
  const s3 = offsets[f3]! * HISTOGRAM_STRIDE;
  const c0 = f0 * rowCount;
  const c1 = f1 * rowCount;
  const c2 = f2 * rowCount;
  const c3 = f3 * rowCount;
  for (let index = 0; index < count; index++) {
    const row = allRows ? index : rows[begin + index]!;
    const g = ordered[2 * index]!;
    const h = ordered[2 * index + 1]!;
    let slot = s0 + bins[c0 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
    slot = s1 + bins[c1 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
    slot = s2 + bins[c2 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
    slot = s3 + bins[c3 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
  }
}

function accumulateTwo(pass: HistogramPass, position: number): void {
  const { histogram, bins, rowCount, offsets, features, rows, begin, count, allRows, ordered } = pass;
  const f0 = features[position]!;
  const f1 = features[position + 1]!;
  const s0 = offsets[f0]! * HISTOGRAM_STRIDE;
  const s1 = offsets[f1]! * HISTOGRAM_STRIDE;
  const c0 = f0 * rowCount;
  const c1 = f1 * rowCount;
  for (let index = 0; index < count; index++) {
    const row = allRows ? index : rows[begin + index]!;
    const g = ordered[2 * index]!;
    const h = ordered[2 * index + 1]!;
    let slot = s0 + bins[c0 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
    slot = s1 + bins[c1 + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += g;
    histogram[slot + 1]! += h;
    histogram[slot + 2]! += 1;
  }
}

function accumulateOne(pass: HistogramPass, position: number): void {
  const { histogram, bins, rowCount, offsets, features, rows, begin, count, allRows, ordered } = pass;
  const feature = features[position]!;
  const start = offsets[feature]! * HISTOGRAM_STRIDE;
  const column = feature * rowCount;
  for (let index = 0; index < count; index++) {
    const row = allRows ? index : rows[begin + index]!;
    const slot = start + bins[column + row]! * HISTOGRAM_STRIDE;
    histogram[slot]! += ordered[2 * index]!;
    histogram[slot + 1]! += ordered[2 * index + 1]!;
    histogram[slot + 2]! += 1;
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
