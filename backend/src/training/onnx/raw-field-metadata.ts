import type { FittedFeatureSpec, FittedInput } from '@scorebridge/shared';
import { GRAPH_NAMES } from './scoring-graph.ts';
import type { RawFieldInput } from './raw-inputs.ts';

/**
 * The input contract of a raw-field model, written into its metadata_props so that someone with
 * only the .onnx file and any runtime knows what to feed:
 *
 * - `scorebridge.inputContract`: the rules in a few sentences;
 * - `scorebridge.inputs`: per graph input, its name, the record field, the tensor type, and what
 *   a value and a missing value look like (booleans with their true/false words, dates with the
 *   order of slashed dates);
 * - `scorebridge.missingPlaceholders`: the texts that count as missing.
 */

export const RAW_FIELD_METADATA_KEYS = Object.freeze({
  contract: 'scorebridge.inputContract',
  inputs: 'scorebridge.inputs',
  missingPlaceholders: 'scorebridge.missingPlaceholders',
} as const);

export interface RawInputDescription {
  name: string;
  column: string;
  derive?: string;
  type: 'tensor(string)' | 'tensor(double)';
  shape: [string, 1];
  reads: string;
  value: string;
  missing: string;
  trueValues?: readonly string[];
  falseValues?: readonly string[];
  dateOrder?: string;
}

export const INPUT_CONTRACT = [
  `One row per record; every input is an [N, 1] tensor named in ${RAW_FIELD_METADATA_KEYS.inputs}.`,
  'Text inputs are tensor(string): the field as text, numbers written as JavaScript writes them (12.5, true);',
  `a missing field is "" (whitespace-only text and the ${RAW_FIELD_METADATA_KEYS.missingPlaceholders}, ASCII case ignored, count as missing too).`,
  'Categories are matched exactly and case-sensitively, so trim surrounding whitespace (the characters JavaScript trim removes) before feeding them.',
  'Number, boolean and date inputs are tensor(double) with NaN for missing: booleans 1/0, dates as UTC milliseconds since 1970 (a date without a zone is UTC).',
  'Text measures (name Column_textLength, Column_wordCount) are computed by the caller on the trimmed text: Unicode code points, and runs of non-whitespace characters.',
  `Outputs: ${GRAPH_NAMES.rawScore} (log-odds) and ${GRAPH_NAMES.probability} (calibrated), float [N].`,
].join(' ');

export function rawFieldMetadata(fitted: FittedFeatureSpec, inputs: readonly RawFieldInput[]): Record<string, string> {
  const fittedInputs = new Map(fitted.inputs.map((input) => [input.column, input]));
  return {
    [RAW_FIELD_METADATA_KEYS.contract]: INPUT_CONTRACT,
    [RAW_FIELD_METADATA_KEYS.inputs]: JSON.stringify(inputs.map((input) => describeRawInput(input, fittedInputs.get(input.column)!))),
    [RAW_FIELD_METADATA_KEYS.missingPlaceholders]: JSON.stringify(fitted.missingPlaceholders),
  };
}

const MISSING_TEXT = `"" (or whitespace only, or one of ${RAW_FIELD_METADATA_KEYS.missingPlaceholders}, ASCII case ignored)`;
const MISSING_NUMBER = 'NaN (±Infinity counts as missing too)';

export function describeRawInput(input: RawFieldInput, fitted: FittedInput): RawInputDescription {
  const base = { name: input.name, column: input.column, shape: [GRAPH_NAMES.batch, 1] as [string, 1], reads: input.reads };
  if (input.derive === 'textLength') return { ...base, derive: input.derive, type: 'tensor(double)', value: 'the number of Unicode code points of the trimmed text', missing: MISSING_NUMBER };
  if (input.derive === 'wordCount') return { ...base, derive: input.derive, type: 'tensor(double)', value: 'the number of runs of characters that trim does not remove', missing: MISSING_NUMBER };
  switch (fitted.type) {
    case 'categorical':
      return { ...base, type: 'tensor(string)', value: 'the category, trimmed (matched exactly; any other text is an unseen category)', missing: MISSING_TEXT };
    case 'text':
      return { ...base, type: 'tensor(string)', value: 'the text', missing: MISSING_TEXT };
    case 'numeric':
      return { ...base, type: 'tensor(double)', value: 'the number', missing: MISSING_NUMBER };
    case 'boolean':
      return { ...base, type: 'tensor(double)', value: '1 for true, 0 for false (text in trueValues / falseValues, trimmed, ASCII case ignored)', missing: MISSING_NUMBER, trueValues: fitted.trueValues, falseValues: fitted.falseValues };
    case 'date':
      return { ...base, type: 'tensor(double)', value: 'UTC milliseconds since 1970-01-01T00:00:00Z (a date or time without a zone is UTC)', missing: MISSING_NUMBER, dateOrder: fitted.dateOrder };
  }
}
