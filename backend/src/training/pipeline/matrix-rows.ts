import type { FeatureMatrix } from '../../features/index.ts';
import { gather } from '../evaluation/index.ts';

/**
 * Some rows of a matrix as a matrix of their own (validation or holdout rows), so that models
 * score only the rows a stage needs. Problems are not carried over: they belong to the full pass.
 */
export function matrixRows(matrix: FeatureMatrix, rows: Int32Array): FeatureMatrix {
  return {
    rowCount: rows.length,
    features: matrix.features,
    columns: matrix.columns.map((column) => gather(column, rows)),
    labels: matrix.labels === null ? null : gather(matrix.labels, rows),
    problems: [],
    problemCount: 0,
  };
}
