import { SeededRandom } from '../../synthetic/index.ts';

/**
 * Shuffles row indices in place (Fisher-Yates) with the project's seeded generator, so that the
 * same seed gives the same order on every machine and Node.js version; Math.random cannot be seeded.
 * `stream` keeps independent shuffles of one split (positives, negatives) from sharing draws.
 */
export function shuffleInPlace(rows: Int32Array, seed: number, stream: number): Int32Array {
  const random = new SeededRandom(seed, stream);
  for (let last = rows.length - 1; last > 0; last -= 1) {
    const other = random.int(last + 1);
    const value = rows[last]!;
    rows[last] = rows[other]!;
    rows[other] = value;
  }
  return rows;
}
