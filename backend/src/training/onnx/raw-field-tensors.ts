import { DAY_MS } from '../../features/index.ts';
import { stringAttribute, type OnnxGraphBuilder } from './graph-builder.ts';
import { TENSOR_DATA_TYPES } from './onnx-proto.ts';
import { onnxIdentifier, type RawFieldInput, type SuppliedDerivation } from './raw-inputs.ts';
import { GRAPH_NAMES } from './scoring-graph.ts';
import { missingTextPattern } from './text-patterns.ts';

/**
 * The graph inputs of a raw-field model, declared, and the fields as the derivations read them.
 * Each reading is built the first time a feature asks for it and shared after that (a date's day
 * number feeds both weekday and month), so the graph holds no node that nothing reads.
 */
export interface RawFieldTensors {
  /** A numeric, boolean or date field: double [N, 1], NaN when missing; ±Infinity counts as missing, as the readers have it. */
  number(column: string): string;
  /** A categorical or text field: the text as fed, string [N, 1], and whether it is missing, bool [N, 1]. */
  text(column: string): { text: string; missing: string };
  /** A supplied text measure: double [N, 1], NaN when missing. */
  measure(column: string, derive: SuppliedDerivation): string;
  /** Whole days since 1970-01-01 of a date field, `floor(ms / DAY_MS)` as in date-parts.ts. */
  epochDay(column: string): string;
}

/** Declares every input (before any other tensor is named, since input names are fixed) and returns their readings. */
export function declareRawFields(builder: OnnxGraphBuilder, inputs: readonly RawFieldInput[], missingPlaceholders: readonly string[]): RawFieldTensors {
  const declared = new Map<string, string>();
  const key = (column: string, derive: SuppliedDerivation | null) => `${derive ?? ''}\u0000${column}`;
  for (const input of inputs) {
    const type = input.elementType === 'string' ? TENSOR_DATA_TYPES.string : TENSOR_DATA_TYPES.double;
    declared.set(key(input.column, input.derive), builder.input(input.name, type, [GRAPH_NAMES.batch, 1]));
  }
  const inputNamed = (column: string, derive: SuppliedDerivation | null): string => {
    const name = declared.get(key(column, derive));
    if (name === undefined) throw new Error(`The raw-field inputs have no ${derive ?? 'field'} input for "${column}"`);
    return name;
  };

  const finite = (tensor: string, prefix: string): string => {
    const infinite = builder.node('IsInf', [tensor], `${prefix}_infinite`);
    return builder.node('Where', [infinite, builder.doubles('nan', Number.NaN), tensor], `${prefix}_finite`);
  };
  const missingPattern = missingTextPattern(missingPlaceholders);
  const number = memoized((column) => finite(inputNamed(column, null), onnxIdentifier(column)));
  const measure = (derive: SuppliedDerivation) => memoized((column) => finite(inputNamed(column, derive), onnxIdentifier(`${column}_${derive}`)));
  const measures = { textLength: measure('textLength'), wordCount: measure('wordCount') };

  const fields: RawFieldTensors = {
    number,
    text: memoized((column) => {
      const text = inputNamed(column, null);
      const missing = builder.node('RegexFullMatch', [text], `${onnxIdentifier(column)}_missing`, { attributes: [stringAttribute('pattern', missingPattern)] });
      return { text, missing };
    }),
    measure: (column, derive) => measures[derive](column),
    epochDay: memoized((column) => {
      const days = builder.node('Div', [number(column), builder.doubles('day_ms', DAY_MS)], `${onnxIdentifier(column)}_days`);
      return builder.node('Floor', [days], `${onnxIdentifier(column)}_epoch_day`);
    }),
  };
  return fields;
}

/** `build` once per column, the same tensor names after that. */
function memoized<T>(build: (column: string) => T): (column: string) => T {
  const built = new Map<string, T>();
  return (column) => {
    if (!built.has(column)) built.set(column, build(column));
    return built.get(column)!;
  };
}
