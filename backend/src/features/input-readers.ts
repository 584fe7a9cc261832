import type { FittedInput } from '@scorebridge/shared';
import { AsciiCaseInsensitiveSet } from './ascii-case-insensitive-set.ts';
import type { ProblemSink } from './field-problems.ts';
import { readBooleanField, readDateField, readNumberField, readTextField, type FieldContext } from './field-readers.ts';

/**
 * One row's input values while its features are computed, by input position: numeric, boolean and
 * date inputs in `numbers` (NaN when missing; dates as UTC milliseconds), categorical and text
 * inputs in `texts` (null when missing). Reused for every row, so reading allocates nothing.
 */
export interface InputSlots {
  readonly numbers: Float64Array;
  readonly texts: (string | null)[];
}

/** Reads one field's raw value into its slot. */
export type InputReader = (value: unknown) => void;

export function createInputSlots(inputCount: number): InputSlots {
  return { numbers: new Float64Array(inputCount).fill(Number.NaN), texts: new Array<string | null>(inputCount).fill(null) };
}

export function createInputReaders(inputs: readonly FittedInput[], missing: AsciiCaseInsensitiveSet, problems: ProblemSink, slots: InputSlots): InputReader[] {
  return inputs.map((input, index): InputReader => {
    const field: FieldContext = { column: input.column, missing, problems };
    switch (input.type) {
      case 'numeric':
        return (value) => {
          readNumberField(value, field, slots.numbers, index);
        };
      case 'boolean': {
        const words = booleanWords(input);
        return (value) => {
          readBooleanField(value, field, words, slots.numbers, index);
        };
      }
      case 'date': {
        const dayFirst = input.dateOrder === 'day_first';
        return (value) => {
          readDateField(value, field, dayFirst, slots.numbers, index);
        };
      }
      case 'categorical':
      case 'text':
        return (value) => {
          slots.texts[index] = readTextField(value, field);
        };
    }
  });
}

interface BooleanWords {
  trueValues: AsciiCaseInsensitiveSet;
  falseValues: AsciiCaseInsensitiveSet;
}

/**
 * A boolean input's words as sets, made once per fitted input: serving makes readers on every call
 * that explains records, and building a set lower-cases each word.
 */
const booleanWordsByInput = new WeakMap<FittedInput, BooleanWords>();

function booleanWords(input: FittedInput & { type: 'boolean' }): BooleanWords {
  let words = booleanWordsByInput.get(input);
  if (!words) {
    words = { trueValues: new AsciiCaseInsensitiveSet(input.trueValues), falseValues: new AsciiCaseInsensitiveSet(input.falseValues) };
    booleanWordsByInput.set(input, words);
  }
  return words;
}

/** Whether an input's value in the current row is missing (or could not be read). */
export function isInputMissing(input: FittedInput, index: number, slots: InputSlots): boolean {
  return input.type === 'categorical' || input.type === 'text' ? slots.texts[index] === null : Number.isNaN(slots.numbers[index]!);
}
