import type { DesignMatrix } from './design-matrix.ts';

/**
 * The weighted Gram matrix `X' diag(weights) X` of a design matrix including its intercept column,
 * written in full (both triangles) into `out`, row-major, (columnCount + 1)^2 values. This is the
 * Hessian of the log loss without the penalty, and the bulk of a Newton iteration's work.
 *
 * Three parts, each done the way its memory is best read:
 * - intercept with every column: one dot product per column;
 * - dense with dense: one dot product per pair, streaming both columns;
 * - anything with a sparse column: row by row through the sparse row index, each row adding its
 *   few non-zeros times the row's dense values and times each other.
 */
export function weightedGram(design: DesignMatrix, weights: Float64Array, out: Float64Array): void {
  const size = design.columnCount + 1;
  const { rowCount, columns } = design;
  const set = (a: number, b: number, value: number): void => {
    out[a * size + b] = value;
    out[b * size + a] = value;
  };

  let total = 0;
  for (let row = 0; row < rowCount; row += 1) total += weights[row]!;
  out[0] = total;
  for (let j = 0; j < design.columnCount; j += 1) set(0, j + 1, design.dot(j, weights));

  const { sparseColumns, denseColumns, rowStart, entryColumn, entryValue } = design.rowIndex;
  for (let a = 0; a < denseColumns.length; a += 1) {
    const x = columns[denseColumns[a]!]!;
    for (let b = a; b < denseColumns.length; b += 1) {
      const y = columns[denseColumns[b]!]!;
      let sum = 0;
      for (let row = 0; row < rowCount; row += 1) sum += weights[row]! * x[row]! * y[row]!;
      set(denseColumns[a]! + 1, denseColumns[b]! + 1, sum);
    }
  }

  const sparseCount = sparseColumns.length;
  const denseCount = denseColumns.length;
  if (sparseCount === 0) return;
  const sparseDense = new Float64Array(sparseCount * denseCount);
  const sparseSparse = new Float64Array(sparseCount * sparseCount);
  const denseValues = new Float64Array(denseCount);
  const denseArrays = Array.from(denseColumns, (j) => columns[j]!);
  for (let row = 0; row < rowCount; row += 1) {
    const weight = weights[row]!;
    const start = rowStart[row]!;
    const end = rowStart[row + 1]!;
    if (weight === 0 || start === end) continue;
    for (let a = 0; a < denseCount; a += 1) denseValues[a] = denseArrays[a]![row]!;
    for (let e = start; e < end; e += 1) {
      const s = entryColumn[e]!;
      const value = weight * entryValue[e]!;
      const base = s * denseCount;
      for (let a = 0; a < denseCount; a += 1) sparseDense[base + a] = sparseDense[base + a]! + value * denseValues[a]!;
      // Entries are in ascending column order, so this fills the upper triangle (s <= t) only.
      const sparseBase = s * sparseCount;
      for (let f = e; f < end; f += 1) {
        const t = entryColumn[f]!;
        sparseSparse[sparseBase + t] = sparseSparse[sparseBase + t]! + value * entryValue[f]!;
      }
    }
  }
  for (let s = 0; s < sparseCount; s += 1) {
    const j = sparseColumns[s]! + 1;
    for (let a = 0; a < denseCount; a += 1) set(j, denseColumns[a]! + 1, sparseDense[s * denseCount + a]!);
    for (let t = s; t < sparseCount; t += 1) set(j, sparseColumns[t]! + 1, sparseSparse[s * sparseCount + t]!);
  }
}

/**
 * What `weightedGram` costs in multiply-adds, from the sparsity alone: the Newton solver's extra
 * work per iteration compared with a gradient, used to choose the solver.
 */
export function weightedGramCost(design: DesignMatrix): number {
  let dense = 0;
  const perRow = new Int32Array(design.rowCount);
  for (const rows of design.nonZeroRows) {
    if (!rows) dense += 1;
    else for (const row of rows) perRow[row]! += 1;
  }
  let rowWise = 0;
  for (const count of perRow) rowWise += count * dense + (count * (count + 1)) / 2;
  return design.passCost() + (design.rowCount * dense * (dense + 1)) / 2 + rowWise;
}
