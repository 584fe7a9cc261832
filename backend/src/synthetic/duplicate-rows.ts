/**
 * Repeats of earlier rows, as overlapping or repeated exports produce them: exact copies, and later
 * versions of a record under the same Id. Repeats are taken from a window of recent rows rather
 * than from the whole data set, which keeps memory bounded while still placing most copies away
 * from their originals (and often in another batch).
 */
import type { QuirkOptions } from './quirk-options.ts';
import { RANDOM_STREAMS } from './random-streams.ts';
import type { RecordFactory } from './record-factory.ts';
import { SeededRandom } from './seeded-random.ts';

const WINDOW_ROWS = 512;

export interface DuplicateRows<R> {
  /** A repeat to output in place of a new record, or undefined to output a new record. */
  repeat(): R | undefined;
  /** Makes an output row available for later repeats. */
  remember(record: R): void;
}

export function createDuplicateRows<R extends object>(seed: number, quirks: QuirkOptions, factory: RecordFactory<R>): DuplicateRows<R> {
  const repeatShare = quirks.exactDuplicates + quirks.duplicateIds;
  const random = new SeededRandom(seed, RANDOM_STREAMS.duplicates, 0);
  const recent: R[] = [];
  let oldest = 0;
  return {
    repeat() {
      if (repeatShare === 0 || recent.length === 0) return undefined;
      const draw = random.next();
      if (draw >= repeatShare) return undefined;
      const original = recent[random.int(recent.length)] as R;
      return draw < quirks.exactDuplicates ? { ...original } : factory.revise(original, random);
    },
    remember(record) {
      if (repeatShare === 0) return;
      if (recent.length < WINDOW_ROWS) {
        recent.push(record);
      } else {
        recent[oldest] = record;
        oldest = (oldest + 1) % WINDOW_ROWS;
      }
    },
  };
}
