import { sourceColumns, type FittedFeatureSpec, type FittedInput } from '@scorebridge/shared';
import { DAY_MS, MISSING_CATEGORY_LABEL, OUTPUT_FEATURE_ROLES, type OutputFeature } from '../features/index.ts';
import type { RawFieldInput } from '../training/onnx/index.ts';
import { fieldLabel } from './field-labels.ts';

/**
 * One record as the model read it: its features copied out of the call's matrix, so that the
 * reasons' words can be read after the call without keeping the matrix alive (decision 0023), and
 * its raw fields read on demand, only those the listed reasons name.
 */
export interface RecordReadings {
  /** The record's value of a raw-field input (what the raw-field graph reads), by its position in the feed builder's `inputs`. */
  inputValue(input: number): number | string;
  /** One number per output feature, in the transformer's `features` order. */
  featureValues: readonly number[];
  /** "12 days ago" counts from here. */
  nowMs: number;
}

/**
 * The input fields of a trained model as reasons name them: every matrix column belongs to the
 * field it reads (one-hot, missing-indicator and date-part columns share their field; a ratio is a
 * field `A/B` of its own), and each field says its value in words, read as the model read it:
 * "Lead source is Partner referral", "Annual revenue is 12,500,000", "Rating is missing",
 * "Last activity date was 12 days ago", "Email is a free email address".
 */
export interface ExplainedFields {
  readonly fields: readonly string[];
  /** The field of each matrix column. */
  readonly fieldOf: Int32Array;
  describe(field: number, readings: RecordReadings): string;
}

type Describe = (readings: RecordReadings) => string;

const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const EMAIL_KIND_WORDS: Readonly<Record<string, string>> = Object.freeze({ free: 'is a free email address', corporate: 'is a company address', invalid: 'is not a valid address' });

export function explainedFields(fitted: FittedFeatureSpec, features: readonly OutputFeature[], inputs: readonly RawFieldInput[]): ExplainedFields {
  const fields: string[] = [];
  const describers: Describe[] = [];
  const fieldOf = new Int32Array(features.length);
  features.forEach((output, index) => {
    const columns = output.sourceColumns.length > 0 ? output.sourceColumns : [output.feature];
    const field = columns.join('/');
    let position = fields.indexOf(field);
    if (position < 0) {
      position = fields.push(field) - 1;
      describers.push(columns.length === 2 ? describeRatio(columns[0]!, columns[1]!, inputs) : describeField(fitted, features, inputs, columns[0]!));
    }
    fieldOf[index] = position;
  });
  return { fields, fieldOf, describe: (field, readings) => describers[field]!(readings) };
}

/** The position of a column's raw-field input (the field itself, or one of its text measures); undefined when the model has none. */
function inputIndex(inputs: readonly RawFieldInput[], column: string, derive: RawFieldInput['derive']): number | undefined {
  const index = inputs.findIndex((input) => input.column === column && input.derive === derive);
  return index < 0 ? undefined : index;
}

function numberAt(readings: RecordReadings, index: number | undefined): number {
  const value = index === undefined ? undefined : readings.inputValue(index);
  return typeof value === 'number' ? value : Number.NaN;
}

function textAt(readings: RecordReadings, index: number | undefined): string {
  const value = index === undefined ? undefined : readings.inputValue(index);
  return typeof value === 'string' ? value : '';
}

function describeField(fitted: FittedFeatureSpec, features: readonly OutputFeature[], inputs: readonly RawFieldInput[], column: string): Describe {
  const label = fieldLabel(column);
  const missing = `${label} is missing`;
  const input: FittedInput | undefined = fitted.inputs.find((candidate) => candidate.column === column);
  const position = inputIndex(inputs, column, null);
  switch (input?.type) {
    case 'categorical':
      return (readings) => {
        const text = textAt(readings, position);
        return text === '' ? missing : `${label} is ${text}`;
      };
    case 'numeric':
      return (readings) => {
        const value = numberAt(readings, position);
        return Number.isNaN(value) ? missing : `${label} is ${NUMBER_FORMAT.format(value)}`;
      };
    case 'boolean':
      return (readings) => {
        const value = numberAt(readings, position);
        return Number.isNaN(value) ? missing : `${label}: ${value === 1 ? 'yes' : 'no'}`;
      };
    case 'date':
      return (readings) => {
        const value = numberAt(readings, position);
        return Number.isNaN(value) ? missing : `${label} ${daysAgo(readings.nowMs, value)}`;
      };
    case 'text':
      return describeText(fitted, features, inputs, column, label);
    default:
      return () => label;
  }
}

/** Text is described by what the model reads of it: the email's kind, or its length in characters or words. */
function describeText(fitted: FittedFeatureSpec, features: readonly OutputFeature[], inputs: readonly RawFieldInput[], column: string, label: string): Describe {
  const emailFeature = fitted.features.find((feature) => feature.source.derive === 'emailDomainKind' && sourceColumns(feature.source).includes(column));
  if (emailFeature) {
    const columns = features.flatMap((output, index) => (output.feature === emailFeature.name ? [index] : []));
    return (readings) => {
      const kind = categoryAt(features, columns, readings);
      return kind === null ? `${label} is missing` : `${label} ${EMAIL_KIND_WORDS[kind] ?? `is ${kind}`}`;
    };
  }
  const lengthInput = inputIndex(inputs, column, 'textLength');
  const wordsInput = inputIndex(inputs, column, 'wordCount');
  return (readings) => {
    const characters = numberAt(readings, lengthInput);
    const words = numberAt(readings, wordsInput);
    if (!Number.isNaN(characters)) return `${label} has ${NUMBER_FORMAT.format(characters)} character${characters === 1 ? '' : 's'}`;
    if (!Number.isNaN(words)) return `${label} has ${NUMBER_FORMAT.format(words)} word${words === 1 ? '' : 's'}`;
    return `${label} is empty`;
  };
}

function describeRatio(numerator: string, denominator: string, inputs: readonly RawFieldInput[]): Describe {
  const label = `${fieldLabel(numerator)} / ${fieldLabel(denominator)}`;
  const top = inputIndex(inputs, numerator, null);
  const bottom = inputIndex(inputs, denominator, null);
  return (readings) => {
    const ratio = numberAt(readings, top) / numberAt(readings, bottom);
    return Number.isFinite(ratio) ? `${label} is ${NUMBER_FORMAT.format(ratio)}` : `${label} is missing`;
  };
}

/** The category a record has in a categorical feature's matrix columns (codes or one-hot); null when missing. */
function categoryAt(features: readonly OutputFeature[], columns: readonly number[], readings: RecordReadings): string | null {
  for (const index of columns) {
    const output = features[index]!;
    const value = readings.featureValues[index]!;
    if (output.role === OUTPUT_FEATURE_ROLES.codes) return Number.isNaN(value) ? null : (output.categories?.[value] ?? null);
    if (value === 1 && output.category !== null) return output.category === MISSING_CATEGORY_LABEL ? null : output.category;
  }
  return null;
}

function daysAgo(nowMs: number, thenMs: number): string {
  const days = Math.floor(nowMs / DAY_MS) - Math.floor(thenMs / DAY_MS);
  if (days === 0) return 'is today';
  if (days === 1) return 'was yesterday';
  if (days > 1) return `was ${NUMBER_FORMAT.format(days)} days ago`;
  return days === -1 ? 'is tomorrow' : `is in ${NUMBER_FORMAT.format(-days)} days`;
}
