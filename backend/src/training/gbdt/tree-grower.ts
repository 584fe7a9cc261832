import type { BinnedMatrix } from './binned-matrix.ts';
import { createCategoryScratch } from './categorical-split.ts';
import { histogramLayout, subtractHistogram } from './histogram.ts';
import { createHistogramWorkspace } from './histogram-workspace.ts';
import { createSplitCandidate, type SplitCandidate, type SplitRules } from './split-candidate.ts';
import { findBestSplit } from './split-finder.ts';

/** A node of a tree as it is grown, in bins; tree-export.ts turns it into the model's raw-value node. */
export interface GrownNode {
  /** -1 for a leaf. */
  feature: number;
  categorical: boolean;
  thresholdBin: number;
  missingGoesLeft: boolean;
  unseenGoesLeft: boolean;
  /** Splits: per bin, 1 when its rows go left (a copy of the winning candidate's table). */
  goesLeft: Uint8Array | null;
  /** Categorical splits: per bin, a BIN_SIDES value. */
  binSides: Uint8Array | null;
  left: number;
  right: number;
  gain: number;
  gradient: number;
  hessian: number;
  count: number;
  /** The node's Newton step times the learning rate; for a leaf, what it adds to a row's score. */
  value: number;
  /** The node's rows are `rows[begin..end)` of the grower's row buffer (exact for leaves). */
  begin: number;
  end: number;
  depth: number;
}

export interface TreeGrowthParams extends SplitRules {
  maxLeaves: number;
  maxDepth: number | null;
  learningRate: number;
}

export interface TreeGrower {
  /** The caller puts the tree's rows (matrix positions, ascending) in `rows[0..rowCount)`. */
  readonly rows: Uint32Array;
  /** The caller puts each row's gradient and hessian here, side by side: [g0, h0, g1, h1, ...]. */
  readonly gradients: Float64Array;
  /** The binned matrix as the grower holds it: its bins may have moved to the histogram workspace. */
  readonly binned: BinnedMatrix;
  /** Which histogram builder runs (see histogram-workspace.ts). */
  readonly histogramBuilder: 'webassembly' | 'javascript';
  grow(rowCount: number, features: Int32Array): GrownNode[];
}

export interface TreeGrowerOptions {
  /** See HISTOGRAM_MEMORY_BUDGET_BYTES. */
  histogramBudgetBytes?: number;
  /** False builds histograms in JavaScript; default true where WebAssembly can (histogram-workspace.ts). */
  webAssembly?: boolean;
}

interface OpenLeaf {
  node: number;
  /** Null when the memory budget did not allow keeping it; its children are then built from rows. */
  histogram: Float64Array | null;
  candidate: SplitCandidate;
}

/**
 * Memory for the histograms of leaves waiting to be split. With the default 31 leaves this is
 * never reached (31 histograms of 50 features are 10 MB); with thousands of leaves on wide data
 * it would be gigabytes, so beyond it leaves keep only their best split, and their children's
 * histograms are built from rows instead of by subtraction.
 */
export const HISTOGRAM_MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;

/**
 * Grows trees leaf-wise, best first (as LightGBM): of all leaves, the one whose best split gains
 * most is split next, until `maxLeaves` or no leaf can be split. Each split partitions the leaf's
 * slice of the row buffer in place, builds the histogram of the smaller child from its rows and
 * derives the larger child's by subtracting that from the parent's. Every buffer (rows,
 * gradients, histograms, candidates) is allocated once and reused across trees.
 */
