import { quote, uploadRejected } from './upload-rejected.ts';

export interface PositiveClass {
  index: number;
  label: string;
  /** Chosen by the two-class default rather than named by the uploader. */
  byDefault: boolean;
}

/**
 * The class whose probability is the score. Named by the uploader (`--positive`), or, for two
 * classes, the second: classifiers order their classes sorted, as scikit-learn's predict_proba
 * does, so 1 follows 0 and true follows false. With more classes there is no such default.
 */
export function resolvePositiveClass(labels: readonly string[], positive: string | undefined): PositiveClass {
  const listed = labels.map(quote).join(', ');
  if (positive !== undefined) {
    const index = labels.indexOf(positive);
    if (index >= 0) return { index, label: positive, byDefault: false };
    throw uploadRejected({ field: 'positive', message: `The model has no class ${quote(positive)}; its classes are ${listed}. Name one of them as the positive class (CLI: --positive <label>).` });
  }
  if (labels.length === 2) return { index: 1, label: labels[1]!, byDefault: true };
  throw uploadRejected({
    field: 'positive',
    message: `The model has ${labels.length} classes (${listed}): name the class whose probability is the score as the positive class (CLI: --positive <label>).`,
  });
}
