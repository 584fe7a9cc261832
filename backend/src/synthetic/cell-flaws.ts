/**
 * How one cell gets a flaw. Each eligible cell takes a single uniform draw that falls into at most
 * one of the bands [missing | placeholder | variant | untouched], so each flaw occurs at exactly its
 * configured rate among the cells it applies to, and the rates do not interfere.
 */
import { categoryVariant } from './category-variants.ts';
import type { QuirkOptions } from './quirk-options.ts';
import type { SeededRandom } from './seeded-random.ts';

export const TEXT_CELL_KINDS = Object.freeze({
  /** Picklist-like text: may go missing, hold a placeholder, or be misspelled. */
  category: 'category',
  /** Free text: may go missing or hold a placeholder. */
  text: 'text',
} as const);
export type TextCellKind = (typeof TEXT_CELL_KINDS)[keyof typeof TEXT_CELL_KINDS];

export function flawText(random: SeededRandom, quirks: QuirkOptions, kind: TextCellKind, value: string | null): string | null {
  if (value === null) return null;
  const draw = random.next();
  let bound = quirks.missingValues;
  if (draw < bound) return null;
  bound += quirks.placeholders;
  if (draw < bound) return random.pick(quirks.placeholderValues);
  if (kind === TEXT_CELL_KINDS.text) return value;
  bound += quirks.categoryVariants;
  if (draw < bound) return categoryVariant(random, value);
  return value;
}

/** Numbers and names may only go missing: Salesforce would not store text in a number field. */
export function flawOptional<T>(random: SeededRandom, quirks: QuirkOptions, value: T | null): T | null {
  if (value === null) return null;
  return random.next() < quirks.missingValues ? null : value;
}

/** Whether any cell flaw is on; when none is, records skip the flaw pass and its draws entirely. */
export function hasCellFlaws(quirks: QuirkOptions): boolean {
  return quirks.missingValues > 0 || quirks.placeholders > 0 || quirks.categoryVariants > 0;
}
