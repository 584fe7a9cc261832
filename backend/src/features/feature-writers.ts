import type { FittedCategoricalFeature, FittedFeature, FittedNumericFeature } from '@scorebridge/shared';
import { createCategoryTextSource, createFixedCodeSource, createNumericSource, type NumericSource, type SourceContext } from './feature-sources.ts';

/** Writes one feature's output columns for one row, at position `row`. */
export type RowWriter = (out: Float64Array[], row: number) => void;

/**
 * A feature's writer and how many output columns it fills. One-hot writers first zero their
 * columns for the whole range (`prepare`), then set a single 1 per row: a sequential fill is far
 * cheaper than writing every zero of a wide one-hot block row by row.
 */
export interface FeatureWriter {
  width: number;
  prepare?: (out: Float64Array[], start: number, end: number) => void;
  write: RowWriter;
}

/** The writer of one fitted feature, whose output columns start at `index`. */
export function createFeatureWriter(feature: FittedFeature, context: SourceContext, index: number): FeatureWriter {
  return feature.kind === 'numeric' ? numericWriter(feature, context, index) : categoricalWriter(feature, context, index);
}

/**
 * Missing numbers become `fill` (NaN when kept missing), then `(value - center) / scale`; the
 * indicator is 1 when the value was missing. With center 0 and scale 1 the value passes unchanged.
 */
function numericWriter(feature: FittedNumericFeature, context: SourceContext, index: number): FeatureWriter {
  const compute = createNumericSource(feature.source, context);
  const raw = new Float64Array(1);
  // Held in a typed array, not in closure constants: choosing between a closure constant and a
  // value read from a typed array makes V8 box the result, one allocation per row.
  const parameters = Float64Array.of(feature.fill ?? Number.NaN, feature.center, feature.scale);
  if (!feature.missingIndicator) {
    return {
      width: 1,
      write: (out, row) => {
        compute(raw);
        const value = raw[0]!;
        out[index]![row] = ((value === value ? value : parameters[0]!) - parameters[1]!) / parameters[2]!;
      },
    };
  }
  return {
    width: 2,
    write: (out, row) => {
      compute(raw);
      const value = raw[0]!;
      const present = value === value;
      out[index]![row] = ((present ? value : parameters[0]!) - parameters[1]!) / parameters[2]!;
      out[index + 1]![row] = present ? 0 : 1;
    },
  };
}

/**
 * Codes: the category's position in the vocabulary, the "other" code for a value not in it, NaN for
 * missing. One-hot: 1 in the column of that code (or of "other", or of "missing"), 0 elsewhere.
 */
function categoricalWriter(feature: FittedCategoricalFeature, context: SourceContext, index: number): FeatureWriter {
  const computeCode = categoryCoder(feature, context);
  const code = new Float64Array(1);
  if (feature.encoding === 'codes') {
    return {
      width: 1,
      write: (out, row) => {
        computeCode(code);
        out[index]![row] = code[0]!;
      },
    };
  }
  const codeColumns = feature.categories.length + (feature.other === null ? 0 : 1);
  const missingColumn = index + codeColumns;
  return {
    width: codeColumns + 1,
    prepare: (out, start, end) => {
      for (let column = index; column <= missingColumn; column += 1) out[column]!.fill(0, start, end);
    },
    write: (out, row) => {
      computeCode(code);
      const value = code[0]!;
      out[value === value ? index + value : missingColumn]![row] = 1;
    },
  };
}

/** The fitted spec's schema guarantees that learned vocabularies (`value`) have "other" and derived ones are fixed. */
function categoryCoder(feature: FittedCategoricalFeature, context: SourceContext): NumericSource {
  if (feature.source.derive !== 'value') return createFixedCodeSource(feature.source, context);
  const text = createCategoryTextSource(feature.source, context);
  const codes = new Map(feature.categories.map((category, code) => [category.value, code]));
  const otherCode = feature.categories.length;
  return (into) => {
    const value = text();
    into[0] = value === null ? Number.NaN : (codes.get(value) ?? otherCode);
  };
}
