import type { FeatureMatrix, OutputFeature } from '../../../features/index.ts';

/** A column of a hand-made matrix: numbers, or codes of a categorical feature with its labels. */
export interface TestColumn {
  name: string;
  kind: 'numeric' | 'categorical';
  values: Float64Array;
  /** Categorical: how many codes the vocabulary has (labels are made up). */
  categoryCount?: number;
}

/** A FeatureMatrix as the feature transform would describe these columns. */
export function featureMatrix(columns: readonly TestColumn[], labels: Float64Array | null): FeatureMatrix {
  const rowCount = columns[0]?.values.length ?? labels?.length ?? 0;
  const features: OutputFeature[] = columns.map((column) => {
    const categories = column.kind === 'categorical' ? Array.from({ length: column.categoryCount ?? 0 }, (_, code) => `c${code}`) : null;
    return {
      name: column.name,
      kind: column.kind,
      role: column.kind === 'categorical' ? 'codes' : 'value',
      feature: column.name,
      sourceColumns: [column.name],
      categories,
      otherCode: null,
      category: null,
    };
  });
  return { rowCount, features, columns: columns.map((column) => column.values), labels, problems: [], problemCount: 0 };
}

/** The first `count` rows and the rest, as two matrices sharing the feature descriptions. */
export function splitRows(matrix: FeatureMatrix, count: number): [FeatureMatrix, FeatureMatrix] {
  const part = (start: number, end: number): FeatureMatrix => ({
    ...matrix,
    rowCount: end - start,
    columns: matrix.columns.map((column) => column.slice(start, end)),
    labels: matrix.labels ? matrix.labels.slice(start, end) : null,
  });
  return [part(0, count), part(count, matrix.rowCount)];
}
