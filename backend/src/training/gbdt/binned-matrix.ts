import type { FeatureMatrix } from '../../features/index.ts';
import { MISSING_BIN, numericBin, numericUpperEdges } from './bin-edges.ts';
import type { SeededRandom } from './seeded-random.ts';

/** How one feature's raw values map to bins; bin 0 is always "missing". */
export interface FeatureBinning {
  kind: 'numeric' | 'categorical';
  /** Bins including the missing bin: at most 256, so that a bin fits a byte. */
  binCount: number;
  /** Numeric: the upper edge of bin b at index b - 1 (see bin-edges.ts). Empty for categorical. */
  upperEdges: Float64Array;
  /** Categorical: the bin of code c at index c. Empty for numeric. */
  binOfCode: Uint8Array;
}

export interface BinnedMatrix {
  rowCount: number;
  features: FeatureBinning[];
  /** Column-major: the bin of row r in feature f is at f * rowCount + r, one byte per cell. */
  bins: Uint8Array;
}

export interface BinningOptions {
  maxBins: number;
  maxCategoryBins: number;
  binSampleSize: number;
}

/**
 * Quantizes the given rows of a matrix once, before the first tree: every later histogram reads
 * one byte per row and feature instead of a double, which is what makes histogram training fast.
 * Row r of the result is matrix row `rows[r]`.
 */
export function binMatrix(matrix: FeatureMatrix, rows: Uint32Array, options: BinningOptions, random: SeededRandom): BinnedMatrix {
  const rowCount = rows.length;
  const bins = new Uint8Array(matrix.features.length * rowCount);
  const scratch = new Float64Array(rowCount);
  const features = matrix.features.map((feature, index) => {
    const column = matrix.columns[index]!;
    const out = bins.subarray(index * rowCount, (index + 1) * rowCount);
    return feature.kind === 'numeric'
      ? binNumeric(column, rows, out, scratch, options, random)
      : binCategorical(column, rows, out, feature.categories?.length ?? 0, options.maxCategoryBins);
  });
  return { rowCount, features, bins };
}

function binNumeric(column: Float64Array, rows: Uint32Array, out: Uint8Array, scratch: Float64Array, options: BinningOptions, random: SeededRandom): FeatureBinning {
  let finiteCount = 0;
  for (let index = 0; index < rows.length; index++) {
    const value = column[rows[index]!]!;
    if (Number.isFinite(value)) scratch[finiteCount++] = value;
  }
  let sample = scratch.subarray(0, finiteCount);
  if (finiteCount > options.binSampleSize) {
    random.chooseInPlace(sample, options.binSampleSize);
    sample = sample.subarray(0, options.binSampleSize);
  }
  sample.sort();
  const upperEdges = numericUpperEdges(sample, options.maxBins);
  for (let index = 0; index < rows.length; index++) out[index] = numericBin(upperEdges, column[rows[index]!]!);
  return { kind: 'numeric', binCount: upperEdges.length + 1, upperEdges, binOfCode: new Uint8Array(0) };
}

/**
 * Codes are bins already (code c is bin c + 1). Beyond `maxCategoryBins` codes, the most frequent
 * keep a bin of their own and the rest share the last one, as rare values share "other" in the
 * feature spec; the model then lists every code of that shared bin on the side the bin went.
 */
function binCategorical(column: Float64Array, rows: Uint32Array, out: Uint8Array, vocabularySize: number, maxCategoryBins: number): FeatureBinning {
  let codeCount = vocabularySize;
  for (let index = 0; index < rows.length; index++) {
    const code = column[rows[index]!]!;
    if (Number.isFinite(code) && code >= codeCount) codeCount = code + 1;
  }
  const binOfCode = new Uint8Array(codeCount);
  if (codeCount <= maxCategoryBins) {
    for (let code = 0; code < codeCount; code++) binOfCode[code] = code + 1;
  } else {
    const counts = new Float64Array(codeCount);
    for (let index = 0; index < rows.length; index++) {
      const code = column[rows[index]!]!;
      if (Number.isFinite(code)) counts[code]! += 1;
    }
    const byFrequency = Array.from({ length: codeCount }, (_, code) => code).sort((a, b) => counts[b]! - counts[a]! || a - b);
    binOfCode.fill(maxCategoryBins);
    for (let rank = 0; rank < maxCategoryBins - 1; rank++) binOfCode[byFrequency[rank]!] = rank + 1;
  }
  for (let index = 0; index < rows.length; index++) {
    const code = column[rows[index]!]!;
    out[index] = Number.isFinite(code) ? binOfCode[code]! : MISSING_BIN;
  }
  return { kind: 'categorical', binCount: Math.min(codeCount, maxCategoryBins) + 1, upperEdges: new Float64Array(0), binOfCode };
}
