import { fileURLToPath } from 'node:url';
import { positiveNumberFromEnv, type BenchContext, type BenchResult, type Cell } from './benchmark.ts';
import { forkChild } from './child-process.ts';
import type { TrainingMemoryResult } from './training-memory.child.ts';
import { toMiB } from './memory-sampler.ts';

/**
 * Issue 4: "Training on 1,000,000 rows x 50 features stays under 4 GB of memory." Builds a
 * synthetic 50-feature FeatureMatrix in a fresh child process (training-memory.child.ts) and
 * trains GBDT on it with the default parameters (100 rounds, early stopping on a 10% validation
 * slice of the same matrix given through `validationRows`), sampling the child's memory.
 * BENCH_TRAIN_ROWS sets the row count (default 1,000,000).
 */

export const name = 'training-memory';

const CHILD_SCRIPT = fileURLToPath(new URL('./training-memory.child.ts', import.meta.url));
const SEED = 20_261_127;
const LIMIT_BYTES = 4 * 1024 ** 3;

export async function run({ progress }: BenchContext): Promise<BenchResult> {
  const rows = positiveNumberFromEnv('BENCH_TRAIN_ROWS', 1_000_000);
  if (!Number.isSafeInteger(rows)) throw new Error(`BENCH_TRAIN_ROWS must be a whole number (got ${rows})`);
  progress(`building ${rows.toLocaleString('en')} × 50 and training GBDT in a child process`);
  const child = forkChild(CHILD_SCRIPT);
  let result: TrainingMemoryResult;
  try {
    result = await child.request<TrainingMemoryResult>('run', { rows, seed: SEED }, 1_800_000);
  } finally {
    await child.stop();
  }
  const { numericFeatures: NUMERIC_FEATURES, categoricalFeatures: CATEGORICAL_FEATURES, categoryCodes: CATEGORY_CODES, validationShare: VALIDATION_SHARE } = result;
  progress(`fit ${result.fitSeconds.toFixed(1)} s, ${result.roundsTrained} rounds`);

  const { memoryWhole: whole, memoryFit: fit } = result;
  // The kernel's high-water mark catches peaks between samples (the sampler only runs between rounds).
  const peakRss = Math.max(whole.peakRss, whole.processMaxRss);
  const verdict = peakRss < LIMIT_BYTES ? 'PASS' : 'FAIL';
  const table: Cell[][] = [
    ['rows × features', `${result.rows.toLocaleString('en')} × ${result.features}`],
    ['matrix size MiB (columns + labels, Float64Array)', toMiB(result.matrixBytes)],
    ['RSS after building the matrix MiB', toMiB(result.rssAfterBuild)],
    ['heap after building the matrix MiB', toMiB(result.heapAfterBuild)],
    ['peak RSS during fit MiB (sampled)', toMiB(fit.peakRss)],
    ['RSS growth during fit MiB (sampled peak − RSS at fit start)', toMiB(fit.peakRss - fit.rssAtStart)],
    ['peak heap used during fit MiB (sampled)', toMiB(fit.peakHeapUsed)],
    ['peak external + array buffers during fit MiB (sampled)', toMiB(fit.peakExternal)],
    ['kernel max RSS of the child MiB', toMiB(whole.processMaxRss)],
    ['fit wall s', result.fitSeconds],
    ['fit CPU s', result.cpuSeconds],
    ['s per round', result.fitSeconds / result.roundsTrained],
    ['rounds trained / best round', `${result.roundsTrained} / ${result.bestRound}${result.stoppedEarly ? ' (stopped early)' : ''}`],
    ['train / validation rows', `${result.trainRowCount.toLocaleString('en')} / ${result.validationRowCount.toLocaleString('en')}`],
    ['final validation log loss', result.finalValidationLoss === null ? '-' : result.finalValidationLoss.toFixed(5)],
    [`peak RSS < 4 GiB (${(LIMIT_BYTES / 1024 ** 3).toFixed(0)} GiB)`, `${verdict} (${toMiB(peakRss).toFixed(0)} MiB)`],
  ];
  return {
    title: `Training memory: GBDT on ${result.rows.toLocaleString('en')} rows × ${result.features} features`,
    columns: ['measure', 'value'],
    rows: table,
    notes: [
      `Matrix: built directly in the child (no CSV, no feature spec), seeded sfc32 (seed ${SEED}), ${NUMERIC_FEATURES} numeric columns (standard normal; every 4th ~10% NaN, the others ~1%) and ${CATEGORICAL_FEATURES} categorical columns of ${CATEGORY_CODES} codes (~2% NaN); labels drawn from a logistic model of 5 numeric features, one squared term and 2 categorical effects (${((100 * result.positives) / result.rows).toFixed(1)}% positive). Built in ${result.buildSeconds.toFixed(1)} s, not part of the fit. BENCH_TRAIN_ROWS sets the row count.`,
      `Training: trainGbdt with default parameters (100 rounds, 31 leaves, 255 bins, early stopping after 10 rounds), on the first ${(100 * (1 - VALIDATION_SHARE)).toFixed(0)}% of rows through \`rows\` and the last ${(100 * VALIDATION_SHARE).toFixed(0)}% through \`validationRows\` (no copy of the matrix). Logistic regression is not measured here.`,
      `Memory: process.memoryUsage() every 100 ms in the child. trainGbdt yields to the event loop only between rounds, so samples land between rounds (largest gap ${fit.maxGapMs.toFixed(0)} ms, ${fit.samples} samples during the fit); the kernel max RSS (process.resourceUsage().maxRSS) is the true high-water mark of the whole child, matrix build included, and the PASS/FAIL verdict uses the larger of it and the sampled peak. MiB = 2^20 bytes; the 4 GB limit is read as 4 GiB (4,096 MiB).`,
      'This machine is shared and noisy: timings are rough.',
    ],
  };
}
