import type { Cell } from '../table.ts';
import { createDateReading, ID_SHAPES, idShape, parseNumber, readBoolean, readDate } from './cell-values.ts';
import { createDistinctSampler, type DistinctSampler } from './distinct-sampler.ts';
import { createFrequentValues, type FrequentValues } from './frequent-values.ts';
import { hashText } from './hash.ts';
import { createNumberReservoir, type NumberReservoir } from './reservoir.ts';

/**
 * Everything one streaming pass learns about one column, before its type is decided. It gathers
 * the evidence for every type at once (numbers, dates, yes/no words, id shapes, lengths) because
 * the type can only be chosen once all values were seen.
 */

const EXAMPLE_LIMIT = 5;

export interface DateRange {
  count: number;
  min: number;
  max: number;
}

export interface ColumnEvidence {
  name: string;
  nulls: number;
  empty: number;
  placeholders: Map<string, number>;
  /** Non-missing cells. */
  values: number;
  distinct: DistinctSampler;
  frequent: FrequentValues;
  lengthMin: number;
  lengthMax: number;
  lengthSum: number;
  numbers: {
    count: number;
    integers: number;
    min: number;
    max: number;
    /** The second-smallest and second-largest distinct numbers: the range of the others when the extreme is a code such as 999. */
    aboveMin: number;
    belowMax: number;
    mean: number;
    m2: number;
    sample: NumberReservoir;
  };
  notNumbers: string[];
  monthFirst: DateRange;
  dayFirst: DateRange;
  slashedDates: number;
  datesWithTime: number;
  notDates: string[];
  booleanWords: number;
  strongIds: number;
  codeIds: number;
}

export interface ColumnAccumulatorOptions {
  isPlaceholder: (text: string) => boolean;
  distinctExactLimit: number;
  frequentCapacity: number;
  sampleSize: number;
  seed: number;
}

/** The outcome of the last `add`: missing or not, and the hash of the value, for the row hash. */
export interface CellReading {
  missing: boolean;
  hi: number;
  lo: number;
}

function noteExample(examples: string[], text: string): void {
  if (examples.length < EXAMPLE_LIMIT && !examples.includes(text)) examples.push(text);
}

function emptyRange(): DateRange {
  return { count: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
}

function extendRange(range: DateRange, time: number): void {
  range.count++;
  if (time < range.min) range.min = time;
  if (time > range.max) range.max = time;
}

export function createColumnAccumulator(name: string, options: ColumnAccumulatorOptions) {
  const evidence: ColumnEvidence = {
    name,
    nulls: 0,
    empty: 0,
    placeholders: new Map(),
    values: 0,
    distinct: createDistinctSampler(options.distinctExactLimit),
    frequent: createFrequentValues(options.frequentCapacity, options.seed),
    lengthMin: Number.POSITIVE_INFINITY,
    lengthMax: 0,
    lengthSum: 0,
    numbers: {
      count: 0,
      integers: 0,
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
      aboveMin: Number.POSITIVE_INFINITY,
      belowMax: Number.NEGATIVE_INFINITY,
      mean: 0,
      m2: 0,
      sample: createNumberReservoir(options.sampleSize, options.seed),
    },
    notNumbers: [],
    monthFirst: emptyRange(),
    dayFirst: emptyRange(),
    slashedDates: 0,
    datesWithTime: 0,
    notDates: [],
    booleanWords: 0,
    strongIds: 0,
    codeIds: 0,
  };
  const reading: CellReading = { missing: true, hi: 0, lo: 0 };
  const date = createDateReading();

  function addNumber(value: number): void {
    const numbers = evidence.numbers;
    numbers.count++;
    if (Number.isInteger(value)) numbers.integers++;
    if (value < numbers.min) {
      numbers.aboveMin = numbers.min;
      numbers.min = value;
    } else if (value > numbers.min && value < numbers.aboveMin) numbers.aboveMin = value;
    if (value > numbers.max) {
      numbers.belowMax = numbers.max;
      numbers.max = value;
    } else if (value < numbers.max && value > numbers.belowMax) numbers.belowMax = value;
    // Welford's update keeps the variance accurate where a running sum of squares would cancel.
    const delta = value - numbers.mean;
    numbers.mean += delta / numbers.count;
    numbers.m2 += delta * (value - numbers.mean);
    numbers.sample.add(value);
  }

  function addDateOrNote(text: string): void {
    readDate(text, date);
    if (Number.isNaN(date.monthFirst) && Number.isNaN(date.dayFirst)) {
      noteExample(evidence.notDates, text);
      return;
    }
    if (!Number.isNaN(date.monthFirst)) extendRange(evidence.monthFirst, date.monthFirst);
    if (!Number.isNaN(date.dayFirst)) extendRange(evidence.dayFirst, date.dayFirst);
    if (date.slashed) evidence.slashedDates++;
    if (date.withTime) evidence.datesWithTime++;
  }

  function addValue(text: string): void {
    evidence.values++;
    evidence.frequent.add(text);
    if (text.length < evidence.lengthMin) evidence.lengthMin = text.length;
    if (text.length > evidence.lengthMax) evidence.lengthMax = text.length;
    evidence.lengthSum += text.length;

    const number = parseNumber(text);
    if (Number.isNaN(number)) {
      noteExample(evidence.notNumbers, text);
      addDateOrNote(text);
    } else {
      addNumber(number);
      noteExample(evidence.notDates, text);
    }
    if (readBoolean(text) !== undefined) evidence.booleanWords++;
    const shape = idShape(text);
    if (shape === ID_SHAPES.strong) evidence.strongIds++;
    else if (shape === ID_SHAPES.code) evidence.codeIds++;
  }

  return {
    evidence,
    /** Reads one cell; the returned object is reused by the next call. */
    add(cell: Cell): CellReading {
      if (cell === null) {
        evidence.nulls++;
        reading.missing = true;
        return reading;
      }
      const text = cell.trim();
      if (text === '') {
        evidence.empty++;
        reading.missing = true;
        return reading;
      }
      if (options.isPlaceholder(text)) {
        evidence.placeholders.set(text, (evidence.placeholders.get(text) ?? 0) + 1);
        reading.missing = true;
        return reading;
      }
      addValue(text);
      hashText(text, reading);
      evidence.distinct.add(reading.hi, reading.lo);
      reading.missing = false;
      return reading;
    },
  };
}

export type ColumnAccumulator = ReturnType<typeof createColumnAccumulator>;
