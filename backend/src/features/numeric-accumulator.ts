import type { FittedNumericStats } from '@scorebridge/shared';

/**
 * Streaming statistics of one numeric feature: count, mean and population standard deviation by
 * Welford's method (stable for large values such as amounts in cents), min and max, and, only
 * when the median is imputed, the values themselves for an exact median.
 */
export class NumericAccumulator {
  #count = 0;
  #missing = 0;
  #mean = 0;
  #m2 = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;
  #values: Float64Array | null;

  constructor(keepValues: boolean) {
    this.#values = keepValues ? new Float64Array(1024) : null;
  }

  add(value: number): void {
    if (Number.isNaN(value)) {
      this.#missing += 1;
      return;
    }
    this.#count += 1;
    const delta = value - this.#mean;
    this.#mean += delta / this.#count;
    this.#m2 += delta * (value - this.#mean);
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
    if (this.#values) {
      if (this.#count > this.#values.length) {
        const grown = new Float64Array(this.#values.length * 2);
        grown.set(this.#values);
        this.#values = grown;
      }
      this.#values[this.#count - 1] = value;
    }
  }

  stats(): FittedNumericStats {
    if (this.#count === 0) return { count: 0, missing: this.#missing, mean: null, std: null, min: null, max: null, median: null };
    return {
      count: this.#count,
      missing: this.#missing,
      mean: this.#mean,
      std: Math.sqrt(Math.max(0, this.#m2) / this.#count),
      min: this.#min,
      max: this.#max,
      median: this.#values ? median(this.#values.subarray(0, this.#count)) : null,
    };
  }
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
