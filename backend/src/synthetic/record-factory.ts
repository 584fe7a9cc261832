import type { SeededRandom } from './seeded-random.ts';

/** Makes the records of one object for a data set; the generator loop is the same for every object. */
export interface RecordFactory<R> {
  /** Record number `index` of the data set, flaws applied; the same index always gives the same record. */
  create(index: number): R;
  /** A later version of a record, as a second export would show it: same Id and outcome, some fields changed. */
  revise(record: R, random: SeededRandom): R;
}
