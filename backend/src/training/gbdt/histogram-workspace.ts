import type { BinnedMatrix } from './binned-matrix.ts';
import { buildHistogram, clearFeatures, type HistogramLayout } from './histogram.ts';
import { createHistogramKernel, type HistogramKernel } from './histogram-kernel.ts';

/**
 * The buffers a tree grower builds histograms in: the bins, the row buffer, the gradient pairs and
 * a fixed number of histograms. Where it can, they live in the memory of the WebAssembly kernel
 * (histogram-kernel.ts), which then builds every histogram; otherwise (no WebAssembly, bins of
 * four bytes, more than 4 GiB) they are ordinary typed arrays and histogram.ts builds them. Both
 * give the same sums to the last bit.
 */
export interface HistogramWorkspace {
  /** 'webassembly' or 'javascript': which builder runs. */
  readonly builder: 'webassembly' | 'javascript';
  /** The binned matrix, its bins in this workspace. */
  readonly binned: BinnedMatrix;
  /** The grower's row buffer. */
  readonly rows: Uint32Array;
  /** Each row's gradient and hessian side by side: [g0, h0, g1, h1, ...]. */
  readonly gradients: Float64Array;
  /** Histogram `index` (0 ≤ index < histogramCapacity); the same storage every time it is asked for. */
  histogram(index: number): Float64Array;
  readonly histogramCapacity: number;
  /** Builds the histogram of rows[begin..end) over `features`, as `buildHistogram` does. */
  build(histogram: Float64Array, features: Int32Array, begin: number, end: number): void;
}

export interface HistogramWorkspaceOptions {
  /** False keeps everything in JavaScript (the fallback, and a check that both agree). Default true. */
  webAssembly?: boolean;
}

/** Byte offsets are kept 16-aligned, so that a histogram slot's gradient pair never straddles a cache line needlessly. */
const ALIGNMENT = 16;

export function createHistogramWorkspace(binned: BinnedMatrix, layout: HistogramLayout, histogramCapacity: number, options: HistogramWorkspaceOptions = {}): HistogramWorkspace {
  const workspace = options.webAssembly === false || !(binned.bins instanceof Uint16Array) ? null : webAssemblyWorkspace(binned, layout, histogramCapacity);
  return workspace ?? javaScriptWorkspace(binned, layout, histogramCapacity);
}

function javaScriptWorkspace(binned: BinnedMatrix, layout: HistogramLayout, histogramCapacity: number): HistogramWorkspace {
  const rows = new Uint32Array(binned.rowCount);
  const gradients = new Float64Array(2 * binned.rowCount);
  const histograms: Float64Array[] = [];
  return {
    builder: 'javascript',
    binned,
    rows,
    gradients,
    histogramCapacity,
    histogram(index) {
      assertIndex(index, histogramCapacity);
      while (histograms.length <= index) histograms.push(new Float64Array(layout.length));
      return histograms[index]!;
    },
    build(histogram, features, begin, end) {
      buildHistogram(histogram, layout, binned, features, rows, begin, end, gradients);
    },
  };
}

function webAssemblyWorkspace(binned: BinnedMatrix, layout: HistogramLayout, histogramCapacity: number): HistogramWorkspace | null {
  const { rowCount } = binned;
  const featureCount = binned.features.length;
  let bytes = 0;
  const reserve = (length: number, elementBytes: number): number => {
    const at = bytes;
    bytes += Math.ceil((length * elementBytes) / ALIGNMENT) * ALIGNMENT;
    return at;
  };
  const binsAt = reserve(rowCount * featureCount, Uint16Array.BYTES_PER_ELEMENT);
  const rowsAt = reserve(rowCount, Uint32Array.BYTES_PER_ELEMENT);
  const pairsAt = reserve(2 * rowCount, Float64Array.BYTES_PER_ELEMENT);
  const featuresAt = reserve(featureCount, Int32Array.BYTES_PER_ELEMENT);
  const histogramsAt = reserve(0, 1);
  const histogramBytes = Math.ceil((layout.length * Float64Array.BYTES_PER_ELEMENT) / ALIGNMENT) * ALIGNMENT;
  bytes += histogramCapacity * histogramBytes;

  const kernel: HistogramKernel | null = createHistogramKernel(bytes);
  if (!kernel) return null;
  const { buffer } = kernel;
  const bins = new Uint16Array(buffer, binsAt, rowCount * featureCount);
  bins.set(binned.bins);
  const rows = new Uint32Array(buffer, rowsAt, rowCount);
  const gradients = new Float64Array(buffer, pairsAt, 2 * rowCount);
  // The features of the current build, each as its byte offset within a row's bins.
  const featureOffsets = new Int32Array(buffer, featuresAt, featureCount);
  const histograms: Float64Array[] = [];
  const rowBytes = featureCount * Uint16Array.BYTES_PER_ELEMENT;

  return {
    builder: 'webassembly',
    binned: { ...binned, bins },
    rows,
    gradients,
    histogramCapacity,
    histogram(index) {
      assertIndex(index, histogramCapacity);
      histograms[index] ??= new Float64Array(buffer, histogramsAt + index * histogramBytes, layout.length);
      return histograms[index];
    },
    build(histogram, features, begin, end) {
      clearFeatures(histogram, layout, features);
      if (end <= begin || features.length === 0) return;
      for (let position = 0; position < features.length; position++) featureOffsets[position] = features[position]! * Uint16Array.BYTES_PER_ELEMENT;
      kernel.accumulate(
        rowsAt + begin * Uint32Array.BYTES_PER_ELEMENT,
        rowsAt + end * Uint32Array.BYTES_PER_ELEMENT,
        featuresAt,
        featuresAt + features.length * Int32Array.BYTES_PER_ELEMENT,
        binsAt,
        rowBytes,
        pairsAt,
        histogram.byteOffset,
      );
    },
  };
}

function assertIndex(index: number, capacity: number): void {
  if (index < 0 || index >= capacity) throw new Error(`Histogram ${index} is outside the workspace's ${capacity}`);
}
