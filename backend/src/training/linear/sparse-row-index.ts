/**
 * The sparse columns of a design matrix stored row by row (compressed sparse rows): for row i,
 * entries `rowStart[i]` to `rowStart[i + 1] - 1` give the sparse column (its position among the
 * sparse columns) and value of each non-zero, in ascending column order.
 *
 * Products of two one-hot columns are zero except on the few rows both share, and a column-pair
 * loop would visit each column's rows once per partner column in random order. Row by row, each
 * row adds only its own handful of non-zero pairs, reading memory in order.
 */
export interface SparseRowIndex {
  /** Positions in the design matrix of the sparse columns; `sparseColumns[s]` is column j. */
  sparseColumns: Int32Array;
  /** Positions of the dense columns. */
  denseColumns: Int32Array;
  rowStart: Int32Array;
  entryColumn: Int32Array;
  entryValue: Float64Array;
}

export function buildRowIndex(columns: readonly Float64Array[], nonZeroRows: readonly (Int32Array | null)[], rowCount: number): SparseRowIndex {
  const sparse: number[] = [];
  const dense: number[] = [];
  nonZeroRows.forEach((rows, j) => (rows ? sparse : dense).push(j));
  const rowStart = new Int32Array(rowCount + 1);
  for (const j of sparse) for (const row of nonZeroRows[j]!) rowStart[row + 1]! += 1;
  for (let row = 0; row < rowCount; row += 1) rowStart[row + 1] = rowStart[row + 1]! + rowStart[row]!;
  const entryColumn = new Int32Array(rowStart[rowCount]!);
  const entryValue = new Float64Array(rowStart[rowCount]!);
  const fill = rowStart.slice(0, rowCount);
  sparse.forEach((j, s) => {
    const column = columns[j]!;
    for (const row of nonZeroRows[j]!) {
      const at = fill[row]!;
      entryColumn[at] = s;
      entryValue[at] = column[row]!;
      fill[row] = at + 1;
    }
  });
  return { sparseColumns: Int32Array.from(sparse), denseColumns: Int32Array.from(dense), rowStart, entryColumn, entryValue };
}
