import type { FeatureMatrix } from '../../features/index.ts';
import { MISSING_BIN, numericBin, numericUpperEdges } from './bin-edges.ts';
import type { SeededRandom } from './seeded-random.ts';
import { UNSEEN_CODE_BIN } from './split-candidate.ts';

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
  /**
   * The bins of all features are numbered through: feature f's bin b is global bin
   * `firstBin[f] + b`, and `firstBin[featureCount]` is the number of global bins. A histogram has
   * one slot per global bin.
   */
  firstBin: Int32Array;
  /**
   * Row-major: the global bin of row r in feature f is at `r * featureCount + f`. One row's bins
   * sit together, so a histogram pass reads each row's bins from one cache line and adds to a
   * slot straight from its value; two bytes a cell while the global bins fit, else four.
   */
  bins: Uint16Array | Uint32Array;
}

export interface BinningOptions {
  maxBins: number;
  maxCategoryBins: number;
  binSampleSize: number;
}

/**
 * Quantizes the given rows of a matrix once, before the first tree: every later histogram reads
 * one small integer per row and feature instead of a double, which is what makes histogram
 * training fast. Row r of the result is matrix row `rows[r]`.
 */
export function binMatrix(matrix: FeatureMatrix, rows: Uint32Array, options: BinningOptions, random: SeededRandom): BinnedMatrix {
  const rowCount = rows.length;
  const featureCount = matrix.features.length;
  const firstBin = new Int32Array(featureCount + 1);
  let bins: Uint16Array | Uint32Array = new Uint16Array(rowCount * featureCount);
  const column = new Uint8Array(rowCount);
  const scratch = new Float64Array(rowCount);
  const features = matrix.features.map((feature, index) => {
    const values = matrix.columns[index]!;
    const binning =
      feature.kind === 'numeric'
        ? binNumeric(values, rows, column, scratch, options, random)
        : binCategorical(values, rows, column, feature.categories?.length ?? 0, options.maxCategoryBins);
    const first = firstBin[index]!;
    firstBin[index + 1] = first + binning.binCount;
    // Past 65,536 global bins (more than 255 features of 256 bins) the cells need four bytes.
    if (firstBin[index + 1]! > 0x10000 && bins instanceof Uint16Array) bins = Uint32Array.from(bins);
    for (let row = 0, at = index; row < rowCount; row++, at += featureCount) bins[at] = first + column[row]!;
    return binning;
  });
  return { rowCount, features, firstBin, bins };
}

/**
 * Other rows of a matrix with the same features (validation rows) in the bins of the training
 * rows' binnings, so that a tree grown on bins can score them without going back to raw values.
 * Row-major, a feature's own bin (not a global one): row r (of `rows`) in feature f at
 * `r * featureCount + f`. Every raw value lands in the bin whose rows the model's tree sends the
 * same way (see bin-edges.ts); a category code the training rows did not have gets
 * UNSEEN_CODE_BIN, which goes where the model sends unseen codes.
 */
export function binRowsLike(binnings: readonly FeatureBinning[], matrix: FeatureMatrix, rows: Uint32Array): Uint16Array {
  const featureCount = binnings.length;
  const bins = new Uint16Array(rows.length * featureCount);
  binnings.forEach((binning, feature) => {
    const values = matrix.columns[feature]!;
    const { upperEdges, binOfCode } = binning;
    for (let index = 0, at = feature; index < rows.length; index++, at += featureCount) {
      const value = values[rows[index]!]!;
      if (binning.kind === 'numeric') bins[at] = numericBin(upperEdges, value);
      else if (!Number.isFinite(value)) bins[at] = MISSING_BIN;
      else bins[at] = value < binOfCode.length ? binOfCode[value]! : UNSEEN_CODE_BIN;
    }
  });
  return bins;
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
