import type { FeatureMatrix } from '../../features/index.ts';
import { binMatrix, type BinnedMatrix } from './binned-matrix.ts';
import { featureImportance, type FeatureImportance } from './feature-importance.ts';
import { parseGbdtParams, type GbdtParams, type GbdtParamsInput } from './gbdt-params.ts';
import { labeledRows } from './labeled-rows.ts';
import { computeGradients, logOdds } from './log-loss.ts';
import { SeededRandom } from './seeded-random.ts';
import { sampleFeatures, sampleRows } from './subsampling.ts';
import { binnedLeafValue, exportTree } from './tree-export.ts';
import { createTreeGrower, type GrownNode } from './tree-grower.ts';
import { TREE_MODEL_FORMAT, TREE_MODEL_FORMAT_VERSION, type Tree, type TreeModel } from './tree-model.ts';
import { createValidationMonitor } from './validation-monitor.ts';

export interface GbdtRoundProgress {
  /** 1 for the first tree. */
  round: number;
  rounds: number;
  trainLoss: number;
  /** Null without a validation set. */
  validationLoss: number | null;
  /** The round with the lowest validation loss so far (the last round without a validation set). */
  bestRound: number;
}

export interface TrainGbdtOptions {
  params?: GbdtParamsInput;
  /** Train on these rows of the matrix only (a split's training rows, such as a fold's); default all. */
  rows?: Int32Array;
  /**
   * Rows held out for early stopping: a matrix of the same features, or with `validationRows` alone
   * those rows of the training matrix (a fold's validation rows).
   */
  validation?: FeatureMatrix;
  /** The rows of `validation` (or of the training matrix) to validate on; default all. */
  validationRows?: Int32Array;
  /** Called after every round; training waits for it. */
  onRound?: (progress: GbdtRoundProgress) => void;
  /** Checked between rounds; an aborted training throws the signal's reason. */
  signal?: AbortSignal;
}

export interface GbdtTrainingResult {
  model: TreeModel;
  params: GbdtParams;
  /**
   * Trees in the model: with a validation set and early stopping, the round of the lowest
   * validation loss (later trees are dropped); otherwise every round trained.
   */
  bestRound: number;
  roundsTrained: number;
  stoppedEarly: boolean;
  history: GbdtRoundProgress[];
  importance: FeatureImportance[];
  /** The booster's own score of each training matrix row with the model's trees; NaN for rows it did not train on. */
  trainRawScores: Float64Array;
  trainRowCount: number;
  /** Training rows left out because their label was missing. */
  unlabeledRowCount: number;
  validationRowCount: number;
  /** Where histograms were built: 'webassembly', or 'javascript' where WebAssembly could not be used (histogram-workspace.ts). */
  histogramBuilder: 'webassembly' | 'javascript';
}

/**
 * Trains gradient-boosted trees for a binary outcome on a feature matrix (see README.md in this
 * folder). Asynchronous only so that it yields to the event loop between rounds: a job's
 * heartbeat, a cancellation and a timeout get their turn while a long training runs.
 */
export async function trainGbdt(train: FeatureMatrix, options: TrainGbdtOptions = {}): Promise<GbdtTrainingResult> {
  const params = parseGbdtParams(options.params ?? {});
  const signal = options.signal;
  signal?.throwIfAborted();
  const labeled = labeledRows(train, 'training', options.rows);
  const rowCount = labeled.rows.length;
  const baseScore = logOdds(labeled.positives, rowCount);
  const hasValidation = options.validation !== undefined || options.validationRows !== undefined;
  const stopsEarly = hasValidation && params.earlyStoppingRounds !== null;
  const random = new SeededRandom(params.seed);
  // The grower may move the bins into its histogram workspace; from here on its copy is the one.
  const grower = createTreeGrower(binMatrix(train, labeled.rows, params, random), params);
  const { binned, gradients } = grower;
  const validation = hasValidation
    ? createValidationMonitor(train.features, binned.features, options.validation ?? train, options.validationRows, baseScore, stopsEarly ? rowCount : 0)
    : null;
  const featureCount = train.features.length;

  const scores = new Float64Array(rowCount).fill(baseScore);
  const outOfBag = new Uint32Array(params.rowSubsample < 1 ? rowCount : 0);
  const featureScratch = new Int32Array(featureCount);
  const trees: Tree[] = [];
  const history: GbdtRoundProgress[] = [];
  let stoppedEarly = false;

  computeGradients(scores, labeled.labels, gradients);
  for (let round = 1; round <= params.rounds; round++) {
    signal?.throwIfAborted();
    const bagCount = sampleRows(random, params.rowSubsample, rowCount, grower.rows, outOfBag);
    const features = sampleFeatures(random, params.colSubsample, featureCount, featureScratch);
    const nodes = grower.grow(bagCount, features);
    addTreeScores(nodes, grower.rows, outOfBag.subarray(0, rowCount - bagCount), binned, scores);
    const tree = exportTree(nodes, binned);
    trees.push(tree);

    const validationLoss = validation ? validation.addTree(nodes, round, scores) : null;
    const bestRound = validation ? validation.bestRound : round;
    // The next round's gradients come with this round's training loss.
    const trainLoss = computeGradients(scores, labeled.labels, gradients);
    const progress: GbdtRoundProgress = { round, rounds: params.rounds, trainLoss, validationLoss, bestRound };
    history.push(progress);
    options.onRound?.(progress);
    if (stopsEarly && round - bestRound >= params.earlyStoppingRounds!) {
      stoppedEarly = round < params.rounds;
      break;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  const roundsTrained = history.length;
  const keptRounds = stopsEarly ? validation!.bestRound : roundsTrained;
  const model: TreeModel = {
    format: TREE_MODEL_FORMAT,
    formatVersion: TREE_MODEL_FORMAT_VERSION,
    objective: 'binary-logistic',
    baseScore,
    learningRate: params.learningRate,
    features: train.features.map((feature) => ({ name: feature.name, kind: feature.kind, categories: feature.categories ? [...feature.categories] : null })),
    trees: trees.slice(0, keptRounds),
  };
  const keptScores = keptRounds < roundsTrained ? validation!.bestTrainScores : scores;
  const trainRawScores = new Float64Array(train.rowCount).fill(Number.NaN);
  labeled.rows.forEach((row, index) => {
    trainRawScores[row] = keptScores[index]!;
  });
  return {
    model,
    params,
    bestRound: keptRounds,
    roundsTrained,
    stoppedEarly,
    history,
    importance: featureImportance(model),
    trainRawScores,
    trainRowCount: rowCount,
    unlabeledRowCount: labeled.unlabeledCount,
    validationRowCount: validation?.rowCount ?? 0,
    histogramBuilder: grower.histogramBuilder,
  };
}

/**
 * Adds a new tree's leaf values to the training scores. Rows the tree was grown on sit in its
 * leaves' slices of the row buffer; rows left out of its sample are routed by their bins.
 */
function addTreeScores(nodes: readonly GrownNode[], rows: Uint32Array, outOfBag: Uint32Array, binned: BinnedMatrix, scores: Float64Array): void {
  for (const node of nodes) {
    if (node.feature >= 0) continue;
    for (let index = node.begin; index < node.end; index++) scores[rows[index]!]! += node.value;
  }
  for (const row of outOfBag) scores[row]! += binnedLeafValue(nodes, binned, row);
}
