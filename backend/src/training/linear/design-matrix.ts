import { buildRowIndex, type SparseRowIndex } from './sparse-row-index.ts';

/**
 * The feature columns as the solvers read them, with an implicit leading column of ones for the
 * intercept. Parameters are laid out `[intercept, coefficient 0, coefficient 1, ...]`.
 *
 * One-hot columns are mostly zeros, so a column with at most a quarter of its rows non-zero is
 * "sparse" and also keeps the list of those rows; the linear predictor and the gradient skip its
 * zeros. The Newton solver's Hessian reads the sparse columns row by row instead (see
 * weighted-gram.ts), through an index built the first time it is needed.
 */
export class DesignMatrix {
  readonly rowCount: number;
  /** Feature columns, not counting the intercept. */
  readonly columnCount: number;
  readonly columns: readonly Float64Array[];
  /** Rows where each column is non-zero, ascending; null for a dense column. */
  readonly nonZeroRows: readonly (Int32Array | null)[];
  #rowIndex: SparseRowIndex | undefined;

  constructor(columns: readonly Float64Array[], rowCount: number) {
    this.rowCount = rowCount;
    this.columnCount = columns.length;
    this.columns = columns;
    this.nonZeroRows = columns.map((column) => sparseRows(column, rowCount));
  }

  /** The sparse columns' values row by row; built on first use (it costs 12 bytes per non-zero value). */
  get rowIndex(): SparseRowIndex {
    this.#rowIndex ??= buildRowIndex(this.columns, this.nonZeroRows, this.rowCount);
    return this.#rowIndex;
  }

  /** `out[i] = parameters[0] + sum_j parameters[j + 1] x column j [i]`. */
  linearPredictor(parameters: Float64Array, out: Float64Array): void {
    out.fill(parameters[0]!, 0, this.rowCount);
    for (let j = 0; j < this.columnCount; j += 1) {
      const coefficient = parameters[j + 1]!;
      if (coefficient === 0) continue;
      const column = this.columns[j]!;
      const rows = this.nonZeroRows[j];
      if (rows) {
        for (let k = 0; k < rows.length; k += 1) {
          const row = rows[k]!;
          out[row] = out[row]! + coefficient * column[row]!;
        }
      } else {
        for (let row = 0; row < this.rowCount; row += 1) out[row] = out[row]! + coefficient * column[row]!;
      }
    }
  }

  /** `out[0] = sum_i vector[i]`, `out[j + 1] = sum_i vector[i] x column j [i]`. */
  transposeTimes(vector: Float64Array, out: Float64Array): void {
    let total = 0;
    for (let row = 0; row < this.rowCount; row += 1) total += vector[row]!;
    out[0] = total;
    for (let j = 0; j < this.columnCount; j += 1) out[j + 1] = this.dot(j, vector);
  }

  /** `sum_i vector[i] x column j [i]`, skipping the zeros of a sparse column. */
  dot(j: number, vector: Float64Array): number {
    const column = this.columns[j]!;
    const rows = this.nonZeroRows[j];
    let sum = 0;
    if (rows) {
      for (let k = 0; k < rows.length; k += 1) sum += vector[rows[k]!]! * column[rows[k]!]!;
    } else {
      for (let row = 0; row < this.rowCount; row += 1) sum += vector[row]! * column[row]!;
    }
    return sum;
  }

  /** Multiply-adds of one pass (a linear predictor or a gradient): the non-zero values plus the intercept. */
  passCost(): number {
    return this.nonZeroRows.reduce((sum, rows) => sum + (rows ? rows.length : this.rowCount), this.rowCount);
  }
}

const SPARSE_SHARE = 0.25;

function sparseRows(column: Float64Array, rowCount: number): Int32Array | null {
  let nonZero = 0;
  for (let row = 0; row < rowCount; row += 1) if (column[row] !== 0) nonZero += 1;
  if (nonZero > rowCount * SPARSE_SHARE) return null;
  const rows = new Int32Array(nonZero);
  let next = 0;
  for (let row = 0; row < rowCount; row += 1) if (column[row] !== 0) rows[next++] = row;
  return rows;
}