export function createTreeGrower(matrix: BinnedMatrix, params: TreeGrowthParams, options: TreeGrowerOptions = {}): TreeGrower {
  const layout = histogramLayout(matrix);
  const histogramBudgetBytes = options.histogramBudgetBytes ?? HISTOGRAM_MEMORY_BUDGET_BYTES;
  const keptHistogramLimit = Math.floor(histogramBudgetBytes / (layout.length * Float64Array.BYTES_PER_ELEMENT));
  // Open leaves keep at most this many histograms, and a split holds two more for a moment: its
  // leaf's and its smaller child's.
  const histogramCapacity = Math.min(keptHistogramLimit, params.maxLeaves) + 2;
  const workspace = createHistogramWorkspace(matrix, layout, histogramCapacity, { webAssembly: options.webAssembly });
  const { binned, rows, gradients } = workspace;
  const rightRows = new Uint32Array(binned.rowCount);
  const categoryScratch = createCategoryScratch();
  const freeHistograms: Float64Array[] = [];
  let histogramsInUse = 0;
  const freeCandidates: SplitCandidate[] = [];
  const acquireHistogram = (): Float64Array => freeHistograms.pop() ?? workspace.histogram(histogramsInUse++);
  const acquireCandidate = (): SplitCandidate => freeCandidates.pop() ?? createSplitCandidate();

  const canSplit = (depth: number, count: number): boolean => (params.maxDepth === null || depth < params.maxDepth) && count >= 2 * params.minSamplesLeaf;

  const leafValue = (gradient: number, hessian: number): number => {
    const denominator = hessian + params.lambda;
    return denominator > 0 ? (-gradient / denominator) * params.learningRate : 0;
  };

  const newLeaf = (begin: number, end: number, depth: number, gradient: number, hessian: number): GrownNode => ({
    feature: -1,
    categorical: false,
    thresholdBin: 0,
    missingGoesLeft: false,
    unseenGoesLeft: false,
    goesLeft: null,
    binSides: null,
    left: -1,
    right: -1,
    gain: 0,
    gradient,
    hessian,
    count: end - begin,
    value: leafValue(gradient, hessian),
    begin,
    end,
    depth,
  });

  /**
   * Stable partition of rows[begin..end): the order within each side stays ascending, for cache
   * locality. Each row is written to both sides and only the counter of its side advances: the
   * side is data-dependent and unpredictable, and a branch on it cost more than the extra store.
   */
  const partition = (begin: number, end: number, feature: number, goesLeft: Uint8Array): number => {
    const bins = binned.bins;
    const featureCount = binned.features.length;
    const firstBin = binned.firstBin[feature]!;
    let leftEnd = begin;
    let rightCount = 0;
    for (let index = begin; index < end; index++) {
      const row = rows[index]!;
      const left = goesLeft[bins[row * featureCount + feature]! - firstBin]!;
      rows[leftEnd] = row;
      rightRows[rightCount] = row;
      leftEnd += left;
      rightCount += 1 - left;
    }
    for (let index = 0; index < rightCount; index++) rows[leftEnd + index] = rightRows[index]!;
    return leftEnd;
  };

  return {
    rows,
    gradients,
    binned,
    histogramBuilder: workspace.builder,
    grow(rowCount, features) {
      let rootGradient = 0;
      let rootHessian = 0;
      for (let index = 0; index < rowCount; index++) {
        const row = rows[index]!;
        rootGradient += gradients[2 * row]!;
        rootHessian += gradients[2 * row + 1]!;
      }
      const nodes: GrownNode[] = [newLeaf(0, rowCount, 0, rootGradient, rootHessian)];
      const open: OpenLeaf[] = [];

      let keptHistograms = 0;
      const openLeaf = (node: number, histogram: Float64Array): void => {
        const candidate = acquireCandidate();
        findBestSplit(histogram, layout, binned, features, params, categoryScratch, candidate);
        if (candidate.feature < 0) {
          freeHistograms.push(histogram);
          freeCandidates.push(candidate);
        } else if (keptHistograms < keptHistogramLimit) {
          keptHistograms++;
          open.push({ node, histogram, candidate });
        } else {
          freeHistograms.push(histogram);
          open.push({ node, histogram: null, candidate });
        }
      };
      const openFromRows = (node: number): void => {
        const histogram = acquireHistogram();
        workspace.build(histogram, features, nodes[node]!.begin, nodes[node]!.end);
        openLeaf(node, histogram);
      };

      if (params.maxLeaves > 1 && canSplit(0, rowCount)) openFromRows(0);

      let leafCount = 1;
      while (leafCount < params.maxLeaves && open.length > 0) {
        const chosen = open.splice(bestOpenLeaf(open), 1)[0]!;
        const { candidate, histogram } = chosen;
        if (histogram) keptHistograms--;
        const parent = nodes[chosen.node]!;
        const middle = partition(parent.begin, parent.end, candidate.feature, candidate.goesLeft);
        const leftIndex = nodes.length;
        const left = newLeaf(parent.begin, middle, parent.depth + 1, candidate.leftGradient, candidate.leftHessian);
        const right = newLeaf(middle, parent.end, parent.depth + 1, candidate.rightGradient, candidate.rightHessian);
        nodes.push(left, right);
        parent.feature = candidate.feature;
        parent.categorical = candidate.categorical;
        parent.thresholdBin = candidate.thresholdBin;
        parent.missingGoesLeft = candidate.missingGoesLeft;
        parent.unseenGoesLeft = candidate.unseenGoesLeft;
        parent.goesLeft = candidate.goesLeft.slice();
        parent.binSides = candidate.categorical ? candidate.binSides.slice() : null;
        parent.left = leftIndex;
        parent.right = leftIndex + 1;
        parent.gain = candidate.gain;
        freeCandidates.push(candidate);
        leafCount++;

        const leftOpens = leafCount < params.maxLeaves && canSplit(left.depth, left.count);
        const rightOpens = leafCount < params.maxLeaves && canSplit(right.depth, right.count);
        if (!histogram || (!leftOpens && !rightOpens)) {
          if (histogram) freeHistograms.push(histogram);
          if (leftOpens) openFromRows(leftIndex);
          if (rightOpens) openFromRows(leftIndex + 1);
          continue;
        }
        // Only the smaller child's rows are read; the larger child's histogram is the parent's minus it.
        const smallerIsLeft = left.count <= right.count;
        const smaller = smallerIsLeft ? left : right;
        const smallerHistogram = acquireHistogram();
        workspace.build(smallerHistogram, features, smaller.begin, smaller.end);
        const smallerOpens = smallerIsLeft ? leftOpens : rightOpens;
        const largerOpens = smallerIsLeft ? rightOpens : leftOpens;
        if (largerOpens) subtractHistogram(histogram, smallerHistogram, layout, features);
        else freeHistograms.push(histogram);
        if (smallerOpens) openLeaf(smallerIsLeft ? leftIndex : leftIndex + 1, smallerHistogram);
        else freeHistograms.push(smallerHistogram);
        if (largerOpens) openLeaf(smallerIsLeft ? leftIndex + 1 : leftIndex, histogram);
      }
      for (const leaf of open) {
        if (leaf.histogram) freeHistograms.push(leaf.histogram);
        freeCandidates.push(leaf.candidate);
      }
      return nodes;
    },
  };
}

/** The open leaf whose split gains most; ties go to the earlier node, so growth is reproducible. */
function bestOpenLeaf(open: readonly OpenLeaf[]): number {
  let best = 0;
  for (let index = 1; index < open.length; index++) {
    const leaf = open[index]!;
    const current = open[best]!;
    if (leaf.candidate.gain > current.candidate.gain || (leaf.candidate.gain === current.candidate.gain && leaf.node < current.node)) best = index;
  }
  return best;
}
