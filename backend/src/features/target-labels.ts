import type { FittedTarget } from '@scorebridge/shared';
import { AsciiCaseInsensitiveSet } from './ascii-case-insensitive-set.ts';

/**
 * Reads a target cell into a training label: 1 for the positive label, 0 for a negative one, NaN
 * for a row that cannot be learned from (a missing target, or with `negativeLabels` an outcome
 * not yet known, such as an open deal). Labels match after trimming and ignoring ASCII case, so
 * `Yes`, `yes` and `YES` are one outcome.
 */
export function createLabelReader(
  target: Pick<FittedTarget, 'positiveLabel' | 'negativeLabels'>,
  missing: AsciiCaseInsensitiveSet,
): (cell: string | null | undefined) => number {
  const positive = new AsciiCaseInsensitiveSet([target.positiveLabel.trim()]);
  const negatives = target.negativeLabels === null ? null : new AsciiCaseInsensitiveSet(target.negativeLabels.map((label) => label.trim()));
  return (cell) => {
    if (cell === null || cell === undefined) return Number.NaN;
    const text = cell.trim();
    if (positive.has(text)) return 1;
    if (text.length === 0 || missing.has(text)) return Number.NaN;
    if (negatives === null) return 0;
    return negatives.has(text) ? 0 : Number.NaN;
  };
}
