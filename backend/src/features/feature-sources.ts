import type { FeatureSource } from '@scorebridge/shared';
import { AsciiCaseInsensitiveSet } from './ascii-case-insensitive-set.ts';
import { daysBefore, monthCode, weekdayCode } from './date-parts.ts';
import { emailDomainKindCode } from './email-domain-kind.ts';
import type { InputSlots } from './input-readers.ts';
import { codePointLength, wordCount } from './text-measures.ts';

/**
 * A feature's raw value for the current row, computed from the input slots before any imputation
 * or encoding: fitting learns statistics from these values and the transform encodes them, so
 * both see the same numbers. Each function is made once per feature and called once per row.
 *
 * Numeric sources write their value into `into[0]` instead of returning it: a double returned
 * through a call that V8 cannot inline is boxed on the heap, which would be an allocation per
 * feature per row; a typed-array element never is.
 */

/** Computes the current row's raw value into `into[0]` (NaN when missing). */
export type NumericSource = (into: Float64Array) => void;

export interface SourceContext {
  readonly slots: InputSlots;
  /** Position of an input column in the slots. */
  slotOf(column: string): number;
  /** The reference moment of `daysSince`, in UTC milliseconds; NaN when the spec has none. */
  readonly referenceMs: number;
}

/** Derivations whose raw value is a number (NaN when missing). */
export const NUMERIC_DERIVATIONS = Object.freeze(['value', 'daysSince', 'textLength', 'wordCount', 'ratio'] as const);
/** Derivations whose raw value is a code into a fixed vocabulary (NaN when missing). */
export const FIXED_CODE_DERIVATIONS = Object.freeze(['weekday', 'month', 'emailDomainKind'] as const);

export function createNumericSource(source: FeatureSource, context: SourceContext): NumericSource {
  const { numbers, texts } = context.slots;
  switch (source.derive) {
    case 'value': {
      const slot = context.slotOf(source.column);
      return (into) => {
        into[0] = numbers[slot]!;
      };
    }
    case 'daysSince': {
      const slot = context.slotOf(source.column);
      const referenceMs = context.referenceMs;
      return (into) => {
        into[0] = daysBefore(referenceMs, numbers[slot]!);
      };
    }
    case 'textLength': {
      const slot = context.slotOf(source.column);
      return (into) => {
        const text = texts[slot];
        into[0] = text === null || text === undefined ? Number.NaN : codePointLength(text);
      };
    }
    case 'wordCount': {
      const slot = context.slotOf(source.column);
      return (into) => {
        const text = texts[slot];
        into[0] = text === null || text === undefined ? Number.NaN : wordCount(text);
      };
    }
    case 'ratio': {
      const numerator = context.slotOf(source.numerator);
      const denominator = context.slotOf(source.denominator);
      // A zero denominator makes the ratio missing rather than infinite: "no employees" says nothing about revenue per employee.
      return (into) => {
        const ratio = numbers[numerator]! / numbers[denominator]!;
        into[0] = Number.isFinite(ratio) ? ratio : Number.NaN;
      };
    }
    default:
      throw new Error(`${source.derive} is not a numeric derivation`);
  }
}

export function createFixedCodeSource(source: FeatureSource, context: SourceContext): NumericSource {
  const { numbers, texts } = context.slots;
  switch (source.derive) {
    case 'weekday': {
      const slot = context.slotOf(source.column);
      return (into) => {
        into[0] = weekdayCode(numbers[slot]!);
      };
    }
    case 'month': {
      const slot = context.slotOf(source.column);
      return (into) => {
        into[0] = monthCode(numbers[slot]!);
      };
    }
    case 'emailDomainKind': {
      const slot = context.slotOf(source.column);
      const freeMailDomains = new AsciiCaseInsensitiveSet(source.freeMailDomains);
      return (into) => {
        const text = texts[slot];
        into[0] = text === null || text === undefined ? Number.NaN : emailDomainKindCode(text, freeMailDomains);
      };
    }
    default:
      throw new Error(`${source.derive} does not have a fixed vocabulary`);
  }
}

/** The text of a categorical input, for vocabulary lookups. */
export function createCategoryTextSource(source: FeatureSource, context: SourceContext): () => string | null {
  if (source.derive !== 'value') throw new Error(`${source.derive} is not a category value`);
  const { texts } = context.slots;
  const slot = context.slotOf(source.column);
  return () => texts[slot] ?? null;
}
