import { sourceColumns, type FittedFeatureSpec, type InputColumnType } from '@scorebridge/shared';
import { GRAPH_NAMES } from './scoring-graph.ts';

/**
 * The graph inputs of a raw-field model, one [N, 1] tensor each, derived from the fitted spec:
 *
 * | reads | input | element type | value | missing |
 * |---|---|---|---|---|
 * | categorical | the column | string | the category, trimmed | `""`, whitespace only, or a placeholder (ASCII case ignored) |
 * | text (for `emailDomainKind`) | the column | string | the text, trimmed or not | as categorical |
 * | numeric | the column | double | the number | NaN (±Infinity too) |
 * | boolean | the column | double | 1 true, 0 false | NaN |
 * | date | the column | double | UTC milliseconds since 1970 | NaN |
 * | text (for `textLength`, `wordCount`) | `Column_textLength`, `Column_wordCount` | double | the measure of the trimmed text | NaN |
 *
 * Text measures are supplied rather than computed in the graph: no standard operator counts
 * characters, and StringSplit's "whitespace" is left to the runtime (onnxruntime splits on the
 * space character only), where `wordCount` splits on everything `trim` removes.
 */

/** Text derivations whose value is a graph input of its own. */
export const SUPPLIED_DERIVATIONS = Object.freeze(['textLength', 'wordCount'] as const);
export type SuppliedDerivation = (typeof SUPPLIED_DERIVATIONS)[number];

export const RAW_INPUT_ELEMENT_TYPES = Object.freeze({ string: 'string', double: 'double' } as const);
export type RawInputElementType = (typeof RAW_INPUT_ELEMENT_TYPES)[keyof typeof RAW_INPUT_ELEMENT_TYPES];

export interface RawFieldInput {
  /** The graph input's name: the column's name when it is a C identifier (as ONNX names must be), else a cleaned form. */
  name: string;
  /** The record field it carries. */
  column: string;
  /** How the spec reads the field. */
  reads: InputColumnType;
  /** For a supplied text measure, which one; null when the input is the field itself. */
  derive: SuppliedDerivation | null;
  elementType: RawInputElementType;
}

/** Names the graph's outputs already take. */
const RESERVED_NAMES: readonly string[] = [GRAPH_NAMES.rawScore, GRAPH_NAMES.probability];

/**
 * The inputs, in the order of the spec's inputs; a text column gives the field itself only when
 * `emailDomainKind` reads it, then one input per supplied measure in feature order.
 */
export function rawFieldInputs(fitted: FittedFeatureSpec): RawFieldInput[] {
  const names = new Set<string>(RESERVED_NAMES);
  const uniqueName = (text: string): string => {
    const base = onnxIdentifier(text);
    let name = base;
    for (let suffix = 2; names.has(name); suffix++) name = `${base}_${suffix}`;
    names.add(name);
    return name;
  };

  const inputs: RawFieldInput[] = [];
  for (const input of fitted.inputs) {
    const readBy = fitted.features.filter((feature) => sourceColumns(feature.source).includes(input.column));
    if (input.type === 'text') {
      if (readBy.some((feature) => feature.source.derive === 'emailDomainKind')) {
        inputs.push({ name: uniqueName(input.column), column: input.column, reads: 'text', derive: null, elementType: 'string' });
      }
      for (const feature of readBy) {
        const derive = feature.source.derive;
        if (derive !== 'textLength' && derive !== 'wordCount') continue;
        if (inputs.some((existing) => existing.column === input.column && existing.derive === derive)) continue;
        inputs.push({ name: uniqueName(`${input.column}_${derive}`), column: input.column, reads: 'text', derive, elementType: 'double' });
      }
      continue;
    }
    if (readBy.length === 0) continue;
    const elementType = input.type === 'categorical' ? 'string' : 'double';
    inputs.push({ name: uniqueName(input.column), column: input.column, reads: input.type, derive: null, elementType });
  }
  return inputs;
}

/** A C identifier for `text`: other characters become `_`, and a leading digit gets a `_` before it. */
export function onnxIdentifier(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}
