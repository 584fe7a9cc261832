import type { ColumnSeparation, DatasetProfile, TargetAnalysis, TargetSpec } from '@scorebridge/shared';
import { InvalidDataError } from '../invalid-data-error.ts';
import type { RowBatch } from '../table.ts';
import { createPlaceholderMatcher, parseDate, parseNumber } from './cell-values.ts';
import { createCategorySeparation, FOLDS } from './category-separation.ts';
import { createRankSeparation } from './rank-separation.ts';
import { LABELS, resolveTargetLabels } from './target-labels.ts';
import { quote } from './wording.ts';

/**
 * The second streaming pass, once the target is known: class balance, and for every other column
 * how well it alone separates the outcomes (AUC) and how its filled share differs between them.
 * Those are the evidence for leakage: a column that predicts the outcome almost perfectly, or one
 * that is only filled once the outcome is known, would make a model look excellent in training
 * and useless in use. Batches must have the profile's columns in the profile's order.
 */

/** Values kept per outcome and numeric column for the rank AUC. */
const RANK_SAMPLE_SIZE = 20_000;

export interface TargetAnalyzer {
  add(batch: RowBatch): void;
  finish(): TargetAnalysis;
}

type ColumnState = {
  filledPositive: number;
  filledNegative: number;
  /** Returns false for a text that does not read as the column's type, which counts as missing. */
  add: (text: string, positive: boolean, fold: number) => boolean;
  separation: () => Pick<ColumnSeparation, 'auc' | 'direction' | 'method'>;
};

function createColumnState(profile: DatasetProfile['columns'][number], index: number): ColumnState {
  const state = { filledPositive: 0, filledNegative: 0 };
  if (profile.type === 'numeric' || profile.type === 'date') {
    const rank = createRankSeparation(RANK_SAMPLE_SIZE, 0xa0c + index * 2);
    const order = profile.dateOrder ?? 'month_first';
    const read = profile.type === 'numeric' ? parseNumber : (text: string) => parseDate(text, order);
    return {
      ...state,
      add(text, positive) {
        const value = read(text);
        if (Number.isNaN(value)) return false;
        rank.add(value, positive);
        return true;
      },
      separation() {
        const result = rank.finish();
        return result === null ? { auc: null, direction: null, method: 'rank' } : { ...result, method: 'rank' };
      },
    };
  }
  const categories = createCategorySeparation();
  return {
    ...state,
    add(text, positive, fold) {
      categories.add(text, positive, fold);
      return true;
    },
    separation: () => ({ auc: categories.finish(), direction: null, method: 'cross_fitted_categories' }),
  };
}

export function createTargetAnalyzer(profile: DatasetProfile, spec: TargetSpec): TargetAnalyzer {
  const target = resolveTargetLabels(profile, spec);
  const columnCount = profile.columns.length;
  const isPlaceholder = createPlaceholderMatcher(profile.placeholders);
  const states = profile.columns.map((column, index) => (index === target.columnIndex ? undefined : createColumnState(column, index)));
  const counts = { positive: 0, negative: 0, unlabeled: 0 };
  let rowNumber = 0;

  function addRow(row: RowBatch[number]): void {
    rowNumber++;
    if (row.length !== columnCount) throw new InvalidDataError(`A row has ${row.length} cells where the header has ${columnCount} columns`, { row: rowNumber });
    const label = target.label(row[target.columnIndex]!);
    if (label === LABELS.unlabeled) {
      counts.unlabeled++;
      return;
    }
    const positive = label === LABELS.positive;
    // Folds by labeled-row number interleave, so that data sorted by outcome or date still splits evenly.
    const fold = (counts.positive + counts.negative) % FOLDS;
    if (positive) counts.positive++;
    else counts.negative++;
    for (let column = 0; column < columnCount; column++) {
      const state = states[column];
      if (state === undefined) continue;
      const cell = row[column]!;
      if (cell === null) continue;
      const text = cell.trim();
      if (text === '' || isPlaceholder(text) || !state.add(text, positive, fold)) continue;
      if (positive) state.filledPositive++;
      else state.filledNegative++;
    }
  }

  return {
    add(batch) {
      for (const row of batch) addRow(row);
    },
    finish() {
      if (counts.positive === 0 || counts.negative === 0) {
        throw new InvalidDataError(
          `The target column ${quote(target.column)} has no ${counts.positive === 0 ? 'positive' : 'negative'} rows among ${counts.positive + counts.negative} labeled rows; a model needs rows of both outcomes`,
          { column: target.column },
        );
      }
      const columns: ColumnSeparation[] = [];
      profile.columns.forEach((column, index) => {
        const state = states[index];
        if (state === undefined) return;
        columns.push({
          name: column.name,
          type: column.type,
          ...state.separation(),
          filledAmongPositive: state.filledPositive / counts.positive,
          filledAmongNegative: state.filledNegative / counts.negative,
        });
      });
      return {
        target: { column: target.column, positive: target.positive, negative: target.negative, inferred: target.inferred },
        counts,
        positiveShare: counts.positive / (counts.positive + counts.negative),
        columns,
      };
    },
  };
}
