import type { FeatureMatrix } from '../src/features/index.ts';
import type { OutputFeature } from '../src/features/output-features.ts';
import { trainGbdt } from '../src/training/gbdt/index.ts';
import { serveParent } from './child-process.ts';
import { cpuSeconds, sampleMemory, type MemoryPeaks } from './memory-sampler.ts';

/**
 * The case of training-memory.bench.ts, in a process of its own so that its peak memory is that of
 * the training alone: `run` with `{ rows, seed }` builds a synthetic FeatureMatrix in this process
 * and trains GBDT on it with the default parameters, answering a TrainingMemoryResult.
 */

const NUMERIC_FEATURES = 40;
const CATEGORICAL_FEATURES = 10;
const CATEGORY_CODES = 20;
const VALIDATION_SHARE = 0.1;

/** The parent imports only types from this file: importing its values would start serving. */
export interface TrainingMemoryResult {
  rows: number;
  features: number;
  numericFeatures: number;
  categoricalFeatures: number;
  categoryCodes: number;
  validationShare: number;
  positives: number;
  /** Bytes of the matrix's own typed arrays (columns + labels). */
  matrixBytes: number;
  buildSeconds: number;
  /** RSS and heap right after the matrix was built, before training. */
  rssAfterBuild: number;
  heapAfterBuild: number;
  fitSeconds: number;
  cpuSeconds: number;
  roundsTrained: number;
  bestRound: number;
  stoppedEarly: boolean;
  trainRowCount: number;
  validationRowCount: number;
  finalValidationLoss: number | null;
  /** Peaks over build + fit (whole case) and over the fit alone. */
  memoryWhole: MemoryPeaks;
  memoryFit: MemoryPeaks;
}

/** sfc32, seeded: the same matrix on every machine. */
function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

function feature(name: string, kind: 'numeric' | 'categorical', categories: string[] | null): OutputFeature {
  return { name, kind, role: kind === 'numeric' ? 'value' : 'codes', feature: name, sourceColumns: [name], categories, otherCode: null, category: null };
}

/**
 * 40 numeric columns (standard normal; columns i % 4 === 0 have ~10% NaN, the others ~1%) and 10
 * categorical columns of 20 codes (~2% NaN). Labels from a logistic model of 5 numeric features and
 * 2 categorical ones (a fixed effect per code).
 */
function buildMatrix(rows: number, seed: number): FeatureMatrix {
  const random = seededRandom(seed);
  const gaussian = () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const features: OutputFeature[] = [];
  const columns: Float64Array[] = [];
  for (let j = 0; j < NUMERIC_FEATURES; j++) {
    features.push(feature(`num${j}`, 'numeric', null));
    const column = new Float64Array(rows);
    const missingRate = j % 4 === 0 ? 0.1 : 0.01;
    for (let i = 0; i < rows; i++) column[i] = random() < missingRate ? Number.NaN : gaussian();
    columns.push(column);
  }
  const categories = Array.from({ length: CATEGORY_CODES }, (_, code) => `c${code}`);
  for (let j = 0; j < CATEGORICAL_FEATURES; j++) {
    features.push(feature(`cat${j}`, 'categorical', categories));
    const column = new Float64Array(rows);
    for (let i = 0; i < rows; i++) column[i] = random() < 0.02 ? Number.NaN : Math.floor(random() * CATEGORY_CODES);
    columns.push(column);
  }
  const effects = [Float64Array.from(categories, () => gaussian() * 0.8), Float64Array.from(categories, () => gaussian() * 0.5)];
  const weights = [0.9, -0.7, 0.5, 0.4, -0.3];
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = -1;
    for (let k = 0; k < weights.length; k++) {
      const x = columns[k]![i]!;
      if (!Number.isNaN(x)) z += weights[k]! * x;
    }
    // A non-linear term, so that trees have something beyond the linear part to find.
    const x5 = columns[5]![i]!;
    if (!Number.isNaN(x5)) z += 0.5 * (x5 * x5 - 1);
    for (let k = 0; k < effects.length; k++) {
      const code = columns[NUMERIC_FEATURES + k]![i]!;
      if (!Number.isNaN(code)) z += effects[k]![code]!;
    }
    labels[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { rowCount: rows, features, columns, labels, problems: [], problemCount: 0 };
}

interface RunRequest {
  rows: number;
  seed: number;
}

async function runCase({ rows, seed }: RunRequest): Promise<TrainingMemoryResult> {
  const whole = sampleMemory(100);
  const buildStarted = performance.now();
  const matrix = buildMatrix(rows, seed);
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  const afterBuild = process.memoryUsage();
  let positives = 0;
  for (const label of matrix.labels!) positives += label;

  // The last 10% of rows (in row order; the generator is i.i.d.) are the validation slice.
  const validationCount = Math.round(rows * VALIDATION_SHARE);
  const trainCount = rows - validationCount;
  const trainRows = new Int32Array(trainCount);
  for (let i = 0; i < trainCount; i++) trainRows[i] = i;
  const validationRows = new Int32Array(validationCount);
  for (let i = 0; i < validationCount; i++) validationRows[i] = trainCount + i;

  const fit = sampleMemory(100);
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  const result = await trainGbdt(matrix, {
    rows: trainRows,
    validationRows,
    onRound: (progress) => {
      if (progress.round % 10 === 0) process.stderr.write(`[training-memory child] round ${progress.round}, validation loss ${progress.validationLoss?.toFixed(5)}\n`);
    },
  });
  const fitSeconds = (performance.now() - started) / 1000;
  const fitCpu = cpuSeconds() - cpuBefore;
  const memoryFit = fit.stop();
  const memoryWhole = whole.stop();
  const matrixBytes = matrix.columns.reduce((sum, column) => sum + column.byteLength, 0) + matrix.labels!.byteLength;
  return {
    rows,
    features: matrix.features.length,
    numericFeatures: NUMERIC_FEATURES,
    categoricalFeatures: CATEGORICAL_FEATURES,
    categoryCodes: CATEGORY_CODES,
    validationShare: VALIDATION_SHARE,
    positives,
    matrixBytes,
    buildSeconds,
    rssAfterBuild: afterBuild.rss,
    heapAfterBuild: afterBuild.heapUsed,
    fitSeconds,
    cpuSeconds: fitCpu,
    roundsTrained: result.roundsTrained,
    bestRound: result.bestRound,
    stoppedEarly: result.stoppedEarly,
    trainRowCount: result.trainRowCount,
    validationRowCount: result.validationRowCount,
    finalValidationLoss: result.history.at(-1)?.validationLoss ?? null,
    memoryWhole,
    memoryFit,
  };
}

serveParent({ run: (message) => runCase(message as unknown as RunRequest) });
