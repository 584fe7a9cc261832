import type { GradeBands } from '@scorebridge/shared';
import type { RowBatch } from '../../datasets/table.ts';
import { applyCalibrator } from '../calibration/index.ts';
import { createTreeShapExplainer } from '../explain/index.ts';
import { predictRaw } from '../gbdt/index.ts';
import { compileLogisticModel } from '../linear/index.ts';
import type { TrainedModel } from './load-trained-model.ts';

export interface ScoredRow {
  /** Calibrated probability; null when the row could not be scored. */
  score: number | null;
  grade: string | null;
  /** The strongest reasons, or why there is no score. */
  reasons: string;
}

const REASONS_SHOWN = 3;

/** The first band, from the highest, whose lower bound the score reaches; the last band starts at 0. */
export function gradeOf(score: number, bands: GradeBands): string {
  return (bands.find((band) => score >= band.from) ?? bands.at(-1)!).grade;
}

/**
 * Scores a batch of raw rows with a trained model: the same feature transformer as training, the
 * model's raw score, the calibrator, a grade, and the input columns that moved the score most
 * (TreeSHAP for trees, coefficient times value for the linear model, summed per input column).
 * A field that could not be read counts as missing and is named in the reasons; a row is never
 * dropped, so the output keeps the input's order.
 */
export function createBatchScorer(trained: TrainedModel) {
  const features = trained.transformer.features;
  const explainTree = trained.kind === 'gbdt' ? createTreeShapExplainer(trained.model) : undefined;
  const linear = trained.kind === 'logistic' ? compileLogisticModel(trained.model, features) : undefined;
  const sourceOf = features.map((feature) => feature.sourceColumns.join(' + ') || feature.feature);
  const row = new Float64Array(features.length);

  return (rows: RowBatch, header: readonly string[]): ScoredRow[] => {
    const matrix = trained.transformer.transformBatch(rows, header, { maxProblems: rows.length * 4 });
    const raw = trained.kind === 'gbdt' ? predictRaw(trained.model, matrix) : linear!.predictRaw(matrix);
    const problems = new Map<number, string[]>();
    for (const problem of matrix.problems) {
      if (problem.rowIndex === null) continue;
      const list = problems.get(problem.rowIndex) ?? [];
      list.push(`${problem.column}: ${problem.message}`);
      problems.set(problem.rowIndex, list);
    }
    return rows.map((_, index) => {
      if (!Number.isFinite(raw[index]!)) return { score: null, grade: null, reasons: `not scored: ${(problems.get(index) ?? ['the row could not be read']).join('; ')}` };
      for (let feature = 0; feature < features.length; feature++) row[feature] = matrix.columns[feature]![index]!;
      const contributions = explainTree ? explainTree.explainRow(row).contributions : linear!.contributions(row).values;
      const bySource = new Map<string, number>();
      contributions.forEach((value, feature) => bySource.set(sourceOf[feature]!, (bySource.get(sourceOf[feature]!) ?? 0) + value));
      const strongest = [...bySource.entries()]
        .filter(([, value]) => value !== 0)
        .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
        .slice(0, REASONS_SHOWN)
        .map(([source, value]) => `${source} ${value > 0 ? '+' : '-'}${Math.abs(value).toFixed(2)}`);
      const score = applyCalibrator(trained.calibrator, raw[index]!);
      const notes = problems.get(index);
      return { score, grade: gradeOf(score, trained.gradeBands), reasons: [...strongest, ...(notes ? [`read as missing: ${notes.join('; ')}`] : [])].join('; ') };
    });
  };
}
