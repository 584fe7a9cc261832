import type { Cell, TableStream } from '../../../datasets/table.ts';

/** A small table in memory, readable any number of times, in batches of `batchSize` rows. */
export function memoryTable(columns: string[], rows: Cell[][], batchSize = 250): () => TableStream {
  return () => ({
    columns,
    batches: (async function* () {
      for (let start = 0; start < rows.length; start += batchSize) yield rows.slice(start, start + batchSize);
    })(),
  });
}

/**
 * `rows` rows of a numeric signal `x`, a category `c`, an empty column `blank` and the outcome `y`
 * (yes/no), with `positives` of them positive (`rows` must not be a multiple of 37); positives have higher `x`, so a model finds them.
 */
export function signalRows(rows: number, positives: number): { columns: string[]; rows: Cell[][] } {
  const out: Cell[][] = [];
  for (let row = 0; row < rows; row++) {
    // Multiplying by a number prime to `rows` permutes the rows: exactly `positives` are positive, spread out.
    const positive = (row * 37) % rows < positives;
    const noise = ((row * 7919) % 1000) / 1000;
    out.push([String((positive ? 1 : 0) + 2 * noise), ['a', 'b', 'c'][row % 3]!, null, positive ? 'yes' : 'no']);
  }
  return { columns: ['x', 'c', 'blank', 'y'], rows: out };
}
